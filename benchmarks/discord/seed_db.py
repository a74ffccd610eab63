"""A Recall database whose members have a study history, for the Discord benchmark's memory figure.

    python benchmarks/discord/seed_db.py --out /tmp/seeded.db              # 1000 guilds x 100, 100,000 members
    python benchmarks/discord/seed_db.py --out small.db --guilds 3 --members 5

The guild and member ids are the ones `load.py` announces in GUILD_CREATE: `build_fake` gives the fake
Discord fixed snowflakes while it is built, so the load's clicks come from members whose rows exist.
The schema is the storage layer's own (`bot.storage.sqlite.connect` applies the migrations); rows are
bulk-inserted with raw SQL in a few big transactions, as `benchmarks/storage/bigdb.py` does. Each member
has 20-100 attempts on the shipped decks' cards over up to 12 weeks ending the study day before `now`,
and every summary table is derived from that attempt log: study days and period scores by aggregation,
streaks (and freeze days) by folding each member's days with `bot.core.streaks` and saving them with
`bot.storage.streak_store.save_streak`, concept tallies from the open answers' hits. Points and
correctness come from `bot.core.points`. Simplification: an SRS row per (member, card) studied, with
its last review, a Review/Relearning state from the last answer and a plausible stability, not an FSRS
replay of every answer (that would take many minutes)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any
from unittest import mock

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.content.loader import load_decks  # noqa: E402
from bot.core import points, streaks  # noqa: E402
from bot.core.srs import FlashRating  # noqa: E402
from bot.core.study_day import DEFAULT_DAY_START_HOUR, month_start, study_day, week_start  # noqa: E402
from bot.storage.sqlite import connect  # noqa: E402
from bot.storage.streak_store import save_streak  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord  # noqa: E402
from tests.e2e.fake_discord import store as fake_store  # noqa: E402
from tests.e2e.fake_discord.ids import DISCORD_EPOCH_MS, SnowflakeFactory  # noqa: E402

FIXED_IDS_FROM_MS = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp() * 1000)
UNIX_EPOCH_DAY = date(1970, 1, 1).toordinal()
DAY_MS, HOUR_MS = 86_400_000, 3_600_000
HISTORY_DAYS = 84
ROLLS = 10  # outcome buckets: 7 in 10 choice answers right, 2 in 10 flashcards "Again", ...
GENERATOR_VERSION = 1  # bump when the rows change: load.py's cache key includes it


class _FixedSnowflakes(SnowflakeFactory):
    """Counts up from a fixed instant while the fake is being built, then hands out real-time ids."""

    def __init__(self, worker_id: int = 1) -> None:
        super().__init__(worker_id)
        self.fixed = True
        self._last = (FIXED_IDS_FROM_MS - DISCORD_EPOCH_MS) << 22

    def next(self) -> str:
        if not self.fixed:
            return super().next()
        self._last += 1
        return str(self._last)


@contextmanager
def _fixed_ids() -> Iterator[None]:
    with mock.patch.object(fake_store, "SnowflakeFactory", _FixedSnowflakes):
        yield


def build_fake(guilds: int, members: int) -> FakeDiscord:
    """The load's fake Discord, with the same guild and member ids on every run (and in this seed)."""
    with _fixed_ids():
        fake = FakeDiscord(guilds=guilds, members_per_guild=members, admin_name=None, settle_s=0.02)
    ids = fake.store.ids
    assert isinstance(ids, _FixedSnowflakes)
    ids.fixed = False  # messages and interactions get real-time snowflakes (discord.py reads their time)
    return fake


def seeded_members(fake: FakeDiscord, count: int) -> list[tuple[int, int]]:
    """(user_id, guild_id) of the first `count` members, guild by guild (the dev guild's first)."""
    found = []
    skip = {fake.store.application_id, fake.store.owner_user["id"]}
    for guild in fake.store.guilds.values():
        found += [(int(m.id), int(guild.id)) for m in guild.members.values() if m.id not in skip]
    if count > len(found):
        raise SystemExit(f"seed_db: {count} members asked, but the fake has only {len(found)} (guilds x members)")
    return found[:count]


