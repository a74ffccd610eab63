"""Attempts per second through the services (acknowledge after commit) against a raw executemany floor."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.wiring import open_services
from bot.services.api import Learner
from bot.services.bundle import Services
from bot.storage import writer as writer_module
from bot.storage.sqlite import connect
from tests.services.conftest import tiny_deck

START = datetime(2026, 3, 2, 12, tzinfo=UTC)


async def _member(services: Services, user: int, count: int, latencies: list[float]) -> None:
    rng = random.Random(user)
    for i in range(count):
        when = START + timedelta(minutes=i * 37)
        began = time.perf_counter()
        await services.recall.answer_choice(Learner(user, 1), "tiny", "c1", rng.randint(0, 1), now=when, rng=rng)
        latencies.append(time.perf_counter() - began)


async def through_services(path: Path, members: int, per_member: int) -> dict[str, float]:
    services = await open_services(f"sqlite:///{path}", {"tiny": tiny_deck()})
    latencies: list[float] = []
    began = time.perf_counter()
    await asyncio.gather(*(_member(services, user, per_member, latencies) for user in range(1, members + 1)))
    elapsed = time.perf_counter() - began
    writer = services.recall._store.writer  # type: ignore[attr-defined]  # the database behind the port
    batches, jobs = writer.batches, writer.jobs
    await services.close()
    latencies.sort()
    return {
        "attempts": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "jobs_per_commit": jobs / max(1, batches),
    }


def raw_floor(path: Path, count: int) -> dict[str, float]:
    """The same rows into the same table with one executemany in one transaction: no derived rows at all."""
    conn = connect(path)
    conn.executemany("INSERT INTO members (user_id) VALUES (?) ON CONFLICT DO NOTHING", [(u,) for u in range(1, 101)])
    rows = [
        (1 + i % 100, 1, "tiny", "c1", "choice", "beginner", "drill", i % 2, i % 2, 10, 739000, 739000,
         1_770_000_000_000 + i)
        for i in range(count)
    ]
    began = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO attempts (user_id, guild_id, deck_id, card_id, kind, level, source, choice, correct, points,"
        " study_day, guild_day, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - began
    conn.close()
    return {"attempts": count, "per_second": count / elapsed}


def run(folder: Path, members: int, per_member: int, one_commit_each: bool) -> list[tuple[str, str]]:
    grouped = asyncio.run(through_services(folder / "services.db", members, per_member))
    floor = raw_floor(folder / "raw.db", int(grouped["attempts"]))
    lines = [
        ("attempts through services, group commit", f"{grouped['per_second']:,.0f}/s"
         f" ({int(grouped['attempts']):,} attempts, {members} concurrent members)"),
        ("ack latency p50 / p99", f"{grouped['p50_ms']:.1f} ms / {grouped['p99_ms']:.1f} ms"),
        ("attempts per commit (mean)", f"{grouped['jobs_per_commit']:.1f}"),
        ("raw sqlite3 executemany floor", f"{floor['per_second']:,.0f}/s"),
        ("services / raw ratio", f"{grouped['per_second'] / floor['per_second']:.3f}"),
    ]
    if one_commit_each:
        saved = writer_module.MAX_BATCH
        writer_module.MAX_BATCH = 1
        try:
            single = asyncio.run(through_services(folder / "single.db", members, per_member))
        finally:
            writer_module.MAX_BATCH = saved
        lines.append(("same, one commit per attempt", f"{single['per_second']:,.0f}/s, p99 {single['p99_ms']:.1f} ms"))
    with sqlite3.connect(folder / "services.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == grouped["attempts"]
    return lines
