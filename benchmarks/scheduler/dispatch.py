"""Dispatching many posts due the same minute at the pacer's rate, counted by a stub sender."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.scheduler.common import CountingSender, add_schedules, open_services
from bot.app.scheduler_loop import POSTS_PER_SECOND, PostQueue
from bot.core.schedule_rule import timezone_names


async def _run(path: Path, posts: int, rate: float | None) -> list[tuple[str, str]]:
    rng = random.Random(9)
    zones = [zone for zone in timezone_names() if zone.startswith("Etc/") is False][:400]
    # Every server's 09:00 local falls on the same UTC minute: pick zones at UTC+0 in March.
    utc_zones = [z for z in zones if z in ("UTC", "Europe/London", "Europe/Lisbon", "Africa/Abidjan", "Atlantic/Reykjavik")]
    utc_zones = utc_zones or ["UTC"]
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    services = await open_services(path)
    sender = CountingSender()
    pace = rate or POSTS_PER_SECOND
    try:
        plans = [("09:00", utc_zones[index % len(utc_zones)]) for index in range(posts)]
        await add_schedules(services, plans, start)
        due = start + timedelta(hours=1, seconds=0.2)
        cpu, began = time.process_time(), time.perf_counter()
        claimed = await services.scheduling.claim_due(now=due, rng=rng)
        claim_wall = time.perf_counter() - began
        queue = PostQueue(lambda item: services.scheduling.deliver(item, sender, now=due), pace)
        queue.start()
        for outgoing in claimed:
            queue.put(outgoing)
        await queue.join()
        total = time.perf_counter() - began
        cpu = time.process_time() - cpu
        await queue.stop()
        recorded = sum(1 for view in await services.scheduling.store.unsent())
    finally:
        await services.close()
    return [
        ("dispatch: posts due the same minute", f"{posts} (claimed {len(claimed)} in {claim_wall:.2f} s)"),
        ("dispatch: sender", "counting stub (no network), through PostQueue + Pacer + services.deliver"),
        ("dispatch: pace", f"{pace:.0f} posts/s"),
        ("dispatch: time to the last post", f"{total:.1f} s"),
        ("dispatch: busiest 1-second window", f"{sender.busiest_second()} requests (429 above 50)"),
        ("dispatch: CPU for the whole minute", f"{cpu:.2f} s"),
        ("dispatch: intents left unsent", str(recorded)),
    ]


def run(path: Path, posts: int, rate: float | None) -> list[tuple[str, str]]:
    return asyncio.run(_run(path, posts, rate))
