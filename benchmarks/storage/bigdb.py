"""Leaderboard and due-cards query times on a large database generated with raw SQL."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import sqlite3
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bot.app.wiring import open_services
from bot.core.study_day import day_start, month_start, week_start
from bot.storage.sqlite import connect
from tests.services.conftest import tiny_deck

TODAY = date(2026, 3, 4)  # a Wednesday
NOW = day_start(TODAY, "UTC", 4) + timedelta(hours=10)
CARDS_PER_MEMBER = 20
CHUNK = 1_000_000


def _numbers(count: int) -> str:
    return f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {count - 1})"


def generate(path: Path, members: int, attempts: int) -> dict[str, float]:
    """Members, attempts over 12 weeks, and the summary rows the services keep (built here in bulk)."""
    connect(path).close()  # the real schema, migrated
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    indexes = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts'"
                           " AND sql IS NOT NULL").fetchall()
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts'"
                                " AND sql IS NOT NULL").fetchall():
        conn.execute(f"DROP INDEX {name}")
    began = time.perf_counter()
    today, now_ms = TODAY.toordinal(), int(NOW.timestamp() * 1000)
    conn.execute("BEGIN")
    conn.execute(f"{_numbers(members)} INSERT INTO members (user_id, leaderboard_opt_out)"
                 " SELECT i + 1, i % 100 = 0 FROM n")
    conn.execute("COMMIT")
    for offset in range(0, attempts, CHUNK):
        size = min(CHUNK, attempts - offset)
        conn.execute("BEGIN")
        conn.execute(
            f"{_numbers(size)} INSERT INTO attempts (user_id, guild_id, deck_id, card_id, kind, level, source,"
            " question_key, choice, correct, points, study_day, guild_day, answered_at)"
            f" SELECT 1 + ((i + {offset}) * 7919) % {members}, 1, 'deck', 'card-' || (i % {CARDS_PER_MEMBER}),"
            " 'choice', 'beginner', CASE WHEN i % 10 = 0 THEN 'scheduled' ELSE 'drill' END,"
            f" CASE WHEN i % 10 = 0 THEN 'm' || (i + {offset}) END, i % 4, (i % 7) < 5,"
            f" CASE WHEN (i % 7) < 5 THEN 10 ELSE 1 END, {today} - (i % 84), {today} - (i % 84),"
            f" {now_ms} - (i % 84) * 86400000 - (i % 86400) * 1000 FROM n"
        )
        conn.execute("COMMIT")
    for (sql,) in indexes:
        conn.execute(sql)
    generated = time.perf_counter() - began
    week, month = week_start(TODAY).toordinal(), month_start(TODAY).toordinal()
    conn.execute("BEGIN")
    for period, starts in (("week", week), ("month", month), ("all", 0)):
        conn.execute(
            "INSERT INTO period_scores (guild_id, period, starts, user_id, points, attempts, correct)"
            f" SELECT 1, '{period}', {starts}, user_id, SUM(points), COUNT(*), SUM(correct) FROM attempts"
            f" WHERE guild_id = 1 AND guild_day >= {starts} GROUP BY user_id"
        )
    conn.execute(
        f"{_numbers(members)} INSERT INTO member_streaks (guild_id, user_id, current_streak, longest_streak, freezes,"
        f" last_day, alive_until) SELECT 1, i + 1, (i * 31) % 90, 90, i % 3, {today} - (i % 3),"
        f" {now_ms} + CASE WHEN i % 3 = 2 THEN -1 ELSE 86400000 END FROM n"
    )
    conn.execute(
        f"{_numbers(members * CARDS_PER_MEMBER)} INSERT INTO srs_cards (user_id, deck_id, card_id, state, step,"
        f" stability, difficulty, due, last_review) SELECT 1 + i / {CARDS_PER_MEMBER}, 'tiny',"
        f" 'card-' || (i % {CARDS_PER_MEMBER}), 2, NULL, 10.0, 5.0,"
        f" {now_ms} + ((i * 104729) % 5184000 - 2592000) * 1000, {now_ms} - 86400000 FROM n"
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    sizes = dict(conn.execute(
        "SELECT name, SUM(pgsize) FROM dbstat WHERE name IN ('attempts', 'attempts_by_member',"
        " 'attempts_once_per_question') GROUP BY name").fetchall())
    conn.close()
    return {"seconds": time.perf_counter() - began, "attempt_seconds": generated,
            "attempt_bytes": float(sum(sizes.values())), "file_bytes": float(path.stat().st_size)}


async def _time(call, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(repeats):
        began = time.perf_counter()
        await call(i)
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[-1]


async def measure(path: Path, members: int, repeats: int = 50) -> list[tuple[str, tuple[float, float], int]]:
    first_card = tiny_deck().cards[0]
    cards = [dataclasses.replace(first_card, id=f"card-{i}") for i in range(CARDS_PER_MEMBER)]
    decks = {"tiny": dataclasses.replace(tiny_deck(), cards=cards)}
    services = await open_services(f"sqlite:///{path}", decks)
    rng = random.Random(3)
    results = []
    try:
        for period in ("week", "month", "all"):
            board = await services.recall.leaderboard(1, now=NOW, period=period)
            timing = await _time(lambda _, period=period: services.recall.leaderboard(1, now=NOW, period=period), repeats)
            results.append((f"leaderboard points {period}", timing, len(board.rows)))
        for metric, period in (("accuracy", "all"), ("accuracy", "week"), ("streak", "all")):
            board = await services.recall.leaderboard(1, now=NOW, period=period, metric=metric, min_attempts=10)
            timing = await _time(lambda _, p=period, m=metric: services.recall.leaderboard(1, now=NOW, period=p, metric=m,
                                                                                    min_attempts=10), repeats)
            label = f"leaderboard {metric} {period}" + (" (min 10 attempts)" if metric == "accuracy" else "")
            results.append((label, timing, len(board.rows)))
        users = [rng.randint(1, members) for _ in range(repeats)]
        due = await services.recall.due_cards(users[0], now=NOW)
        timing = await _time(lambda i: services.recall.due_cards(users[i], now=NOW), repeats)
        results.append(("due cards (25) for a member", timing, len(due)))
    finally:
        await services.close()
    return results


def run(folder: Path, members: int, attempts: int) -> list[tuple[str, str]]:
    path = folder / "big.db"
    built = generate(path, members, attempts)
    lines = [
        ("generated", f"{members:,} members, {attempts:,} attempts in {built['seconds']:.0f} s"
         f" (attempts {built['attempt_seconds']:.0f} s)"),
        ("attempts + their indexes per million", f"{built['attempt_bytes'] / attempts * 1e6 / 2**20:.1f} MiB"),
        ("whole file per million attempts", f"{built['file_bytes'] / attempts * 1e6 / 2**20:.1f} MiB"
         f" (file {built['file_bytes'] / 2**20:,.0f} MiB incl. summaries, {members * CARDS_PER_MEMBER:,} SRS rows)"),
    ]
    for name, (median, worst), rows in asyncio.run(measure(path, members)):
        lines.append((name, f"median {median:.2f} ms, max {worst:.2f} ms ({rows} rows)"))
    return lines

