"""One shard process of the sharded scheduler benchmark (`benchmarks/scheduler/shards.py`).

It opens its services as the bot's runner does (`wiring.open_services` on the database URL) and ticks as the
scheduler loop of a shard process does: `claim_due` with `servers=` its `ShardSet` (what `served_shards` gives
a client holding that shard), then records each claimed post as sent through a counting stub sender. The
parent says which simulated minute to tick and waits for every shard before the next one, so the shards hit
the database together, as processes woken at the same minute would.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection

from benchmarks.scheduler.common import CONTENT, CountingSender
from bot.app import wiring
from bot.content.loader import load_decks
from bot.core.shards import ShardSet

STOP = "stop"


@dataclass(frozen=True)
class TickReport:
    """What one shard did in one tick: its CPU (process time, writer thread included) and wall seconds, and
    the slots it claimed as (schedule id, guild id, local date ordinal)."""

    cpu_s: float
    wall_s: float
    claimed: tuple[tuple[int, int, int], ...]


async def _serve(url: str, shards: ShardSet, pipe: Connection) -> None:
    services = await wiring.open_services(url, load_decks([CONTENT]).decks)
    sender = CountingSender()
    rng = random.Random(1000 + shards.ids[0])
    try:
        pipe.send("ready")
        while (order := pipe.recv()) != STOP:  # blocks between ticks only: nothing else runs on this loop then
            now = datetime.fromisoformat(order)
            wall, cpu = time.perf_counter(), time.process_time()
            claimed = await services.scheduling.claim_due(now=now, rng=rng, servers=shards)
            for outgoing in claimed:
                await services.scheduling.deliver(outgoing, sender, now=now)
            spent, took = time.process_time() - cpu, time.perf_counter() - wall
            slots = tuple((o.post.schedule_id, o.post.guild_id, o.post.local_date.toordinal() if o.post.local_date else -1)
                          for o in claimed)
            pipe.send(TickReport(spent, took, slots))
    finally:
        await services.close()


def serve_shard(url: str, count: int, shard: int, pipe: Connection) -> None:
    """The child process's entry point: tick shard `shard` of `count` until told to stop."""
    logging.disable(logging.WARNING)  # one "posted" line per post is not what is measured
    try:
        asyncio.run(_serve(url, ShardSet.of(count, [shard]), pipe))
    except BaseException as error:
        pipe.send(f"shard {shard} failed: {error.__class__.__name__}: {error}")
        raise
