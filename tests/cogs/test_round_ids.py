"""Round button ids are attacker input: only the strict forms parse, and they carry numbers only."""

from __future__ import annotations

import re

import pytest

from bot.cogs.rounds.views import BUTTON_TEMPLATE, SUBMIT_TEMPLATE, RoundButton, custom_id


@pytest.mark.parametrize("forged", [
    "recall:round:12:3:c10", "recall:round:12:3:j5", "recall:round:12:3:j0", "recall:round:12:100:c1",
    "recall:round:x1:3:c1", "recall:round:-1:3:c1", "recall:round:12:3:c1:extra", "recall:round:12:3",
    "recall:round:1234567890123456:3:c1", "recall:round:12:3:os", "recall:round:12:3:zz", "recall:round::3:c1",
])
def test_forged_ids_match_no_button(forged: str) -> None:
    assert re.fullmatch(BUTTON_TEMPLATE, forged) is None


async def test_ids_round_trip_and_carry_only_numbers() -> None:
    button = RoundButton(987654321, 49, "c7", "A. option")
    assert button.item.custom_id == custom_id(987654321, 49, "c7") == "recall:round:987654321:49:c7"
    match = re.fullmatch(BUTTON_TEMPLATE, button.item.custom_id)
    assert match is not None
    parsed = await RoundButton.from_custom_id(None, None, match)  # type: ignore[arg-type]
    assert (parsed.round_id, parsed.position, parsed.verb) == (987654321, 49, "c7")
    assert re.fullmatch(SUBMIT_TEMPLATE, custom_id(5, 0, "os")) is not None
    assert len(custom_id(10**15 - 1, 49, "rv")) <= 100


def test_cloze_answer_ids_are_strict() -> None:
    assert re.fullmatch(BUTTON_TEMPLATE, custom_id(5, 0, "za")) is not None  # Answer on a cloze gap
    match = re.fullmatch(SUBMIT_TEMPLATE, custom_id(5, 0, "zs"))
    assert match is not None and match["form"] == "zs"
    for forged in ("recall:round:5:0:zs", "recall:round:5:0:zb"):
        assert re.fullmatch(BUTTON_TEMPLATE, forged) is None
    for forged in ("recall:round:5:0:za", "recall:round:5:0:zs:c1", "recall:round:5:0:z1"):
        assert re.fullmatch(SUBMIT_TEMPLATE, forged) is None
