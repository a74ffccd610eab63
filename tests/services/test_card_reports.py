"""Card reports on each backend (SQLite, PostgreSQL): a report waits in its server's queue (and only there), one open report
per member and card, limits refuse with a message, and fixing the card (a re-upload that changes it) or
taking it out closes its reports; a reviewer may dismiss them; a member's data deletion removes theirs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.card_reports import MAX_NOTE_CHARS, MAX_OPEN_REPORTS_PER_MEMBER, card_fingerprint
from bot.core.errors import InvalidSetting, RecallError, UnknownCard
from bot.services.api import UNAVAILABLE, Learner
from bot.services.bundle import Services
from bot.services.card_reports import NOT_REPORTABLE_HERE
from tests.services import stored
from tests.services.conftest import NOW, tiny_deck

GUILD, OTHER, ADMIN, ALICE, BOB = 10, 11, 20, 101, 102

CLUB = """id: club
title: Club
cards:
  - id: q1
    kind: choice
    level: beginner
    question: What is 2 + 2?
    explanation: Two and two make four.
    options:
      - text: "4"
        correct: true
      - text: "5"
  - id: f1
    kind: flashcard
    level: beginner
    front: Capital of France?
    back: Paris
"""


async def upload(services: Services, guild: int, text: str) -> None:
    await services.admin.upload_deck(guild, ADMIN, "club.yaml", text.encode(), now=NOW)


def rows(url: str) -> list[tuple[object, ...]]:
    return stored.rows(url, "SELECT guild_id, deck_guild, deck_id, card_id, user_id, reason, note, closed_how"
                            " FROM card_reports ORDER BY id")


async def test_a_report_waits_in_its_server_s_queue_only(services: Services, backend_url: str) -> None:
    reply = await services.card_reports.report(Learner(ALICE, GUILD), "tiny", "c1", "wrong", None, now=NOW)
    assert reply.startswith("Thanks: reported (Wrong answer).")
    await services.card_reports.report(Learner(BOB, GUILD), "tiny", "c1", "other", "  the   answer\nis 5 ", now=NOW)
    await services.card_reports.report(Learner(BOB, OTHER), "tiny", "c1", "typo", None, now=NOW)

    [card] = await services.card_reports.queue(GUILD, "tiny", now=NOW)
    assert (card.card_id, card.title, card.members, card.by_reason, card.notes) == (
        "c1", "Q?", 2, {"wrong": 1, "other": 1}, ("the answer is 5",))
    [elsewhere] = await services.card_reports.queue(OTHER, "tiny", now=NOW)
    assert (elsewhere.members, elsewhere.by_reason) == (1, {"typo": 1})
    assert rows(backend_url)[0] == (GUILD, 0, "tiny", "c1", ALICE, "wrong", None, None)


async def test_reporting_again_replaces_the_member_s_open_report(services: Services, backend_url: str) -> None:
    learner = Learner(ALICE, GUILD)
    await services.card_reports.report(learner, "tiny", "c1", "typo", None, now=NOW)
    reply = await services.card_reports.report(learner, "tiny", "c1", "other", "x" * 500, now=NOW)
    assert reply.startswith("Your report was updated (Other).")
    [card] = await services.card_reports.queue(GUILD, "tiny", now=NOW)
    assert (card.members, card.by_reason, card.notes) == (1, {"other": 1}, ("x" * MAX_NOTE_CHARS,))
    assert len(rows(backend_url)) == 1


async def test_a_note_is_kept_only_for_other(services: Services, backend_url: str) -> None:
    await services.card_reports.report(Learner(ALICE, GUILD), "tiny", "c1", "typo", "forged note", now=NOW)
    assert rows(backend_url)[0][6] is None


async def test_a_card_the_member_can_not_see_here_is_refused(services: Services) -> None:
    await upload(services, GUILD, CLUB)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # OTHER has no deck `club`
        await services.card_reports.report(Learner(BOB, OTHER), "club", "q1", "wrong", None, now=NOW)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # GUILD's deck named from OTHER
        await services.card_reports.report(Learner(BOB, OTHER), "club", "q1", "wrong", None, now=NOW,
                                           deck_guild=GUILD)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.card_reports.report(Learner(BOB, GUILD), "club", "nope", "wrong", None, now=NOW)
    with pytest.raises(InvalidSetting):
        await services.card_reports.report(Learner(BOB, GUILD), "club", "q1", "spam", None, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidSetting):
        await services.card_reports.queue(OTHER, "club", now=NOW)


async def test_a_built_in_card_in_a_dm_has_no_server_to_report_to(services: Services) -> None:
    with pytest.raises(RecallError, match=NOT_REPORTABLE_HERE[:40]):
        await services.card_reports.report(Learner(ALICE, None), "tiny", "c1", "wrong", None, now=NOW)


async def test_re_uploading_with_the_card_changed_closes_its_reports(services: Services, backend_url: str) -> None:
    await upload(services, GUILD, CLUB)
    await services.card_reports.report(Learner(ALICE, GUILD), "club", "q1", "wrong", None, now=NOW)
    await services.card_reports.report(Learner(BOB, GUILD), "club", "f1", "typo", None, now=NOW)
    await upload(services, GUILD, CLUB.replace("Two and two make four.", "2 + 2 = 4."))  # q1 fixed, f1 unchanged
    [card] = await services.card_reports.queue(GUILD, "club", now=NOW + timedelta(minutes=1))
    assert card.card_id == "f1"
    assert [row[7] for row in rows(backend_url)] == ["changed", None]
    # the card taken out: its reports close as removed
    await upload(services, GUILD, CLUB.split("  - id: f1")[0])
    assert await services.card_reports.queue(GUILD, "club", now=NOW) == []
    assert [row[7] for row in rows(backend_url)] == ["changed", "removed"]


async def test_a_report_on_the_changed_card_is_a_new_one(services: Services) -> None:
    await upload(services, GUILD, CLUB)
    learner = Learner(ALICE, GUILD)
    await services.card_reports.report(learner, "club", "q1", "wrong", None, now=NOW)
    await upload(services, GUILD, CLUB.replace("What is 2 + 2?", "What is 2 + 2, in base ten?"))
    await services.card_reports.report(learner, "club", "q1", "unclear", None, now=NOW)
    [card] = await services.card_reports.queue(GUILD, "club", now=NOW)
    assert card.by_reason == {"unclear": 1}


async def test_dismissing_closes_the_card_s_reports_in_that_server_only(services: Services, backend_url: str) -> None:
    await services.card_reports.report(Learner(ALICE, GUILD), "tiny", "c1", "wrong", None, now=NOW)
    await services.card_reports.report(Learner(ALICE, OTHER), "tiny", "c1", "wrong", None, now=NOW)
    assert await services.card_reports.dismiss(GUILD, "tiny", "c1", now=NOW) == 1
    assert await services.card_reports.dismiss(GUILD, "tiny", "c1", now=NOW) == 0
    assert await services.card_reports.queue(GUILD, "tiny", now=NOW) == []
    assert len(await services.card_reports.queue(OTHER, "tiny", now=NOW)) == 1


async def test_a_member_has_a_bounded_number_of_open_reports(services: Services) -> None:
    await upload(services, GUILD, "id: club\ntitle: Club\ncards:\n" + "".join(
        f"  - {{id: f{i}, kind: flashcard, level: beginner, front: 'F{i}?', back: B}}\n"
        for i in range(MAX_OPEN_REPORTS_PER_MEMBER + 1)))
    learner = Learner(ALICE, GUILD)
    for i in range(MAX_OPEN_REPORTS_PER_MEMBER):
        await services.card_reports.report(learner, "club", f"f{i}", "typo", None, now=NOW)
    with pytest.raises(RecallError, match=f"You have {MAX_OPEN_REPORTS_PER_MEMBER} open reports"):
        await services.card_reports.report(learner, "club", f"f{MAX_OPEN_REPORTS_PER_MEMBER}", "typo", None, now=NOW)
    await services.card_reports.report(learner, "club", "f0", "unclear", None, now=NOW)  # replacing is allowed
    await services.card_reports.report(Learner(BOB, GUILD), "club", f"f{MAX_OPEN_REPORTS_PER_MEMBER}", "typo", None,
                                       now=NOW)


async def test_removing_the_upload_deletes_its_reports(services: Services, backend_url: str) -> None:
    await upload(services, GUILD, CLUB)
    await services.card_reports.report(Learner(ALICE, GUILD), "club", "q1", "wrong", None, now=NOW)
    await services.admin.remove_deck(GUILD, "club")
    assert rows(backend_url) == []


async def test_a_member_s_data_deletion_removes_their_reports(services: Services, backend_url: str) -> None:
    await services.card_reports.report(Learner(ALICE, GUILD), "tiny", "c1", "wrong", None, now=NOW)
    await services.card_reports.report(Learner(BOB, GUILD), "tiny", "c1", "typo", None, now=NOW)
    exported = await services.recall.export_data(guild_id=None, user_id=ALICE, now=NOW, with_answers=False)
    assert [row["reason"] for row in exported.other["card_reports"]] == ["wrong"]
    await services.recall.delete_member_data(ALICE)
    assert [row[4] for row in rows(backend_url)] == [BOB]


def test_the_fingerprint_follows_the_content() -> None:
    deck = tiny_deck()
    card = deck.card("c1")
    assert card is not None
    assert card_fingerprint(card) == card_fingerprint(tiny_deck().card("c1"))  # type: ignore[arg-type]
    assert card_fingerprint(card) != card_fingerprint(deck.card("f1"))  # type: ignore[arg-type]


async def test_an_edit_in_the_server_s_overlay_closes_the_card_s_reports_there_only(services: Services) -> None:
    await services.card_reports.report(Learner(ALICE, GUILD), "tiny", "c1", "typo", None, now=NOW)
    await services.card_reports.report(Learner(ALICE, OTHER), "tiny", "c1", "typo", None, now=NOW)
    values = {"question": "Q, spelt right?", "options": "right\nwrong", "answer": "1", "explanation": "E"}
    await services.suggestions.edit_card(GUILD, "tiny", "c1", values, editor=ADMIN, now=NOW)
    assert await services.card_reports.queue(GUILD, "tiny", now=NOW) == []
    assert len(await services.card_reports.queue(OTHER, "tiny", now=NOW)) == 1  # built-in deck: OTHER's copy unchanged
    # a report on the edited card is about the edited card, and stays open while the edit stands
    await services.card_reports.report(Learner(BOB, GUILD), "tiny", "c1", "unclear", None, now=NOW)
    [card] = await services.card_reports.queue(GUILD, "tiny", now=NOW)
    assert (card.title, card.by_reason) == ("Q, spelt right?", {"unclear": 1})
