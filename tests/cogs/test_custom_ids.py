"""Every persistent button's custom_id fits Discord's 100 characters with the longest ids a deck allows,
and parses back to what it was built from."""

import re

import pytest

from bot.cogs.drill.views import SUBMIT_TEMPLATE as DRILL_SUBMIT
from bot.cogs.drill.views import DrillButton
from bot.cogs.explain.views import SUBMIT_TEMPLATE as EXPLAIN_SUBMIT
from bot.cogs.explain.views import AnswerButton, AppealButton
from bot.cogs.flashcard.views import RateButton, RevealButton
from bot.cogs.quiz.views import OptionButton
from bot.core.deck import CARD_ID_MAX, DECK_ID_MAX
from bot.core.srs import FlashRating

DECK = "d" * (DECK_ID_MAX - 1) + "9"
CARD = "c-" * (CARD_ID_MAX // 2 - 1) + "z9"


@pytest.mark.parametrize(
    "item",
    [
        RevealButton(DECK, CARD),
        *(RateButton(DECK, CARD, rating) for rating in FlashRating),
        OptionButton(DECK, CARD, 9, "x" * 200),
        AnswerButton(DECK, CARD),
        AppealButton(2**63 - 1),
        DrillButton("answer", "ffffffff", 25),
        DrillButton("rate", "ffffffff", 25, "again"),
    ],
)
def test_custom_ids_fit_and_match_their_template(item) -> None:  # type: ignore[no-untyped-def]
    custom_id = item.item.custom_id
    assert len(DECK) == DECK_ID_MAX and len(CARD) == CARD_ID_MAX
    assert custom_id.startswith("recall:") and len(custom_id) <= 100
    assert type(item).__discord_ui_compiled_template__.fullmatch(custom_id)
    assert len(item.item.label) <= 80


def test_forms_fit() -> None:
    explain = f"recall:explain:submit:{DECK}:{CARD}"
    assert len(explain) <= 100 and re.fullmatch(EXPLAIN_SUBMIT, explain)
    assert re.fullmatch(DRILL_SUBMIT, "recall:drill:submit:0badc0de:12")


def test_templates_do_not_overlap() -> None:
    reveal = f"recall:flash:reveal:{DECK}:{CARD}"
    assert not RateButton.__discord_ui_compiled_template__.fullmatch(reveal)
    assert not OptionButton.__discord_ui_compiled_template__.fullmatch(f"recall:quiz:pick:{DECK}:{CARD}:10")


def test_keyword_offer_menus_fit_and_do_not_overlap_the_review_buttons() -> None:
    from bot.cogs.admin.keyword_offer import KeywordSelect, offer_selects
    from bot.cogs.admin.views import ReviewButton
    from bot.services.records import OfferedKeyword

    words = tuple(OfferedKeyword(slot, n, "c" * 100, "w" * 80) for slot in range(5) for n in range(30))
    selects = offer_selects(2**63 - 1, words)
    assert len(selects) == 4  # four concepts at most, one row each
    for select in selects:
        menu = select.item
        assert len(menu.custom_id) <= 100 and KeywordSelect.__discord_ui_compiled_template__.fullmatch(menu.custom_id)
        assert len(menu.options) == 25 and len(menu.placeholder or "") <= 150
        assert all(len(o.label) <= 100 and o.value.isdigit() for o in menu.options)
        assert not ReviewButton.__discord_ui_compiled_template__.fullmatch(menu.custom_id)
