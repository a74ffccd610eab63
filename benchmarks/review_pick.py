"""`python -m benchmarks.review_pick [--quick] [--members N] [--json-out FILE]`: the cost of a `pick: review` post.

The worst case the issue names: a 1,000-card deck every one of 2,000 members (`--quick`: 200) has
studied in the server, each card answered in the server and holding a review state (2,000,000 states and
as many answers; plus a second server whose answers must not be read). Timed on the real SQLite file
through the services (wall ms, best of 3): the group-memory aggregate (`ScheduleStore.group_memory`, one
query on a read-only connection of its own), a whole tick that claims a review post (the aggregate, then the claim's
write transaction), and the longest the event loop went without running while the aggregate ran (a 5 ms
ticker: the read runs on the reader's thread, so this stays near the ticker's period). Also: the rows the
query returns (at most one per card) and its `EXPLAIN QUERY PLAN`. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.core.group_pick import forgetting_curve
from bot.core.instants import to_ms
from bot.storage.group_memory import GROUP_MEMORY_SQL, group_memory_params
from bot.storage.sqlite import connect

NOW = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)
GUILD, OTHER, CARDS = 1, 2, 1000


def deck() -> Deck:
    return validate_deck({"id": "big", "title": "Big", "cards": [
        {"id": f"c{n}", "kind": "flashcard", "level": "beginner", "front": f"F{n}?", "back": f"B{n}"}
        for n in range(CARDS)]})


def seed(path: Path, members: int) -> float:
    started = time.perf_counter()
    connect(path).close()  # created and migrated
    rng = random.Random(5)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executemany("INSERT INTO members (user_id) VALUES (?)", [(u,) for u in range(1000, 1000 + members + 50)])
        for user in range(1000, 1000 + members):
            states, answers = [], []
            for n in range(CARDS):
                last = NOW - timedelta(days=rng.uniform(0, 90))
                stability = rng.uniform(0.5, 120)
                states.append((user, f"c{n}", stability, to_ms(last + timedelta(days=stability)), to_ms(last)))
                answers.append((user, GUILD, f"c{n}", to_ms(last)))
            conn.executemany("INSERT INTO srs_cards (user_id, deck_guild, deck_id, card_id, state, stability,"
                             " difficulty, due, last_review) VALUES (?, 0, 'big', ?, 2, ?, 5.0, ?, ?)", states)
            conn.executemany("INSERT INTO attempts (user_id, guild_id, deck_guild, deck_id, card_id, kind, level,"
                             " source, correct, points, answered_at) VALUES (?, ?, 0, 'big', ?, 'flashcard',"
                             " 'beginner', 'drill', 1, 1, ?)", answers)
        # another server's members on the same built-in deck: read by nothing here
        other = [(u, OTHER, f"c{n}", to_ms(NOW)) for u in range(1000 + members, 1000 + members + 50) for n in range(CARDS)]
        conn.executemany("INSERT INTO attempts (user_id, guild_id, deck_guild, deck_id, card_id, kind, level,"
                         " source, correct, points, answered_at) VALUES (?, ?, 0, 'big', ?, 'flashcard',"
                         " 'beginner', 'drill', 1, 1, ?)", other)
        conn.execute("ANALYZE")
    return time.perf_counter() - started


async def longest_stall(work: Any) -> tuple[float, float]:
    """(wall ms of `work`, the longest gap in ms between two runs of a 5 ms ticker while it ran)."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append((now - last) * 1000)
            last = now

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    await work
    elapsed = (time.perf_counter() - started) * 1000
    done.set()
    await task
    return elapsed, max(gaps, default=0.0)


async def measure(path: Path) -> list[dict[str, Any]]:
    services = await open_services(f"sqlite:///{path}", {"big": deck()})
    figures: list[dict[str, Any]] = []
    try:
        store, ids = services.scheduling.store, [f"c{n}" for n in range(CARDS)]
        reads, stalls, rows = [], [], 0
        for _ in range(3):
            elapsed, stall = await longest_stall(store.group_memory(GUILD, 0, "big", ids, to_ms(NOW), forgetting_curve()))
            reads.append(elapsed)
            stalls.append(stall)
        rows = len(await store.group_memory(GUILD, 0, "big", ids, to_ms(NOW), forgetting_curve()))
        # a command's read on the shared read connection while the aggregate runs on its own connection
        aggregate = asyncio.create_task(store.group_memory(GUILD, 0, "big", ids, to_ms(NOW), forgetting_curve()))
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        await services.scheduling.schedules(GUILD, now=NOW)
        side_read = (time.perf_counter() - started) * 1000
        still_running = not aggregate.done()
        await aggregate
        figures += [
            {"figure": "group-memory aggregate (best of 3)", "value": f"{min(reads):.0f} ms",
             "note": f"worst {max(reads):.0f} ms; on a read-only connection of its own"},
            {"figure": "event loop: longest gap while it ran", "value": f"{max(stalls):.1f} ms",
             "note": "5 ms ticker; the query runs in a worker thread"},
            {"figure": "rows returned", "value": str(rows), "note": f"at most one per card ({CARDS})"},
            {"figure": "/schedule list read during the aggregate", "value": f"{side_read:.1f} ms",
             "note": "shared read connection" + ("" if still_running else " (the aggregate had already ended)")},
        ]
        for pick in ("rotation", "review"):
            ticks = []
            for day in range(3):
                minute = day + (0 if pick == "rotation" else 10)
                await services.scheduling.add(GUILD, 9, channel_id=5, time=f"08:{minute:02d}", timezone="UTC",
                                              deck_id="big", now=NOW, pick=pick)
                started = time.perf_counter()
                (post,) = await services.scheduling.claim_due(now=NOW.replace(hour=8, minute=minute, second=30),
                                                              rng=random.Random(day))
                ticks.append((time.perf_counter() - started) * 1000)
                assert post.post.pick_reason == (None if pick == "rotation" else "memory")
            figures.append({"figure": f"tick claiming a {pick} post (best of 3)", "value": f"{min(ticks):.0f} ms",
                            "note": f"worst {max(ticks):.0f} ms" + ("; aggregate + claim" if pick == "review" else "")})
        with sqlite3.connect(path) as conn:
            params = group_memory_params(GUILD, 0, "big", ids, to_ms(NOW), forgetting_curve())
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + GROUP_MEMORY_SQL, params)]
        figures.append({"figure": "query plan", "value": " | ".join(plan), "note": ""})
    finally:
        await services.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 members instead of 2,000")
    parser.add_argument("--members", type=int, default=None)
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args()
    members = args.members or (200 if args.quick else 2000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "recall.db"
        seconds = seed(path, members)
        figures = [{"figure": "database", "value": f"{members} members x {CARDS} cards",
                    "note": f"{members * CARDS:,} states and answers, seeded in {seconds:.0f} s"}]
        figures += asyncio.run(measure(path))
    for item in figures:
        print(f"{item['figure']:<45} {item['value']:<14} {item['note']}")
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
