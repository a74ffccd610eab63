"""How long a standby takes to own a shard whose owner was killed with SIGKILL (issue 14: within 30 s).

    python -m benchmarks.storage.shard_takeover [--url postgresql://...] [--runs 5] [--poll 5] [--json-out F]

Each run: a child process (tests/storage/postgres/lease_holder.py) takes shard 0's lease; a `LeaseKeeper`
with the default timings (or --poll) waits for it as a standby; after a random part of one poll the child is
killed with SIGKILL, and the time until the keeper reports owning shard 0 is measured. The server frees a
killed session's locks as soon as it reads the closed socket, so the takeover is bounded by the standby's
poll. Without --url a throwaway server is started on 127.0.0.1 (tests/postgres_server.py). Bounded: at
most 20 runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bot.storage.postgres.shard_lease import LeaseKeeper, LeaseTimings
from tests.postgres_server import ThrowawayServer

ROOT = Path(__file__).resolve().parents[2]
MAX_RUNS = 20


async def one_takeover(url: str, timings: LeaseTimings, rng: random.Random) -> float:
    owner = subprocess.Popen([sys.executable, "-m", "tests.storage.postgres.lease_holder", url, "0"],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    owned = asyncio.Event()

    async def gained(shards: frozenset[int]) -> None:
        if 0 in shards:
            owned.set()

    async def lost(_shards: frozenset[int]) -> None:
        return None

    keeper = LeaseKeeper(url, [0], gained, lost, timings)
    running = None
    try:
        assert owner.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(owner.stdout.readline), 60)
        if line.strip() != "holding 0":
            raise RuntimeError(f"the owner process did not take shard 0: {line!r}")
        running = asyncio.create_task(keeper.run())
        await asyncio.sleep(timings.poll_s + rng.uniform(0, timings.poll_s))
        if owned.is_set():
            raise RuntimeError("the standby owned shard 0 while its owner was alive")
        killed_at = time.monotonic()
        os.kill(owner.pid, signal.SIGKILL)
        await asyncio.wait_for(owned.wait(), 120)
        return time.monotonic() - killed_at
    finally:
        if owner.poll() is None:
            owner.kill()
        owner.wait(10)
        await keeper.stop()
        if running is not None:
            await running


async def measure(url: str, runs: int, timings: LeaseTimings) -> list[float]:
    rng = random.Random(14)
    return [await one_takeover(url, timings, rng) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an existing server (default: start a throwaway one on 127.0.0.1)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--poll", type=float, default=None, help="the standby's poll in seconds (default: LeaseTimings')")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    timings = LeaseTimings() if args.poll is None else replace(LeaseTimings(), poll_s=args.poll)
    runs = max(1, min(args.runs, MAX_RUNS))
    server = None
    url = args.url
    if url is None:
        server = ThrowawayServer()
        url = server.start().url("postgres")
    try:
        seconds = asyncio.run(measure(url, runs, timings))
    finally:
        if server is not None:
            server.stop()
    row = {"figure": f"standby takeover after SIGKILL, poll {timings.poll_s:g} s (n={runs})",
           "value": f"max {max(seconds):.2f} s, mean {sum(seconds) / len(seconds):.2f} s",
           "note": "runs: " + ", ".join(f"{s:.2f}" for s in seconds)}
    print(f"{row['figure']}: {row['value']} ({row['note']})")
    if args.json_out:
        args.json_out.write_text(json.dumps([row], indent=2))


if __name__ == "__main__":
    main()