def _card_rows() -> list[tuple[Any, ...]]:
    decks = load_decks([REPO_ROOT / "content"]).decks
    rows: list[tuple[Any, ...]] = []
    for deck in sorted(decks.values(), key=lambda d: d.id):
        for card in deck.cards:
            answer = next((i for i, o in enumerate(card.options) if o.correct), 0) if card.kind == "choice" else 0
            options = len(card.options) if card.kind == "choice" else 0
            concepts = [c.name for c in card.concepts] if card.kind == "open" else []
            rows.append((len(rows), deck.id, card.id, card.kind, card.level, answer, options, len(concepts), concepts))
    return rows


def _outcomes(concept_counts: set[int]) -> list[tuple[Any, ...]]:
    """(kind, concepts, roll) -> rating, hits, correct, points, by the rules of bot.core.points."""
    rows: list[tuple[Any, ...]] = []
    for roll in range(ROLLS):
        right = roll < 7
        rows.append(("choice", 0, roll, None, None, int(right), points.choice_points(right)))
        rating = [FlashRating.AGAIN] * 2 + [FlashRating.HARD] * 2 + [FlashRating.GOOD] * 5 + [FlashRating.EASY]
        rows.append(("flashcard", 0, roll, int(rating[roll]), None, int(rating[roll] != FlashRating.AGAIN),
                     points.flashcard_points(rating[roll])))
        for total in concept_counts:
            hits = min(total, roll * (total + 1) // ROLLS + (roll >= 8))
            rows.append(("open", total, roll, None, hits, int(points.open_correct(hits, total)),
                         points.open_points(hits, total)))
    return rows


_TEMP_TABLES = """
CREATE TEMP TABLE seed_members (i INTEGER PRIMARY KEY, user_id INTEGER, guild_id INTEGER, attempts INTEGER,
    cards INTEGER, span INTEGER, last_day INTEGER);
CREATE TEMP TABLE seed_cards (idx INTEGER PRIMARY KEY, deck_id TEXT, card_id TEXT, kind TEXT, level TEXT,
    answer INTEGER, options INTEGER, concepts INTEGER);
CREATE TEMP TABLE seed_concepts (deck_id TEXT, card_id TEXT, j INTEGER, concept TEXT, PRIMARY KEY (deck_id, card_id, j));
CREATE TEMP TABLE seed_outcomes (kind TEXT, concepts INTEGER, roll INTEGER, rating INTEGER, hits INTEGER,
    correct INTEGER, points INTEGER, PRIMARY KEY (kind, concepts, roll));
CREATE TEMP TABLE seed_k (k INTEGER PRIMARY KEY);
CREATE TEMP TABLE seed_daily (guild_id INTEGER, user_id INTEGER, day INTEGER, points INTEGER, attempts INTEGER,
    correct INTEGER, PRIMARY KEY (guild_id, user_id, day)) WITHOUT ROWID;
CREATE TEMP TABLE seed_periods (day INTEGER PRIMARY KEY, week INTEGER, month INTEGER);
"""

# One row per (member, k), in that order (CROSS JOIN): the card cycles over the member's `cards` cards, the day walks forward over
# `span` days ending on `last_day`, the roll picks the outcome. Attempts come out in time order per member.
_ATTEMPTS = f"""
INSERT INTO attempts (user_id, guild_id, deck_id, card_id, kind, level, source, question_key, choice, answer_text,
    rating, correct, concepts_hit, concepts_total, points, study_day, guild_day, answered_at)
SELECT m.user_id, m.guild_id, c.deck_id, c.card_id, c.kind, c.level,
    CASE (m.i + k.k * 3) % 20 WHEN 0 THEN 'scheduled' WHEN 1 THEN 'scheduled' WHEN 2 THEN 'review' ELSE 'drill' END,
    CASE WHEN (m.i + k.k * 3) % 20 < 2 THEN 'seed-' || k.k END,
    CASE WHEN c.kind = 'choice' THEN CASE WHEN o.correct THEN c.answer
        ELSE (c.answer + 1 + k.k % (c.options - 1)) % c.options END END,
    CASE WHEN c.kind = 'open' THEN 'Attention weighs every token against the others; softmax makes the weights '
        || 'sum to one and the values are mixed by them (seeded answer ' || k.k || ').' END,
    o.rating, o.correct, o.hits, CASE WHEN c.kind = 'open' THEN c.concepts END, o.points,
    m.last_day - m.span + 1 + k.k * m.span / m.attempts, m.last_day - m.span + 1 + k.k * m.span / m.attempts,
    (m.last_day - m.span + 1 + k.k * m.span / m.attempts - {UNIX_EPOCH_DAY}) * {DAY_MS}
        + {DEFAULT_DAY_START_HOUR * HOUR_MS} + (m.i % 600) * 60000 + (k.k % 40) * 1200000
FROM seed_members m CROSS JOIN seed_k k CROSS JOIN seed_cards c CROSS JOIN seed_outcomes o
WHERE m.i BETWEEN ? AND ? AND k.k < m.attempts
    AND c.idx = (m.i * 17 + (k.k % m.cards) * 7) % (SELECT COUNT(*) FROM seed_cards)
    AND o.kind = c.kind AND o.concepts = CASE WHEN c.kind = 'open' THEN c.concepts ELSE 0 END
    AND o.roll = (m.i * 7 + k.k * 11) % {ROLLS}
"""

_DERIVED = """
INSERT INTO seed_daily SELECT guild_id, user_id, study_day, SUM(points), COUNT(*), SUM(correct) FROM attempts
    GROUP BY guild_id, user_id, study_day;
INSERT INTO study_days (guild_id, user_id, day) SELECT guild_id, user_id, day FROM seed_daily;
INSERT INTO period_scores (guild_id, period, starts, user_id, points, attempts, correct)
    SELECT d.guild_id, 'week', p.week, d.user_id, SUM(d.points), SUM(d.attempts), SUM(d.correct)
    FROM seed_daily d JOIN seed_periods p ON p.day = d.day GROUP BY d.guild_id, p.week, d.user_id;
INSERT INTO period_scores (guild_id, period, starts, user_id, points, attempts, correct)
    SELECT d.guild_id, 'month', p.month, d.user_id, SUM(d.points), SUM(d.attempts), SUM(d.correct)
    FROM seed_daily d JOIN seed_periods p ON p.day = d.day GROUP BY d.guild_id, p.month, d.user_id;
INSERT INTO period_scores (guild_id, period, starts, user_id, points, attempts, correct)
    SELECT guild_id, 'all', 0, user_id, SUM(points), SUM(attempts), SUM(correct) FROM seed_daily
    GROUP BY guild_id, user_id;
INSERT INTO srs_cards (user_id, deck_id, card_id, state, step, stability, difficulty, due, last_review)
    SELECT user_id, deck_id, card_id, CASE WHEN correct THEN 2 ELSE 3 END, CASE WHEN correct THEN NULL ELSE 0 END,
        stability, 1.0 + 9.0 * (1.0 - rate), last + CASE WHEN correct THEN CAST(stability * 86400000 AS INTEGER)
        ELSE 600000 END, last
    FROM (SELECT user_id, deck_id, card_id, MAX(answered_at) AS last, correct, AVG(correct) AS rate,
          0.5 + 2.5 * SUM(correct) AS stability FROM attempts GROUP BY user_id, deck_id, card_id);
INSERT INTO concept_stats (user_id, deck_id, card_id, concept, seen, missed)
    SELECT a.user_id, a.deck_id, a.card_id, c.concept, COUNT(*), SUM(a.concepts_hit <= c.j)
    FROM attempts a JOIN seed_concepts c ON c.deck_id = a.deck_id AND c.card_id = a.card_id
    WHERE a.kind = 'open' GROUP BY a.user_id, a.deck_id, a.card_id, c.concept;
"""


def _member_rows(members: list[tuple[int, int]], last_day: int, low: int, high: int) -> list[tuple[int, ...]]:
    rows: list[tuple[int, ...]] = []
    for i, (user_id, guild_id) in enumerate(members):
        attempts = low + (i * 7919) % (high - low + 1)
        span = 7 + (i * 31) % (HISTORY_DAYS - 6)  # 7..84 days of history
        idle = 0 if i % 4 else (i // 4) % 15  # a quarter stopped studying up to two weeks ago
        rows.append((i, user_id, guild_id, attempts, 10 + i % 31, span, last_day - idle))
    return rows


def _save_streaks(conn: sqlite3.Connection) -> int:
    """Fold each member's study days with the real streak rules and save them the services' way."""
    rows = conn.execute("SELECT guild_id, user_id, day FROM study_days ORDER BY guild_id, user_id, day")
    saved = 0
    for (guild_id, user_id), days in groupby(rows, key=lambda row: (row[0], row[1])):
        state = streaks.recompute(date.fromordinal(day) for _, _, day in days)
        save_streak(conn, guild_id, user_id, state, state.freeze_days, "UTC", DEFAULT_DAY_START_HOUR)
        saved += 1
    conn.execute(
        "UPDATE member_streaks SET latest_at = x.at, latest_day = x.day FROM (SELECT guild_id, user_id,"
        " MAX(answered_at) AS at, study_day AS day FROM attempts GROUP BY guild_id, user_id) AS x"
        " WHERE member_streaks.guild_id = x.guild_id AND member_streaks.user_id = x.user_id"
    )
    return saved


def seed(path: Path, members: list[tuple[int, int]], *, now: datetime, low: int = 20, high: int = 100,
         chunk: int = 10_000) -> dict[str, Any]:
    """Write the database at `path` (replaced if it exists); returns counts and seconds."""
    began = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    connect(path).close()  # the real schema, migrated by the storage layer
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB for the seeding only (the bot sets its own)
    for statement in _TEMP_TABLES.strip().split(";\n"):
        conn.execute(statement)
    cards = _card_rows()
    last_day = study_day(now, "UTC", DEFAULT_DAY_START_HOUR).toordinal() - 1
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO seed_cards VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [row[:8] for row in cards])
    conn.executemany("INSERT INTO seed_concepts VALUES (?, ?, ?, ?)",
                     [(row[1], row[2], j, name) for row in cards for j, name in enumerate(row[8])])
    conn.executemany("INSERT INTO seed_outcomes VALUES (?, ?, ?, ?, ?, ?, ?)",
                     _outcomes({row[7] for row in cards if row[3] == "open"}))
    conn.executemany("INSERT INTO seed_k VALUES (?)", [(k,) for k in range(high)])
    conn.executemany("INSERT INTO seed_members VALUES (?, ?, ?, ?, ?, ?, ?)", _member_rows(members, last_day, low, high))
    days = [date.fromordinal(day) for day in range(last_day - HISTORY_DAYS - 20, last_day + 1)]
    conn.executemany("INSERT INTO seed_periods VALUES (?, ?, ?)",
                     [(d.toordinal(), week_start(d).toordinal(), month_start(d).toordinal()) for d in days])
    conn.execute("INSERT INTO members (user_id, leaderboard_opt_out) SELECT user_id, i % 100 = 99 FROM seed_members")
    conn.execute("COMMIT")
    indexes = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL")]
    for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL"
    ).fetchall():
        conn.execute(f"DROP INDEX {name}")
    for first in range(0, len(members), chunk):
        conn.execute("BEGIN")
        conn.execute(_ATTEMPTS, (first, first + chunk - 1))
        conn.execute("COMMIT")
    attempts_s = time.perf_counter() - began
    conn.execute("BEGIN")
    for sql in indexes:
        conn.execute(sql)
    for statement in _DERIVED.strip().split(";\n"):
        conn.execute(statement)
    streak_rows = _save_streaks(conn)
    conn.execute("COMMIT")
    counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in (
        "members", "attempts", "study_days", "member_streaks", "freeze_days", "period_scores", "srs_cards",
        "concept_stats")}
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return {"seconds": round(time.perf_counter() - began, 1), "attempt_seconds": round(attempts_s, 1),
            "streaks": streak_rows, "file_mib": round(path.stat().st_size / 2**20, 1), "last_day": last_day, **counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="the database file to write (replaced)")
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--members", type=int, default=100, help="members per guild")
    parser.add_argument("--seed-members", type=int, default=None, help="members with history (all by default)")
    parser.add_argument("--min-attempts", type=int, default=20)
    parser.add_argument("--max-attempts", type=int, default=100)
    args = parser.parse_args(argv)
    if not 1 <= args.min_attempts <= args.max_attempts:
        parser.error("need 1 <= --min-attempts <= --max-attempts")
    fake = build_fake(args.guilds, args.members)
    members = seeded_members(fake, args.guilds * args.members if args.seed_members is None else args.seed_members)
    report = seed(args.out, members, now=datetime.now(UTC), low=args.min_attempts, high=args.max_attempts)
    print(" ".join(f"{key}={value}" for key, value in report.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
