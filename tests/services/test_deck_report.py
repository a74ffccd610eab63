"""`/deck report`'s figures on each backend (SQLite, PostgreSQL), checked exactly against answers worked out by hand
(tests/services/deck_report_seed.py): only the asking server's answers count, opted-out members are
counted but never named, periods are whole weeks back from now, and a deck the server can't see is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app.wiring import open_services
from bot.core.deck import Deck, Flashcard
from bot.core.overlay_cards import OverlayCard
from bot.services.api import DeckRef
from bot.services.bundle import Services
from bot.services.deck_report import CardLine, MissedConcept, NamedMember, report_csv
from bot.services.errors import RecallError
from tests.services.deck_report_seed import ALICE, BOB, CARL, CLUB_YAML, GUILD, NOW, OTHER, seed

WEEK = timedelta(days=7)


@pytest.fixture
async def seeded(backend_url: str, decks: dict[str, Deck]) -> AsyncIterator[Services]:
    await seed(backend_url)
    services = await open_services(backend_url, decks)
    for guild in (GUILD, OTHER):
        await services.admin.upload_deck(guild, 1, "club.yaml", CLUB_YAML.format(guild=guild).encode(), now=NOW)
    yield services
    await services.close()


def weeks_of(report):  # type: ignore[no-untyped-def]
    return [(NOW - week.starts, week.answered, week.correct, week.members) for week in report.weeks]


async def test_month_report_counts_this_server_only(seeded: Services) -> None:
    report = await seeded.deck_reports.deck_report(GUILD, "tiny", "month", NOW)
    assert report.period == "month" and report.since == NOW - 4 * WEEK and report.title == "Tiny"
    assert report.cards == (
        CardLine("f1", "flashcard", 4, 2, 2, None),
        CardLine("f2", "flashcard", 1, 0, 1, None),
        CardLine("c1", "choice", 2, 2, 2, None),
        CardLine("o1", "open", 2, 0, 2, "beta"),
    )
    assert (report.answered, report.correct, report.members) == (9, 4, 3)
    assert weeks_of(report) == [(4 * WEEK, 1, 1, 1), (3 * WEEK, 0, 0, 0), (2 * WEEK, 3, 1, 2), (WEEK, 5, 2, 3)]
    # Concept tallies aren't dated: every open answer given in GUILD (not OTHER's misses of beta and alpha).
    assert report.missed_concepts == (MissedConcept("o1", "beta", 2, 2), MissedConcept("o1", "alpha", 1, 2))
    # Who ever answered `tiny` here: ALICE, BOB, CARL; BOB alone has a `tiny` review due (DORA's is OTHER's
    # member, ALICE's due card is of another deck).
    assert (report.studying, report.behind) == (3, 1)
    # BOB opted out: counted above, never named.
    assert report.named == (NamedMember(ALICE, 4, 3), NamedMember(CARL, 2, 0))
    assert [card.card_id for card in report.worst(3)] == ["o1", "f2", "f1"]
    assert report.exam is None
    assert BOB not in {member.user_id for member in report.named}


async def test_week_term_and_all(seeded: Services) -> None:
    week = await seeded.deck_reports.deck_report(GUILD, "tiny", "week", NOW)
    assert [(c.card_id, c.answered, c.correct, c.members) for c in week.cards] == [
        ("f1", 3, 1, 2), ("f2", 0, 0, 0), ("c1", 1, 1, 1), ("o1", 1, 0, 1)]
    assert (week.answered, week.correct, week.members) == (5, 2, 3)
    assert weeks_of(week) == [(WEEK, 5, 2, 3)]
    assert week.named == (NamedMember(ALICE, 3, 2), NamedMember(CARL, 1, 0))

    term = await seeded.deck_reports.deck_report(GUILD, "tiny", "term", NOW)
    assert [(c.card_id, c.answered, c.correct, c.members) for c in term.cards] == [
        ("f1", 5, 3, 3), ("f2", 2, 1, 1), ("c1", 2, 2, 2), ("o1", 2, 0, 2)]
    assert (term.answered, term.correct, term.members) == (11, 6, 3)
    assert len(term.weeks) == 16
    assert [(ago, n, right, m) for ago, n, right, m in weeks_of(term) if n] == [
        (7 * WEEK, 1, 1, 1), (5 * WEEK, 1, 1, 1), (4 * WEEK, 1, 1, 1), (2 * WEEK, 3, 1, 2), (WEEK, 5, 2, 3)]

    everything = await seeded.deck_reports.deck_report(GUILD, "tiny", "all", NOW)
    assert everything.since is None and (everything.answered, everything.correct) == (11, 6)
    assert len(everything.weeks) == 7  # from the week of the first answer (45 days ago) to now
    assert weeks_of(everything) == weeks_of(term)[-7:]


async def test_same_deck_id_in_two_servers_is_two_decks(seeded: Services) -> None:
    ours = await seeded.deck_reports.deck_report(GUILD, "club", None, NOW)
    assert ours.period == "month" and ours.title == f"Club {GUILD}"
    assert [(c.card_id, c.answered, c.correct, c.members) for c in ours.cards] == [("k1", 1, 0, 1)]
    theirs = await seeded.deck_reports.deck_report(OTHER, "club", "month", NOW)
    assert [(c.card_id, c.answered, c.correct, c.members) for c in theirs.cards] == [("k1", 2, 2, 1)]
    other_tiny = await seeded.deck_reports.deck_report(OTHER, "tiny", "month", NOW)
    assert (other_tiny.answered, other_tiny.correct, other_tiny.members, other_tiny.studying,
            other_tiny.behind) == (3, 0, 1, 1, 1)


async def test_refusals(seeded: Services) -> None:
    with pytest.raises(RecallError, match="no deck `nope`"):
        await seeded.deck_reports.deck_report(GUILD, "nope", "month", NOW)
    with pytest.raises(RecallError, match="no deck"):  # another server's upload is not this server's deck
        await seeded.deck_reports.deck_report(300, "club", "month", NOW)
    with pytest.raises(RecallError, match="no deck by that name: "):  # forged text isn't echoed
        await seeded.deck_reports.deck_report(GUILD, "x` @everyone " + "y" * 500, "month", NOW)
    with pytest.raises(RecallError, match="period is one of week, month, term, all"):
        await seeded.deck_reports.deck_report(GUILD, "tiny", "year", NOW)
    await seeded.admin.set_deck_disabled(GUILD, "tiny", True)
    with pytest.raises(RecallError, match="no deck `tiny`"):  # hidden in this server
        await seeded.deck_reports.deck_report(GUILD, "tiny", "month", NOW)


async def test_csv_has_every_card(seeded: Services) -> None:
    report = await seeded.deck_reports.deck_report(GUILD, "tiny", "month", NOW)
    assert report_csv(report) == (
        "card_id,kind,answered,correct,accuracy,members,most_missed_concept\n"
        "f1,flashcard,4,2,0.5000,2,\n"
        "f2,flashcard,1,0,0.0000,1,\n"
        "c1,choice,2,2,1.0000,2,\n"
        "o1,open,2,0,0.0000,2,beta\n")
    model = await seeded.deck_reports.deck_report(GUILD, "model-optimization-nlp", "all", NOW)
    lines = report_csv(model).splitlines()
    assert len(lines) == 1 + len(model.cards) and all(line.endswith(",,0,") for line in lines[1:])


async def test_a_card_the_server_added_is_in_its_report_only(seeded: Services) -> None:
    added = Flashcard(id="suggested-1", kind="flashcard", level="beginner", front="Added?", back="Yes")
    seeded.catalogue.set_overlay_cards(GUILD, DeckRef(0, "tiny"), (OverlayCard(added, None, 11),))
    ours = await seeded.deck_reports.deck_report(GUILD, "tiny", "month", NOW)
    assert [card.card_id for card in ours.cards] == ["f1", "f2", "c1", "o1", "suggested-1"]
    assert ours.cards[-1] == CardLine("suggested-1", "flashcard", 0, 0, 0, None)
    theirs = await seeded.deck_reports.deck_report(OTHER, "tiny", "month", NOW)
    assert [card.card_id for card in theirs.cards] == ["f1", "f2", "c1", "o1"]
