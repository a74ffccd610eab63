"""Buttons already posted keep working: every custom_id form the bot ever posted parses with today's
templates, and a card button without an owner means "the deck of that id where the click happens".
The owned form (a server's deck shown in a DM) fits Discord's 100 characters and names its owner."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.app.wiring import open_services
from bot.cogs.admin.keyword_offer import KeywordSelect
from bot.cogs.admin.views import ReviewButton
from bot.cogs.card_ids import button_owner, owned_id, to_base36
from bot.cogs.cloze.views import SUBMIT_TEMPLATE as CLOZE_SUBMIT
from bot.cogs.cloze.views import GapRateButton, GapRevealButton, GapTypeButton
from bot.cogs.drill.views import SUBMIT_TEMPLATE as DRILL_SUBMIT
from bot.cogs.drill.views import DrillButton
from bot.cogs.explain.views import SUBMIT_TEMPLATE as EXPLAIN_SUBMIT
from bot.cogs.explain.views import AnswerButton, AppealButton
from bot.cogs.flashcard.views import RateButton, RevealButton
from bot.cogs.mydata.views import DeleteButton
from bot.cogs.quiz.views import OptionButton
from bot.cogs.reports.queue import DismissButton as ReportDismissButton
from bot.cogs.reports.views import NOTE as REPORT_NOTE
from bot.cogs.reports.views import ReasonButton, ReportButton
from bot.cogs.rounds.views import SUBMIT_TEMPLATE as ROUND_SUBMIT
from bot.cogs.rounds.views import RoundButton
from bot.cogs.suggest.views import CARD_FORM as CARD_SAVE
from bot.cogs.suggest.views import EDIT_FORM as SUGGEST_EDIT
from bot.cogs.suggest.views import NEW_FORM as SUGGEST_NEW
from bot.cogs.suggest.views import REJECT_FORM as SUGGEST_REJECT
from bot.cogs.suggest.views import EditCardButton, SuggestionButton, TryAgainButton
from bot.content.isolated import check_texts_here
from bot.core.deck import CARD_ID_MAX, DECK_ID_MAX
from bot.core.errors import UnknownCard
from bot.core.srs import FlashRating
from bot.services.api import UNAVAILABLE, DeckRef, Learner
from tests.services.conftest import NOW, tiny_deck
from tests.services.scoping_decks import shared_deck

# Every card form posted before decks had owners (the `:s` flag marks a scheduled post's buttons), as
# (item class or modal template, custom_id, what it names: deck, card, then the form's own fields).
V1_CARD_FORMS: list[tuple[Any, str, tuple[object, ...]]] = [
    (OptionButton, "recall:quiz:pick:shared:c1:2", ("shared", "c1", 2, False)),
    (OptionButton, "recall:quiz:pick:shared:c1:0:s", ("shared", "c1", 0, True)),
    (RevealButton, "recall:flash:reveal:shared:f1", ("shared", "f1", False)),
    (RevealButton, "recall:flash:reveal:shared:f1:s", ("shared", "f1", True)),
    *((RateButton, f"recall:flash:{r.name.lower()}:shared:f1{s}", ("shared", "f1", r, bool(s)))
      for r in FlashRating for s in ("", ":s")),
    (AnswerButton, "recall:explain:answer:shared:o1", ("shared", "o1", False)),
    (AnswerButton, "recall:explain:answer:shared:o1:s", ("shared", "o1", True)),
    (EXPLAIN_SUBMIT, "recall:explain:submit:shared:o1", ("shared", "o1", False)),
    (EXPLAIN_SUBMIT, "recall:explain:submit:shared:o1:s", ("shared", "o1", True)),
]
# Forms that name no deck (a drill run, an attempt, a member): unchanged, and still read.
V1_OTHER_FORMS: list[tuple[Any, str]] = [
    *((DrillButton, f"recall:drill:{action}:0badc0de:3") for action in ("show", "answer", "next")),
    (DrillButton, "recall:drill:rate:0badc0de:3:again"),
    (DrillButton, "recall:drill:pick:0badc0de:3:2"),
    (DRILL_SUBMIT, "recall:drill:submit:0badc0de:3"),
    (AppealButton, "recall:explain:appeal:12345"),
    (ReviewButton, "recall:appeal:accept:12345"),
    (ReviewButton, "recall:appeal:reject:12345"),
    (KeywordSelect, "recall:appeal:kw:12345:0"),  # (added with the server overlay; no v1 form)
    (DeleteButton, "recall:mydata:delete:101:1767225600"),
    (DeleteButton, "recall:mydata:keep:101:1767225600"),
    # (added with live rounds: a round's id and the question's position; no v1 form)
    *((RoundButton, f"recall:round:12:3:{verb}") for verb in ("c0", "c9", "fr", "fk", "fn", "oa", "me", "rv")),
    (RoundButton, "recall:round:12:0:j4"),
    (ROUND_SUBMIT, "recall:round:12:3:os"),
    # (added with cloze cards: a gap's deck, card and number; no v1 form. tests/cogs/test_cloze_ids.py)
    (GapRevealButton, "recall:cloze:reveal:shared:k1:2"),
    (GapRateButton, "recall:cloze:good:shared:k1:2"),
    (GapTypeButton, "recall:cloze:type:shared:k1:2:s"),
    (CLOZE_SUBMIT, "recall:cloze:submit:shared:k1:2"),
    # (added with card reports: the card reported, and the reason; no v1 form. tests/cogs/test_card_reports.py)
    (ReportButton, "recall:report:ask:shared:c1"),
    (ReasonButton, "recall:report:why:typo:shared:c1"),
    (REPORT_NOTE.template, "recall:report:note:shared:c1"),
    (ReportDismissButton, "recall:report:dismiss:shared:c1"),
    # (added with suggested cards: a suggestion's id, or the deck and card of an edit; no v1 form.
    # tests/e2e/test_suggestions.py)
    *((SuggestionButton, f"recall:suggest:{verb}:12345") for verb in ("accept", "edit", "reject")),
    (EditCardButton, "recall:card:edit:shared:suggested-12"),
    (TryAgainButton, "recall:suggest:retry:AbC_d-9"),
    (SUGGEST_NEW, "recall:suggest:new:choice:beginner:shared"),
    (SUGGEST_EDIT, "recall:suggest:editform:12345"),
    (SUGGEST_REJECT, "recall:suggest:rejectform:12345"),
    (CARD_SAVE, "recall:card:save:shared:c1"),
]
VIEWS = Path(__file__).resolve().parents[2] / "bot" / "cogs"


def test_the_list_of_v1_forms_covers_every_template() -> None:
    """A template added later must be added to the lists above (so its old forms get a test too)."""
    classes = {item for item, _id, _fields in V1_CARD_FORMS} | {item for item, _id in V1_OTHER_FORMS}
    registered = set(re.findall(r"add_items\(bot, ([^)]*)\)", "".join(p.read_text() for p in VIEWS.glob("*/__init__.py"))))
    names = {name.strip() for group in registered for name in group.split(",")}
    assert names == {c.__name__ for c in classes if isinstance(c, type)}
    assert {EXPLAIN_SUBMIT, DRILL_SUBMIT} <= classes


async def parse(item: Any, custom_id: str) -> Any:
    if isinstance(item, str):  # a modal's template: the fallback router matches it the same way
        match = re.fullmatch(item, custom_id)
        assert match, custom_id
        return match
    match = item.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match, custom_id
    return await item.from_custom_id(None, None, match)


@pytest.mark.parametrize(("item", "custom_id", "fields"), V1_CARD_FORMS, ids=[c for _i, c, _f in V1_CARD_FORMS])
async def test_every_v1_card_form_parses_without_an_owner(item: Any, custom_id: str, fields: tuple[object, ...]) -> None:
    parsed = await parse(item, custom_id)
    if isinstance(parsed, re.Match):
        from bot.cogs.card_ids import target_of

        target = target_of(parsed)
        assert (target.deck_id, target.card_id, target.owner, parsed["origin"] == ":s") == (*fields[:2], None, fields[2])
        return
    assert (parsed.deck_id, parsed.card_id, parsed.owner) == (*fields[:2], None)
    assert parsed.scheduled is fields[-1]
    if isinstance(parsed, OptionButton):
        assert parsed.index == fields[2]
    if isinstance(parsed, RateButton):
        assert parsed.rating is fields[2]


@pytest.mark.parametrize(("item", "custom_id"), V1_OTHER_FORMS, ids=[c for _i, c in V1_OTHER_FORMS])
async def test_forms_without_a_deck_still_parse(item: Any, custom_id: str) -> None:
    await parse(item, custom_id)


async def test_v1_forms_mean_the_deck_of_that_id_where_the_click_happens(tmp_path: Path) -> None:
    services = await open_services(f"sqlite:///{tmp_path}/recall.db", {"tiny": tiny_deck()})
    try:
        for guild in (1001, 2002):
            await services.admin.upload_deck(guild, 9, "s.yaml", shared_deck(guild).encode(), now=NOW)
        for item, custom_id, _fields in V1_CARD_FORMS:
            parsed = await parse(item, custom_id)
            deck_id, card_id, owner = ((parsed["deck"], parsed["card"], None) if isinstance(parsed, re.Match)
                                       else (parsed.deck_id, parsed.card_id, parsed.owner))
            for guild in (1001, 2002):
                found = await services.recall.find_card(Learner(5, guild), deck_id, card_id, deck_guild=owner)
                assert found.deck == DeckRef(guild, "shared") and f"srv{guild}" in repr(found.card)
            with pytest.raises(UnknownCard, match=UNAVAILABLE):  # in a DM: a built-in deck, and `shared` isn't one
                await services.recall.find_card(Learner(5, None), deck_id, card_id, deck_guild=owner)
            with pytest.raises(UnknownCard, match=UNAVAILABLE):  # a server without a `shared` of its own
                await services.recall.find_card(Learner(5, 3003), deck_id, card_id, deck_guild=owner)
        found = await services.recall.find_card(Learner(5, None), "tiny", "f1")  # a built-in deck's old DM button
        assert found.deck == DeckRef(0, "tiny")
    finally:
        await services.close()


DECK = "d" * (DECK_ID_MAX - 1) + "9"
CARD = "c-" * (CARD_ID_MAX // 2 - 1) + "z9"
BIGGEST_OWNER = 2**64 - 1  # a Discord id is at most a 64-bit number


@pytest.mark.parametrize("build", [
    lambda owner: RevealButton(DECK, CARD, owner=owner),
    *(lambda owner, r=r: RateButton(DECK, CARD, r, owner=owner) for r in FlashRating),
    lambda owner: OptionButton(DECK, CARD, 9, "x", owner=owner),
    lambda owner: AnswerButton(DECK, CARD, owner=owner),
    lambda owner: ReportButton(DECK, CARD, owner=owner),
    *(lambda owner, r=r: ReasonButton(DECK, CARD, r, owner=owner) for r in ("wrong", "unclear", "typo", "other")),
])
async def test_owned_forms_fit_and_name_their_owner(build: Any) -> None:
    for owner in (BIGGEST_OWNER, 1001, 1):
        item = build(owner)
        custom_id = item.item.custom_id
        assert len(custom_id) <= 100 and custom_id.startswith("recall:"), custom_id
        parsed = await parse(type(item), custom_id)
        assert (parsed.deck_id, parsed.card_id, parsed.owner, parsed.scheduled) == (DECK, CARD, owner, False)
        if isinstance(item, RateButton | OptionButton | ReasonButton):
            assert [getattr(parsed, name, None) for name in ("rating", "index", "reason")] == [
                getattr(item, name, None) for name in ("rating", "index", "reason")]
    form = owned_id("es", BIGGEST_OWNER, DECK, CARD)
    assert len(form) <= 100 and re.fullmatch(EXPLAIN_SUBMIT, form)


def test_only_a_server_s_deck_shown_in_a_dm_carries_its_owner() -> None:
    assert button_owner(1001, None) == 1001
    assert button_owner(1001, 1001) is None  # in its own server the click's server says it
    assert button_owner(0, None) is None  # built-in decks need no owner
    assert to_base36(0) == "0" and int(to_base36(BIGGEST_OWNER), 36) == BIGGEST_OWNER
    with pytest.raises(ValueError):
        to_base36(-1)


def test_each_owned_form_matches_exactly_one_button() -> None:
    items: list[Any] = [OptionButton, RevealButton, RateButton, AnswerButton, DrillButton, AppealButton, ReviewButton,
                        DeleteButton, ReportButton, ReasonButton]
    for verb, expected in (("fv", RevealButton), ("fa", RateButton), ("fh", RateButton), ("fg", RateButton),
                           ("fe", RateButton), ("q3", OptionButton), ("ea", AnswerButton), ("rp", ReportButton),
                           ("rw", ReasonButton), ("ro", ReasonButton)):
        custom_id = owned_id(verb, 1001, "shared", "f1")
        assert [i for i in items if i.__discord_ui_compiled_template__.fullmatch(custom_id)] == [expected], custom_id
        assert not re.fullmatch(EXPLAIN_SUBMIT, custom_id)
    assert not any(i.__discord_ui_compiled_template__.fullmatch(owned_id("es", 1001, "shared", "o1")) for i in items)
    assert not any(i.__discord_ui_compiled_template__.fullmatch(owned_id("rn", 1001, "shared", "o1")) for i in items)
    assert re.fullmatch(REPORT_NOTE.template, owned_id("rn", 1001, "shared", "o1"))


async def test_the_shared_decks_are_valid() -> None:
    [(deck, errors, _warnings)] = await check_texts_here([(shared_deck(1001), "shared.yaml")])
    assert deck is not None and not errors
