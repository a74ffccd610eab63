"""A scheduled post's buttons carry the `:s` flag (answers recorded as "scheduled"); buttons and forms
posted before the flag existed still parse, as a slash drill; every id fits Discord's 100 characters
with the longest deck and card ids."""

from __future__ import annotations

import random
import re
from types import SimpleNamespace
from typing import Any

import pytest

from bot.cogs.common import is_scheduled, origin_suffix, source_of
from bot.cogs.explain.views import SUBMIT_TEMPLATE, AnswerButton
from bot.cogs.flashcard.views import RateButton, RevealButton, rating_key, rating_view
from bot.cogs.quiz.views import OptionButton
from bot.cogs.schedule.publisher import render
from bot.core.deck import CARD_ID_MAX, DECK_ID_MAX
from bot.core.srs import FlashRating
from tests.cogs.test_schedule import outgoing

DECK = "d" * (DECK_ID_MAX - 1) + "9"
CARD = "c-" * (CARD_ID_MAX // 2 - 1) + "z9"

ITEMS = [
    lambda scheduled: RevealButton(DECK, CARD, scheduled=scheduled),
    *(lambda scheduled, r=rating: RateButton(DECK, CARD, r, scheduled=scheduled) for rating in FlashRating),
    lambda scheduled: OptionButton(DECK, CARD, 9, "x" * 200, scheduled=scheduled),
    lambda scheduled: AnswerButton(DECK, CARD, scheduled=scheduled),
]


@pytest.mark.parametrize("make", ITEMS)
@pytest.mark.parametrize("scheduled", [False, True])
def test_flagged_ids_fit_and_parse_back(make: Any, scheduled: bool) -> None:
    item = make(scheduled)
    custom_id = item.item.custom_id
    assert len(custom_id) <= 100, (len(custom_id), custom_id)
    assert custom_id.endswith(":s") == scheduled
    match = type(item).__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None and is_scheduled(match) == scheduled
    assert match["deck"] == DECK and match["card"] == CARD


def test_the_longest_ids_leave_the_flag_room() -> None:
    longest = max(len(make(True).item.custom_id) for make in ITEMS)
    form = f"recall:explain:submit:{DECK}:{CARD}{origin_suffix(True)}"
    assert longest == len(form) == 97  # explain: 22 + 32 + 1 + 40 + 2
    match = re.fullmatch(SUBMIT_TEMPLATE, form)
    assert match is not None and is_scheduled(match) and match["card"] == CARD


@pytest.mark.parametrize("old_id", [
    "recall:flash:reveal:deck-1:card-2",
    "recall:flash:good:deck-1:card-2",
    "recall:quiz:pick:deck-1:card-2:3",
    "recall:explain:answer:deck-1:card-2",
])
def test_ids_posted_before_the_flag_still_parse_as_drill(old_id: str) -> None:
    templates = [cls.__discord_ui_compiled_template__ for cls in (RevealButton, RateButton, OptionButton, AnswerButton)]
    (match,) = [m for m in (t.fullmatch(old_id) for t in templates) if m]
    assert not is_scheduled(match) and source_of(is_scheduled(match)) == "drill"
    old_form = re.fullmatch(SUBMIT_TEMPLATE, "recall:explain:submit:deck-1:card-2")
    assert old_form is not None and not is_scheduled(old_form)


def test_other_suffixes_are_not_taken_for_the_flag() -> None:
    for bad in ("recall:flash:reveal:deck:card:x", "recall:flash:reveal:deck:card:s:s", "recall:quiz:pick:d:c:3:"):
        assert not any(cls.__discord_ui_compiled_template__.fullmatch(bad) for cls in (RevealButton, OptionButton))


def test_a_scheduled_reveal_passes_the_flag_to_its_ratings() -> None:
    ids = [item.custom_id for item in rating_view("deck", "card", scheduled=True, guild_id=1).children]  # type: ignore[attr-defined]
    ratings, report = ids[:4], ids[4:]
    assert all(i.endswith(":s") for i in ratings)
    assert report == ["recall:report:ask:deck:card"]  # a report is the same wherever the card was shown
    # a built-in deck's card in a DM has no server's queue to report to: no Report button there
    assert [c.custom_id for c in rating_view("deck", "card", scheduled=True).children] == ratings  # type: ignore[attr-defined]
    assert not any(i.endswith(":s") for i in [c.custom_id for c in rating_view("deck", "card").children])  # type: ignore[attr-defined]


def message(message_id: int, interacted: int | None) -> Any:
    metadata = None if interacted is None else SimpleNamespace(interacted_message_id=interacted)
    return SimpleNamespace(id=message_id, interaction_metadata=metadata)


def test_a_scheduled_rating_is_keyed_by_the_public_post() -> None:
    back = message(900, interacted=123)
    assert rating_key(back, scheduled=True) == "flash:123"
    assert rating_key(back, scheduled=False) == "flash:900"  # a drill's reveal can be rated once per back
    assert rating_key(message(901, interacted=None), scheduled=True) == "flash:901"
    assert rating_key(None, scheduled=True) is None


@pytest.mark.parametrize("card_id, form", [("f1", "flashcard"), ("c1", "choice"), ("o1", "open")])
def test_the_publisher_flags_every_button(card_id: str, form: str) -> None:
    view = render(outgoing(card_id, form), random.Random(1))["view"]
    ids = [child.custom_id for child in view.children]
    assert ids and all(i.startswith("recall:") and i.endswith(":s") for i in ids)
