"""`record_attempt` on SQLite and on PostgreSQL in one run: attempts/s and the acknowledge latency's p99.

    python -m benchmarks.storage.backends [--url postgresql://...] [--count 3000] [--concurrency 64] [--json-out F]

The same store code on both backends (PostgreSQL through bot/storage/postgres's facade): `--count` new
attempts by distinct members (each a member's first answer, so every one writes its attempt row, study day,
streak, three period rows, review state), `--concurrency` of them in flight at once as the bot's handlers
would be, each timed from the call to its acknowledgement (its group commit returned). SQLite: a file in a
temporary folder (WAL, synchronous=NORMAL). PostgreSQL: `--url` (its database must be empty or Recall's),
else the tests' throwaway server on 127.0.0.1 (tests/postgres_server.py; fsync off there, so the figure is
the protocol's and the facade's cost, not a disk's). Bounded: at most 50,000 attempts per backend.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.services.records import NewAttempt
from bot.storage.database import Database

MAX_COUNT = 50_000
WARM_UP = 200
START = datetime(2026, 3, 2, 12, tzinfo=UTC)


def attempt(number: int) -> NewAttempt:
    return NewAttempt(
        user_id=1_000_000 + number, guild_id=1 + number % 8, deck_id="bench", card_id=f"c{number % 50}",
        kind="choice", level="beginner", source="drill", question_key=f"bench:{number}", choice=number % 4,
        answer_text=None, rating=None, correct=number % 3 != 0, concepts_hit=None, concepts_total=None,
        points=1 if number % 3 else 0, answered_at=START + timedelta(milliseconds=number), srs_rating=3,
        srs_seed=number,
    )


async def run(url: str, count: int, concurrency: int) -> dict[str, float]:
    db = await Database.open(url)
    try:
        for number in range(WARM_UP):
            await db.record_attempt(attempt(MAX_COUNT + number))
        latencies: list[float] = []
        numbers = iter(range(count))
        started = time.perf_counter()

        async def caller() -> None:
            for number in numbers:
                began = time.perf_counter()
                stored = await db.record_attempt(attempt(number))
                latencies.append(time.perf_counter() - began)
                assert not stored.duplicate

        await asyncio.gather(*(caller() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    finally:
        await db.close()
    latencies.sort()
    return {"attempts": count, "seconds": round(elapsed, 2), "attempts_per_s": round(count / elapsed),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
            "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000, 2)}


async def postgres_database(server_url: str) -> str:
    import asyncpg

    name = f"recall_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server_url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PostgreSQL database (default: a new one on a throwaway server)")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    count = max(1, min(args.count, MAX_COUNT))
    concurrency = max(1, min(args.concurrency, 1024))
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="recall-bench-") as folder:
        figures["sqlite"] = asyncio.run(run(f"sqlite:///{folder}/bench.db", count, concurrency))
    server = None
    url = args.url
    if url is None:
        from tests.postgres_server import ThrowawayServer

        server = ThrowawayServer()
        url = asyncio.run(postgres_database(server.start().url("postgres")))
    try:
        figures["postgresql"] = asyncio.run(run(url, count, concurrency))
    finally:
        if server is not None:
            server.stop()
    for backend, figure in figures.items():
        print(f"{backend:10s} {figure['attempts_per_s']:>6} attempts/s  p50 {figure['p50_ms']} ms"
              f"  p99 {figure['p99_ms']} ms  ({figure['attempts']} attempts, {concurrency} in flight)")
    if args.json_out:
        args.json_out.write_text(json.dumps({"concurrency": concurrency, **figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
