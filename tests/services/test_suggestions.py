"""Suggested cards on each backend (SQLite, PostgreSQL): the deck's rules, the pending limit, accept/edit/reject (one DM
claim), a server's overlay cards merged where its members draw, scoping by server, removals, data deletion."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.app.wiring import open_services
from bot.core.deck import ChoiceCard, Deck, Flashcard, OpenCard
from bot.core.errors import RecallError, UnknownCard
from bot.services.api import BUILT_IN, DeckRef, Learner
from bot.services.bundle import Services
from bot.services.suggestions import MAX_PENDING_PER_MEMBER, SuggestionRejected
from tests.services import stored
from tests.services.conftest import NOW

GUILD, OTHER, ADMIN, ALICE, BOB = 10, 11, 20, 101, 102
CLOZE_CLUB = ("id: club\ntitle: Club\ncards:\n  - {id: k, kind: cloze, level: beginner, text: 'A {{c1::cache}} stores"
              " results'}\n")
CLUB = "id: club\ntitle: Club\ncards:\n  - {id: a, kind: flashcard, level: beginner, front: A?, back: A}\n"


async def suggest(services: Services, values: dict[str, str], kind: str = "flashcard", *, guild: int = GUILD,
                  user: int = ALICE, deck: str = "tiny") -> int:
    row = await services.suggestions.suggest(guild, user, "Alice", deck, kind, values, level=None, now=NOW)
    return row.id


async def test_a_suggestion_accepted_joins_that_servers_copy_only(services: Services) -> None:
    sid = await suggest(services, {"front": "What is 2+2?", "back": "Four"})
    queue = await services.suggestions.queue(GUILD, "tiny")
    assert queue.pending == 1 and queue.items[0].row.id == sid and isinstance(queue.items[0].card, Flashcard)
    decision = await services.suggestions.accept(GUILD, sid, reviewer=ADMIN, now=NOW)
    assert decision.accepted and decision.card_id == f"suggested-{sid}"
    catalogue = services.catalogue
    card = catalogue.card(GUILD, "tiny", decision.card_id)
    assert isinstance(card, Flashcard) and card.front == "What is 2+2?"
    assert catalogue.credit(GUILD, DeckRef(BUILT_IN, "tiny"), decision.card_id) == "Alice"
    found = await catalogue.find_card(Learner(BOB, GUILD), "tiny", decision.card_id)
    assert found.card == card
    with pytest.raises(UnknownCard):  # another server, and a DM, see the built-in deck as shipped
        catalogue.card(OTHER, "tiny", decision.card_id)
    with pytest.raises(UnknownCard):
        await catalogue.find_card(Learner(BOB, None), "tiny", decision.card_id)
    assert len(catalogue.deck_for(GUILD, "tiny").cards) == 5 and len(catalogue.deck_for(OTHER, "tiny").cards) == 4
    # the accepted card is what a draw in that server can give: the only flashcard left unseen at its level
    drawn = await services.recall.next_card(Learner(BOB, GUILD), now=NOW, rng=random.Random(1), deck_id="tiny",
                                            level="intermediate", kind="flashcard")
    assert drawn.card.id == decision.card_id
    # a second accept (a double click, another reviewer) changes nothing
    again = await services.suggestions.accept(GUILD, sid, reviewer=ADMIN, now=NOW)
    assert not again.accepted and "already accepted" in again.message


async def test_the_deck_files_rules_with_the_text_kept(services: Services) -> None:
    with pytest.raises(SuggestionRejected) as refused:
        await suggest(services, {"front": "x" * 4000, "back": "  "})
    assert any(p.startswith("Front: this is 4000 characters") for p in refused.value.problems)
    assert any(p.startswith("Back: this is empty") for p in refused.value.problems)
    assert refused.value.values["front"] == "x" * 4000
    with pytest.raises(SuggestionRejected) as wrong:
        await suggest(services, {"question": "Q?", "options": "one\ntwo", "answer": "three", "explanation": "E"},
                      "choice")
    assert "Which is right" in wrong.value.problems[0]
    with pytest.raises(SuggestionRejected) as same:
        await suggest(services, {"question": "Q?", "options": "one\nOne", "answer": "1", "explanation": "E"},
                      "choice")
    assert any("same text" in p for p in same.value.problems)
    sid = await suggest(services, {"question": "Which?", "options": "red\n\n green \nblue", "answer": "Green",
                                   "explanation": "E"}, "choice")
    card = (await services.suggestions.queue(GUILD, "tiny")).items[0].card
    assert sid and isinstance(card, ChoiceCard) and [o.text for o in card.options] == ["red", "green", "blue"]
    assert card.correct_index == 1
    with pytest.raises(RecallError):  # a deck this server doesn't see
        await suggest(services, {"front": "F", "back": "B"}, deck="no-such-deck")


async def test_at_most_ten_pending_per_member_per_server(services: Services) -> None:
    for n in range(MAX_PENDING_PER_MEMBER):
        await suggest(services, {"front": f"F{n}", "back": "B"})
    with pytest.raises(RecallError, match="already have 10 suggestions"):
        await suggest(services, {"front": "one more", "back": "B"})
    await suggest(services, {"front": "elsewhere", "back": "B"}, guild=OTHER)  # per server
    first = (await services.suggestions.queue(GUILD, "tiny")).items[0].row.id
    await services.suggestions.reject(GUILD, first, reason="dup", reviewer=ADMIN, now=NOW)
    await suggest(services, {"front": "now there is room", "back": "B"})


async def test_reject_claims_one_dm_and_other_servers_cant_act(services: Services) -> None:
    sid = await suggest(services, {"front": "F", "back": "B"})
    assert not (await services.suggestions.reject(OTHER, sid, reason="x", reviewer=ADMIN, now=NOW)).notify
    assert not (await services.suggestions.accept(OTHER, sid, reviewer=ADMIN, now=NOW)).accepted
    with pytest.raises(RecallError):
        await services.suggestions.queue(OTHER, "club")
    first = await services.suggestions.reject(GUILD, sid, reason="Too vague", reviewer=ADMIN, now=NOW)
    second = await services.suggestions.reject(GUILD, sid, reason="again", reviewer=ADMIN, now=NOW)
    assert first.notify is not None and first.notify.user_id == ALICE and first.notify.reason == "Too vague"
    assert second.notify is None and "already rejected" in second.message
    assert not (await services.suggestions.accept(GUILD, sid, reviewer=ADMIN, now=NOW)).accepted


async def test_open_card_concepts_derived_shown_and_adjusted(services: Services) -> None:
    sid = await suggest(services, {"prompt": "Why distil a model?", "hint": "",
                                   "model_answer": "A small student model learns from a large teacher model."}, "open")
    item = (await services.suggestions.queue(GUILD, "tiny")).items[0]
    assert item.derived and any("student" in c.name for c in item.derived)
    _row, form = await services.suggestions.review_form(GUILD, sid)
    assert "student" in form["concepts"]
    decision = await services.suggestions.accept(GUILD, sid, reviewer=ADMIN, now=NOW, values={
        **form, "concepts": "student: student, pupil\nteacher: teacher"})
    card = services.catalogue.card(GUILD, "tiny", decision.card_id or "")
    assert isinstance(card, OpenCard) and [c.name for c in card.concepts] == ["student", "teacher"]
    assert card.concepts[0].keywords == ["student", "pupil"] and card.hint is None


async def test_edit_any_card_of_the_servers_copy(services: Services) -> None:
    _card, form = services.suggestions.card_form_of(GUILD, "tiny", "f1")
    assert form == {"front": "F1?", "back": "B1"}
    await services.suggestions.edit_card(GUILD, "tiny", "f1", {"front": "F1 fixed?", "back": "B1"}, editor=ADMIN,
                                         now=NOW)
    assert services.catalogue.card(GUILD, "tiny", "f1").front == "F1 fixed?"  # type: ignore[union-attr]
    assert services.catalogue.card(OTHER, "tiny", "f1").front == "F1?"  # type: ignore[union-attr]
    with pytest.raises(SuggestionRejected):
        await services.suggestions.edit_card(GUILD, "tiny", "f1", {"front": "", "back": "B"}, editor=ADMIN, now=NOW)
    with pytest.raises(RecallError):
        services.suggestions.card_form_of(GUILD, "tiny", "nope")
    with_cloze = CLOZE_CLUB.encode()
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", with_cloze, now=NOW)
    for card_id in ("k", "k:c1"):  # a cloze card, or a gap of it (what a report names)
        with pytest.raises(RecallError, match="Cloze cards can't be edited"):
            services.suggestions.card_form_of(GUILD, "club", card_id)


async def test_overlay_survives_restart_reupload_and_goes_with_removal(backend_url: str, decks: dict[str, Deck]) -> None:
    url = backend_url
    async with await open_services(url, decks) as services:
        await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", CLUB.encode(), now=NOW)
        sid = await suggest(services, {"front": "Club Q", "back": "Club A"}, deck="club")
        await services.suggestions.edit_card(GUILD, "club", "a", {"front": "A edited?", "back": "A"}, editor=ADMIN,
                                             now=NOW)
        card_id = (await services.suggestions.accept(GUILD, sid, reviewer=ADMIN, now=NOW)).card_id
    async with await open_services(url, decks) as services:  # read back at start
        assert services.catalogue.card(GUILD, "club", card_id or "").front == "Club Q"  # type: ignore[union-attr]
        assert services.catalogue.card(GUILD, "club", "a").front == "A edited?"  # type: ignore[union-attr]
        # a re-upload that changes card a: the deck's new card wins over the older edit; the added card stays
        changed = CLUB.replace("front: A?", "front: A new?") + "  - {id: b, kind: flashcard, level: beginner, front: B?, back: B}\n"
        await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", changed.encode(), now=NOW)
        assert services.catalogue.card(GUILD, "club", "a").front == "A new?"  # type: ignore[union-attr]
        assert services.catalogue.card(GUILD, "club", card_id or "").front == "Club Q"  # type: ignore[union-attr]
        await services.admin.remove_deck(GUILD, "club")
        await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", CLUB.encode(), now=NOW)
        with pytest.raises(UnknownCard):
            services.catalogue.card(GUILD, "club", card_id or "")
    assert stored.rows(url, "SELECT COUNT(*) FROM overlay_cards") == [(0,)]


async def test_data_deletion_drops_suggestions_and_credit(services: Services, backend_url: str) -> None:
    accepted = await suggest(services, {"front": "Mine", "back": "B"})
    await suggest(services, {"front": "Pending", "back": "B"})
    card_id = (await services.suggestions.accept(GUILD, accepted, reviewer=ADMIN, now=NOW)).card_id or ""
    exported = await services.recall.export_data(guild_id=None, user_id=ALICE, now=NOW, with_answers=True)
    # sorted: the export's rows of a table come in no set order (PostgreSQL's differs from SQLite's)
    assert sorted(row["status"] for row in exported.other["card_suggestions"]) == ["accepted", "pending"]
    await services.recall.delete_member_data(ALICE)
    services.suggestions.forget_author(ALICE)
    assert services.catalogue.credit(GUILD, DeckRef(BUILT_IN, "tiny"), card_id) is None
    assert services.catalogue.card(GUILD, "tiny", card_id).front == "Mine"  # type: ignore[union-attr]  # the card stays
    assert stored.rows(backend_url, "SELECT COUNT(*) FROM card_suggestions") == [(0,)]
    assert stored.rows(backend_url, "SELECT authored_by, author_name FROM overlay_cards") == [(None, None)]


async def test_reviewer_role_per_server(services: Services) -> None:
    await services.suggestions.set_reviewer_role(GUILD, 555)
    assert await services.suggestions.reviewer_role(GUILD) == 555 and await services.suggestions.reviewer_role(OTHER) is None
    await services.suggestions.set_reviewer_role(GUILD, None)
    assert await services.suggestions.reviewer_role(GUILD) is None


async def test_another_server_cant_edit_or_see_an_uploads_cards(services: Services) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", CLUB.encode(), now=NOW)
    with pytest.raises(RecallError):  # an Edit card id forged in another server names a deck it doesn't see
        services.suggestions.card_form_of(OTHER, "club", "a")
    with pytest.raises(RecallError):
        await services.suggestions.edit_card(OTHER, "club", "a", {"front": "hijack", "back": "x"}, editor=ADMIN,
                                             now=NOW)
    with pytest.raises(RecallError):
        await suggest(services, {"front": "F", "back": "B"}, guild=OTHER, deck="club")
    assert services.catalogue.card(GUILD, "club", "a").front == "A?"  # type: ignore[union-attr]
    sid = await suggest(services, {"front": "Club Q", "back": "Club A"}, deck="club")
    assert (await services.suggestions.queue(OTHER, "tiny")).pending == 0  # server B's queue lists none of A's
    with pytest.raises(RecallError):
        await services.suggestions.review_form(OTHER, sid)


async def test_decisions_at_once_have_one_winner(services: Services) -> None:
    first = await suggest(services, {"front": "F1", "back": "B"})
    second = await suggest(services, {"front": "F2", "back": "B"})
    rejects = await asyncio.gather(*(services.suggestions.reject(GUILD, first, reason=f"r{n}", reviewer=ADMIN + n,
                                                                 now=NOW) for n in range(4)))
    assert [bool(r.notify) for r in rejects].count(True) == 1  # one DM claimed, whoever came first
    accepts = await asyncio.gather(*(services.suggestions.accept(GUILD, second, reviewer=ADMIN + n, now=NOW)
                                     for n in range(4)))
    assert [a.accepted for a in accepts].count(True) == 1
    assert len(services.catalogue.deck_for(GUILD, "tiny").cards) == 5
    many = await asyncio.gather(*(suggest(services, {"front": f"G{n}", "back": "B"}, user=BOB) for n in range(12)),
                                return_exceptions=True)
    assert sum(isinstance(r, int) for r in many) == MAX_PENDING_PER_MEMBER
    assert all(isinstance(r, RecallError) for r in many if not isinstance(r, int))


SPANISH = """id: club
title: Club
language: es
cards:
  - id: sal
    kind: open
    level: beginner
    prompt: ¿Por qué el agua del mar es salada?
    concepts:
      - name: sales de las rocas
        keywords: [sales minerales, rocas]
"""


async def test_a_card_suggested_to_a_deck_in_another_language_is_graded_in_it(services: Services) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", SPANISH.encode(), now=NOW)
    sid = await suggest(services, {"prompt": "¿Qué hace la evaporación en el mar?",
                                   "model_answer": "La evaporación deja la sal en el mar y concentra las sales."},
                        kind="open", deck="club")
    decision = await services.suggestions.accept(GUILD, sid, reviewer=ADMIN, now=NOW)
    added = services.catalogue.deck_for(GUILD, "club").card(decision.card_id or "")  # type: ignore[union-attr]
    assert isinstance(added, OpenCard) and added.language == "es" and added.concepts
    values = {"prompt": "¿Por qué el agua del mar es salada (de verdad)?", "concepts": "sales de las rocas: rocas"}
    edited = await services.suggestions.edit_card(GUILD, "club", "sal", values, editor=ADMIN, now=NOW)
    assert edited.language == "es"  # an edit keeps the card's language
