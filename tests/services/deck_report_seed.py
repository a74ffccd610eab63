"""A seeded database for `/deck report`'s tests: three members of server GUILD answer the `tiny` deck over
several weeks (one opted out of leaderboards), a member of OTHER answers the same deck, someone answers
in a DM, and both servers upload a deck with the same id `club`. The expected figures are worked out by
hand in tests/services/test_deck_report.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.instants import to_ms
from bot.services.records import NewAttempt
from bot.storage.database import Database

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD, OTHER = 100, 200
ALICE, BOB, CARL, DORA = 11, 12, 13, 14  # BOB opted out of leaderboards; DORA studies in OTHER only
TINY_YAML = """id: tiny
title: Tiny
cards:
  - {id: f1, kind: flashcard, level: beginner, front: F1?, back: B1}
  - {id: f2, kind: flashcard, level: advanced, front: F2?, back: B2}
  - id: c1
    kind: choice
    level: beginner
    question: Q?
    explanation: E
    options: [{text: right, correct: true}, {text: wrong}]
  - id: o1
    kind: open
    level: intermediate
    prompt: Explain
    concepts: [{name: alpha, keywords: [alpha]}, {name: beta, keywords: [beta]}]
"""
CLUB_YAML = """id: club
title: Club {guild}
cards:
  - {{id: k1, kind: flashcard, level: beginner, front: K1?, back: K1}}
"""
KINDS = {"f1": "flashcard", "f2": "flashcard", "c1": "choice", "o1": "open", "k1": "flashcard"}


def attempt(user: int, guild: int | None, card: str, correct: bool, ago: timedelta, *,
            concepts: tuple[tuple[str, bool], ...] = (), deck: str = "tiny", deck_guild: int = 0) -> NewAttempt:
    return NewAttempt(
        user_id=user, guild_id=guild, deck_id=deck, card_id=card, kind=KINDS[card], level="beginner",
        source="drill", question_key=None, choice=None, answer_text=None, rating=None, correct=correct,
        concepts_hit=sum(hit for _name, hit in concepts) if concepts else None,
        concepts_total=len(concepts) or None, points=10 if correct else 1, answered_at=NOW - ago,
        srs_rating=3 if correct else 1, srs_seed=None, concepts=concepts, deck_guild=deck_guild)


DAY, HOUR = timedelta(days=1), timedelta(hours=1)
SEEDED = [
    # this week (the 7 days ending NOW)
    attempt(ALICE, GUILD, "f1", True, 1 * DAY),
    attempt(ALICE, GUILD, "f1", False, 2 * DAY),
    attempt(BOB, GUILD, "f1", False, 3 * DAY),
    attempt(ALICE, GUILD, "c1", True, 1 * HOUR),
    attempt(CARL, GUILD, "o1", False, 2 * HOUR, concepts=(("alpha", True), ("beta", False))),
    # a week ago
    attempt(BOB, GUILD, "c1", True, 8 * DAY),
    attempt(CARL, GUILD, "f2", False, 9 * DAY),
    attempt(BOB, GUILD, "o1", False, 10 * DAY, concepts=(("alpha", False), ("beta", False))),
    # three weeks ago; exactly four weeks ago (outside `month`, inside `term`); six weeks ago
    attempt(ALICE, GUILD, "f1", True, 22 * DAY),
    attempt(CARL, GUILD, "f2", True, 28 * DAY),
    attempt(CARL, GUILD, "f1", True, 45 * DAY),
    # never counted in GUILD: another server's answers on the same deck, a DM answer, another deck
    attempt(DORA, OTHER, "f1", False, 1 * DAY),
    attempt(DORA, OTHER, "f1", False, 1 * DAY + HOUR),
    attempt(DORA, OTHER, "o1", False, 2 * DAY, concepts=(("alpha", False), ("beta", False))),
    attempt(ALICE, None, "f2", True, 1 * DAY),
    # the two `club` decks: one answer in GUILD on its own, two in OTHER on OTHER's
    attempt(ALICE, GUILD, "k1", False, 1 * DAY, deck="club", deck_guild=GUILD),
    attempt(DORA, OTHER, "k1", True, 1 * DAY, deck="club", deck_guild=OTHER),
    attempt(DORA, OTHER, "k1", True, 2 * DAY, deck="club", deck_guild=OTHER),
]


async def seed(path: Path | str) -> None:
    """Write the attempts, BOB's opt-out, and review states: only BOB (in GUILD) and DORA (in OTHER) have a
    `tiny` card due at NOW; ALICE has a card of another deck due, which `tiny`'s report must not count."""
    db = await Database.open(path if isinstance(path, str) else f"sqlite:///{path}")  # a URL, or a SQLite file
    try:
        for row in SEEDED:
            await db.record_attempt(row)
        await db.set_opt_out(BOB, True)
        now_ms = to_ms(NOW)

        def reviews(conn):  # type: ignore[no-untyped-def]
            conn.execute("UPDATE srs_cards SET due = ?", (now_ms + 86_400_000,))
            conn.execute("UPDATE srs_cards SET due = ? WHERE user_id = ? AND deck_id = 'tiny' AND card_id = 'f1'",
                         (now_ms - 3_600_000, BOB))
            conn.execute("UPDATE srs_cards SET due = ? WHERE user_id = ? AND deck_id = 'tiny'", (now_ms, DORA))
            conn.execute("INSERT INTO srs_cards (user_id, deck_guild, deck_id, card_id, state, due)"
                         " VALUES (?, 0, 'model-optimization-nlp', 'x', 2, ?)", (ALICE, now_ms - 1))

        await db.write(reviews)
    finally:
        await db.close()
