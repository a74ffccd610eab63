"""One asyncpg round trip to PostgreSQL on 127.0.0.1: the floor under every query the backend will make.

    python -m benchmarks.storage.postgres_round_trip [--url postgresql://...] [--count 2000] [--json-out F]

Without --url it starts the tests' throwaway server (tests/postgres_server.py: initdb + pg_ctl, as the
postgres user when run as root) and removes it afterwards. Measures, one connection, sequentially:
`SELECT 1` (a prepared statement: one round trip), a one-row primary-key read, and a single-row INSERT in
its own transaction (BEGIN + INSERT + COMMIT: three round trips, plus the commit's WAL write; fsync is off
on the throwaway server, so this is the protocol's cost, not the disk's). Bounded: --count iterations of
each (at most 100,000), after 200 warm-up ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

import asyncpg

from tests.postgres_server import ThrowawayServer

WARM_UP = 200
MAX_COUNT = 100_000


async def timed(count: int, action) -> dict[str, float]:
    for _ in range(WARM_UP):
        await action()
    samples = []
    for _ in range(count):
        started = time.perf_counter_ns()
        await action()
        samples.append((time.perf_counter_ns() - started) / 1000)
    samples.sort()
    return {"p50_us": round(statistics.median(samples), 1), "p99_us": round(samples[int(len(samples) * 0.99) - 1], 1),
            "mean_us": round(statistics.fmean(samples), 1)}


async def measure(url: str, count: int) -> dict[str, dict[str, float]]:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TEMPORARY TABLE bench (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)")
        await conn.executemany("INSERT INTO bench VALUES ($1, $1)", [(i,) for i in range(1000)])
        select_one = await conn.prepare("SELECT 1")
        read = await conn.prepare("SELECT value FROM bench WHERE id = $1")
        next_id = iter(range(1000, 1000 + count + WARM_UP))

        async def insert() -> None:
            async with conn.transaction():
                await conn.execute("INSERT INTO bench VALUES ($1, 0)", next(next_id))

        return {
            "SELECT 1": await timed(count, select_one.fetchval),
            "primary-key read": await timed(count, lambda: read.fetchval(500)),
            "INSERT in its own transaction": await timed(count, insert),
        }
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an existing server (default: start a throwaway one on 127.0.0.1)")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="200 iterations")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    count = 200 if args.quick else max(1, min(args.count, MAX_COUNT))
    server = None
    url = args.url
    if url is None:
        server = ThrowawayServer()
        url = server.start().url("postgres")
    try:
        figures = asyncio.run(measure(url, count))
    finally:
        if server is not None:
            server.stop()
    rows = [{"figure": f"asyncpg {name}, 127.0.0.1 (n={count})",
             "value": f"p50 {f['p50_us']} us, p99 {f['p99_us']} us", "note": f"mean {f['mean_us']} us"}
            for name, f in figures.items()]
    for row in rows:
        print(f"{row['figure']}: {row['value']} ({row['note']})")
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
