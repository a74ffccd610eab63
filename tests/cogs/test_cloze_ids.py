"""Cloze gap custom_ids: within Discord's 100 characters at the longest ids a deck allows, read back exactly
(deck, card, gap number, rating, owner, `:s`), and strict: a gap number outside 1-99, a leading zero, a gap
id in the card slot or a second gap never matches any button."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.cogs.card_ids import CardTarget, owned_id
from bot.cogs.cloze.views import SUBMIT, SUBMIT_TEMPLATE, GapRateButton, GapRevealButton, GapTypeButton
from bot.cogs.drill.views import DrillButton
from bot.cogs.explain.views import AnswerButton
from bot.cogs.flashcard.views import RateButton, RevealButton
from bot.cogs.quiz.views import OptionButton
from bot.core.deck import CARD_ID_MAX, DECK_ID_MAX
from bot.core.srs import FlashRating

DECK = "d" * (DECK_ID_MAX - 1) + "9"
CARD = "c-" * (CARD_ID_MAX // 2 - 1) + "z9"
BIGGEST_OWNER = 2**64 - 1
BUTTONS: list[Any] = [GapRevealButton, GapRateButton, GapTypeButton]
OTHERS: list[Any] = [RevealButton, RateButton, OptionButton, AnswerButton, DrillButton]


async def parse(item: Any, custom_id: str) -> Any:
    match = item.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match, custom_id
    return await item.from_custom_id(None, None, match)


def builds() -> list[Any]:
    made: list[Any] = []
    for number in (1, 9, 10, 99):
        for owner in (None, BIGGEST_OWNER, 1):
            for scheduled in ((False, True) if owner is None else (False,)):
                made.append(GapRevealButton(DECK, CARD, number, scheduled=scheduled, owner=owner))
                made.append(GapTypeButton(DECK, CARD, number, scheduled=scheduled, owner=owner))
                made.extend(GapRateButton(DECK, CARD, rating, number, scheduled=scheduled, owner=owner)
                            for rating in FlashRating)
    return made


async def test_every_gap_button_fits_and_reads_back_what_it_names() -> None:
    for item in builds():
        custom_id = item.item.custom_id
        assert len(custom_id) <= 100 and custom_id.startswith("recall:"), custom_id
        matching = [cls for cls in BUTTONS + OTHERS if cls.__discord_ui_compiled_template__.fullmatch(custom_id)]
        assert matching == [type(item)], custom_id
        parsed = await parse(type(item), custom_id)
        assert (parsed.deck_id, parsed.card_id, parsed.number, parsed.owner, parsed.scheduled) == (
            item.deck_id, item.card_id, item.number, item.owner, item.scheduled)
        if isinstance(item, GapRateButton):
            assert parsed.rating is item.rating


def test_the_typing_form_fits_and_reads_back() -> None:
    for owner in (None, BIGGEST_OWNER):
        form = SUBMIT.custom_id(CardTarget(DECK, CARD, owner), (99,))
        assert len(form) <= 100
        match = re.fullmatch(SUBMIT_TEMPLATE, form)
        assert match is not None
        said = SUBMIT.read(match)
        assert (said.target.deck_id, said.target.card_id, said.target.owner, said.values) == (DECK, CARD, owner, (99,))


@pytest.mark.parametrize("forged", [
    "recall:cloze:reveal:shared:k1:0", "recall:cloze:reveal:shared:k1:100", "recall:cloze:reveal:shared:k1:07",
    "recall:cloze:reveal:shared:k1:c1", "recall:cloze:reveal:shared:k1:c1:1", "recall:cloze:reveal:shared:k1",
    "recall:cloze:good:shared:k1:1:2", "recall:cloze:type:shared:k1:-1", "recall:cloze:peek:shared:k1:1",
    owned_id("z0v", 1001, "shared", "k1"), owned_id("z100v", 1001, "shared", "k1"), owned_id("z1x", 1001, "shared", "k1"),
    owned_id("zv", 1001, "shared", "k1"),
])
def test_forged_gap_ids_match_nothing(forged: str) -> None:
    assert not any(cls.__discord_ui_compiled_template__.fullmatch(forged) for cls in BUTTONS + OTHERS), forged
    assert not re.fullmatch(SUBMIT_TEMPLATE, forged.replace(":reveal:", ":submit:"))
