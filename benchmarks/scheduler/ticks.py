"""CPU time per scheduler tick over a simulated day."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.scheduler.common import CountingSender, add_schedules, open_services, spread_plans
from bot.core.schedule_rule import timezone_names


async def _run(path: Path, servers: int, hours: int) -> list[tuple[str, str]]:
    rng = random.Random(6)
    zones = rng.sample(list(timezone_names()), 400)
    start = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    services = await open_services(path)
    sender = CountingSender()
    try:
        began = time.perf_counter()
        await add_schedules(services, spread_plans(servers, zones, rng), start)
        setup = time.perf_counter() - began
        await services.scheduling.claim_due(now=start, rng=rng)  # the first tick decides every schedule once
        idle: list[tuple[float, int]] = []
        busy: list[tuple[float, int]] = []
        posted = 0
        for minute in range(1, hours * 60 + 1):
            now = start + timedelta(minutes=minute, seconds=0.2)
            cpu = time.process_time()
            claimed = await services.scheduling.claim_due(now=now, rng=rng)
            for post in claimed:
                await services.scheduling.deliver(post, sender, now=now)
            spent = time.process_time() - cpu
            (busy if claimed else idle).append((spent, len(claimed)))
            posted += len(claimed)
    finally:
        await services.close()
    every = [spent for spent, _ in idle + busy]
    per_post = sum(s for s, _ in busy) / posted if posted else 0.0
    worst = max(busy or idle)
    return [
        ("ticks: servers / timezones", f"{servers} / {len(zones)}"),
        ("ticks: set-up (add schedules)", f"{setup:.1f} s"),
        ("ticks: simulated", f"{hours * 60} minute ticks, {posted} posts"),
        ("ticks: CPU, idle tick (median)", f"{statistics.median(s for s, _ in idle) * 1000:.2f} ms" if idle else "-"),
        ("ticks: CPU, average tick", f"{statistics.fmean(every) * 1000:.2f} ms"),
        ("ticks: CPU, worst tick", f"{worst[0] * 1000:.1f} ms ({worst[1]} posts claimed and recorded)"),
        ("ticks: CPU per post (claim + record)", f"{per_post * 1000:.2f} ms"),
    ]


def run(path: Path, servers: int, hours: int) -> list[tuple[str, str]]:
    return asyncio.run(_run(path, servers, hours))
