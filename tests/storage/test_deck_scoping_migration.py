"""Migration 007 (decks per server): a version 5 database with uploads and history migrates, keeps every
row, gives each row of an uploaded deck its owner, and reads back the same through the services."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.app.wiring import open_services
from bot.core.deck import Deck
from bot.core.srs import FlashRating
from bot.services.api import DeckRef, Learner
from bot.services.bundle import Services
from bot.storage.sqlite import LATEST_VERSION, connect, migrations, split_statements
from tests.services.conftest import tiny_deck

A, B = 1001, 2002  # A uploaded `shared` now; B had its own `shared` once, removed since
ALICE, BOB = 11, 12
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
DAY = date(2026, 3, 2).toordinal()
MS = int(NOW.timestamp() * 1000)

SHARED = """id: shared
title: A's shared deck
cards:
  - id: f1
    kind: flashcard
    level: beginner
    front: A front
    back: A back
  - id: o1
    kind: open
    level: beginner
    prompt: Explain A
    concepts:
      - name: alpha
        keywords: [alpha]
      - name: beta
        keywords: [beta]
"""
CLUB = SHARED.replace("id: shared", "id: club").replace("A's shared deck", "B's club")

# (id, user, guild, deck, card, kind, correct, points, self_credited, study_day, answered_at)
ATTEMPTS = [
    (1, BOB, B, "shared", "f1", "flashcard", 1, 5, 0, DAY - 3, MS - 3 * 86_400_000),  # B's removed upload
    (2, ALICE, A, "shared", "o1", "open", 0, 5, 1, DAY - 1, MS - 86_400_000),  # appealed, then rejected
    (3, ALICE, A, "shared", "f1", "flashcard", 1, 5, 0, DAY, MS - 3_600_000),
    (4, ALICE, None, "shared", "f1", "flashcard", 1, 5, 0, None, MS - 1_000),  # a /review in a DM
    (5, ALICE, B, "tiny", "o1", "open", 0, 1, 0, DAY, MS - 2_000),  # a built-in deck in B
    (6, BOB, B, "club", "f1", "flashcard", 0, 1, 0, DAY, MS - 500),
    (7, BOB, B, "gone", "x", "flashcard", 1, 5, 0, DAY, MS - 400),  # a deck removed long ago
]
SRS = [(BOB, "shared", "f1"), (ALICE, "shared", "f1"), (ALICE, "shared", "o1"), (ALICE, "tiny", "o1"),
       (BOB, "club", "f1"), (BOB, "gone", "x")]
CONCEPTS = [(ALICE, "shared", "o1", "alpha", 1, 0), (ALICE, "shared", "o1", "beta", 1, 1),
            (ALICE, "tiny", "o1", "beta", 1, 1)]


def version_5_database(path: Path) -> None:
    """The schema of migrations 1-5 and rows as version 5 of the bot wrote them."""
    conn = sqlite3.connect(path, isolation_level=None)
    for number, _name, sql in migrations():
        if number <= 5:
            for statement in split_statements(sql):
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 5")
    conn.executemany("INSERT INTO members (user_id) VALUES (?)", [(ALICE,), (BOB,)])
    conn.executemany("INSERT INTO guild_decks (deck_id, guild_id, source_text, uploaded_by, uploaded_at)"
                     " VALUES (?, ?, ?, 99, ?)", [("shared", A, SHARED, MS), ("club", B, CLUB, MS)])
    conn.executemany(
        "INSERT INTO attempts (id, user_id, guild_id, deck_id, card_id, kind, level, source, correct, points,"
        " self_credited, study_day, guild_day, answered_at, answer_text)"
        " VALUES (?, ?, ?, ?, ?, ?, 'beginner', 'drill', ?, ?, ?, ?, ?, ?, 'my answer')",
        [(*row[:10], row[9], row[10]) for row in ATTEMPTS])
    conn.execute("INSERT INTO appeal_reviews (attempt_id, verdict, reviewed_by, reviewed_at) VALUES (2, 'rejected', 99, ?)",
                 (MS,))
    conn.executemany(
        "INSERT INTO srs_cards (user_id, deck_id, card_id, state, step, stability, difficulty, due, last_review)"
        " VALUES (?, ?, ?, 2, NULL, 3.5, 5.0, ?, ?)",
        [(user, deck, card, MS - 60_000 * (index + 1), MS - 86_400_000) for index, (user, deck, card) in enumerate(SRS)])
    conn.executemany("INSERT INTO concept_stats (user_id, deck_id, card_id, concept, seen, missed) VALUES (?, ?, ?, ?, ?, ?)",
                     CONCEPTS)
    conn.executemany("INSERT INTO drill_served (user_id, scope, deck_id, card_id, served_at) VALUES (?, 'deck=|level=|kind=', ?, ?, ?)",
                     [(ALICE, "shared", "f1", MS), (ALICE, "tiny", "f1", MS)])
    conn.executemany("INSERT INTO study_days (guild_id, user_id, day) VALUES (?, ?, ?)",
                     [(A, ALICE, DAY - 1), (A, ALICE, DAY), (B, ALICE, DAY), (B, BOB, DAY - 3), (B, BOB, DAY)])
    conn.execute("INSERT INTO period_scores (guild_id, period, starts, user_id, points, attempts, correct)"
                 " VALUES (?, 'all', 0, ?, 10, 2, 1)", (A, ALICE))
    conn.close()


def table(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


async def test_a_version_5_database_migrates_and_reads_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "recall.db"
    version_5_database(path)
    with sqlite3.connect(path) as conn:
        before = {name: table(conn, f"SELECT * FROM {name}") for name in
                  ("members", "study_days", "period_scores", "appeal_reviews")}
        old_attempts = table(conn, "SELECT * FROM attempts")
    connect(path).close()  # what the bot does at start: apply the pending migrations

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        for name, rows in before.items():
            old = len(rows[0]) if rows else 0  # the columns it had (later migrations add some: 019 members.locale)
            assert sorted((row[:old] for row in conn.execute(f"SELECT * FROM {name}")), key=repr) == rows, name
        old_columns = [c[1] for c in conn.execute("PRAGMA table_info(attempts)")][:len(old_attempts[0])]
        assert table(conn, f"SELECT {', '.join(old_columns)} FROM attempts") == old_attempts  # every row, unchanged
        owners = dict(conn.execute("SELECT id, deck_guild FROM attempts"))
        assert owners == {1: B, 2: A, 3: A, 4: A, 5: 0, 6: B, 7: 0}
        appealed = dict(conn.execute("SELECT id, appealed_at FROM attempts"))
        assert appealed[2] == MS - 86_400_000 and [k for k, v in appealed.items() if v is not None] == [2]
        srs = {(r[0], r[1], r[2], r[3]): r[4:] for r in conn.execute(
            "SELECT user_id, deck_guild, deck_id, card_id, state, stability, difficulty, due FROM srs_cards")}
        assert set(srs) == {(BOB, B, "shared", "f1"), (ALICE, A, "shared", "f1"), (ALICE, A, "shared", "o1"),
                            (ALICE, 0, "tiny", "o1"), (BOB, B, "club", "f1"), (BOB, 0, "gone", "x")}
        assert all(values[:3] == (2, 3.5, 5.0) for values in srs.values())
        assert table(conn, "SELECT user_id, guild_id, deck_guild, deck_id, card_id, concept, seen, missed FROM concept_stats") \
            == sorted([(ALICE, A, A, "shared", "o1", "alpha", 1, 0), (ALICE, A, A, "shared", "o1", "beta", 1, 1),
                       (ALICE, B, 0, "tiny", "o1", "beta", 1, 1)], key=repr)
        assert table(conn, "SELECT deck_guild, deck_id, card_id FROM drill_served") == [(0, "tiny", "f1"), (A, "shared", "f1")]
        assert table(conn, "SELECT guild_id, deck_id, uploaded_by, uploaded_at FROM guild_decks") \
            == [(A, "shared", 99, MS), (B, "club", 99, MS)]
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'migration_007_latest'").fetchone() is None
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    decks: dict[str, Deck] = {"tiny": tiny_deck()}
    services = await open_services(f"sqlite:///{path}", decks)
    try:
        await _reads_back(services)
    finally:
        await services.close()


async def _reads_back(services: Services) -> None:
    """What the members see after the migration: the same history, each deck where it belongs."""
    assert services.catalogue.card(A, "shared", "f1").back == "A back"  # type: ignore[union-attr]
    assert services.catalogue.deck_for(B, "shared") is None and services.catalogue.deck_for(B, "club") is not None
    in_a = await services.recall.stats(Learner(ALICE, A), now=NOW)
    assert (in_a.total.attempts, in_a.total.correct) == (2, 1)
    assert set(in_a.by_deck) == {DeckRef(A, "shared")} and in_a.deck_titles[DeckRef(A, "shared")] == "A's shared deck"
    assert [(c.concept, c.missed) for c in in_a.weakest_concepts] == [("beta", 1)]
    assert in_a.study_days == (date(2026, 3, 1), date(2026, 3, 2))
    in_b = await services.recall.stats(Learner(BOB, B), now=NOW)
    assert set(in_b.by_deck) == {DeckRef(B, "shared"), DeckRef(B, "club"), DeckRef(0, "gone")}
    everywhere = await services.recall.stats(Learner(ALICE, None), now=NOW)
    assert everywhere.total.attempts == 4 and everywhere.deck_titles[DeckRef(A, "shared")] == "A's shared deck"
    # Review state: Alice's cards of A's deck come back in a DM; Bob's of B's removed `shared` never show A's.
    alice_due = await services.recall.due_cards(ALICE, now=NOW)
    assert {(d.deck_guild, d.deck_id, d.card_id) for d in alice_due} == {(A, "shared", "f1"), (A, "shared", "o1"),
                                                                         (0, "tiny", "o1")}
    bob_due = await services.recall.due_cards(BOB, now=NOW)
    assert {(d.deck_guild, d.deck_id, d.card_id) for d in bob_due} == {(B, "club", "f1")}
    # The appeal rejected before the migration can't be claimed again.
    from bot.core.errors import NotAppealable

    try:
        await services.recall.appeal(Learner(ALICE, A), 2, now=NOW)
    except NotAppealable as refused:
        assert refused.user_message == "You already appealed this answer."
    else:
        raise AssertionError("a reviewed appeal was claimed again")
    # New answers continue the migrated review state of the same deck.
    again = await services.recall.rate_flashcard(Learner(ALICE, A), "shared", "f1", FlashRating.GOOD, now=NOW, rng=random.Random(1))
    assert again.next_review is not None and again.next_review > NOW + timedelta(days=1)
