"""`python -m benchmarks.scheduler.shards [--quick] [--url postgresql://...] [--json-out F]`: scheduler ticks with
N servers' schedules spread over 8 shards, each shard ticked by its own process on one PostgreSQL (issue 14).

1. N servers (full 100,000; --quick 8,000), one daily `mixed` schedule each, with the times and 400 timezones
   of `benchmarks/scheduler/ticks.py` (same seed), added through the scheduling service. The server ids are
   snowflake-like (`shard_checks.snowflake_guilds`), so Discord's rule `(id >> 22) % 8` spreads them evenly.
2. 8 shard processes (separate OS processes, `shard_process.py`), each with its own services opened as the
   bot's runner opens them, ticking as a shard process's scheduler does (`claim_due(servers=<its shard>)`,
   then recording each post as sent). Every process ticks the same simulated minute at once: the first tick
   (deciding every schedule of the shard), then a day of minute ticks (--hours; --quick 2).
3. Per shard: CPU per tick (process time, writer thread included: idle median, average, worst), the wall
   time of its slowest tick, posts claimed; the PostgreSQL server's own CPU over the ticks (throwaway server
   only). Checks: every due slot (worked out with zoneinfo) claimed exactly once across the shards and
   stored once; no shard claimed another shard's server.
4. For comparison, the same N servers on SQLite in one process serving every shard (`ticks.run`).

Without --url a throwaway server runs on 127.0.0.1 (tests/postgres_server.py, fsync off); --url must name an
empty database. Without PostgreSQL on the machine the sharded part is skipped with a row saying why.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.scheduler import ticks
from benchmarks.scheduler.common import CONTENT, DECK, spread_plans
from benchmarks.scheduler.shard_checks import Planted, Verdict, due_slots, judge, shard_of, snowflake_guilds
from benchmarks.scheduler.shard_process import STOP, TickReport, serve_shard
from bot.app import wiring
from bot.content.loader import load_decks
from bot.core.schedule_rule import timezone_names
from tests.postgres_server import ThrowawayServer, Unavailable

SHARDS = 8
START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # the same simulated day as ticks.py
Row = tuple[str, str]


async def plant(url: str, servers: int) -> tuple[list[Planted], float]:
    """Add the servers' schedules through the scheduling service, 500 at a time; (what was added, seconds)."""
    rng = random.Random(6)  # ticks.py's seed: the same times and timezones in the same order
    zones = rng.sample(list(timezone_names()), 400)
    plans = spread_plans(servers, zones, rng)
    guilds = snowflake_guilds(servers, random.Random(22))
    services = await wiring.open_services(url, load_decks([CONTENT]).decks)
    planted: list[Planted] = []
    began = time.perf_counter()
    try:
        for low in range(0, servers, 500):
            batch = list(zip(guilds[low:low + 500], plans[low:low + 500], strict=True))
            views = await asyncio.gather(*(
                services.scheduling.add(guild_id, 1, channel_id=guild_id + 1, time=at, timezone=zone, deck_id=DECK,
                                        kind="mixed", now=START)
                for guild_id, (at, zone) in batch))
            planted += [Planted(view.id, guild_id, at, zone) for view, (guild_id, (at, zone)) in zip(views, batch, strict=True)]
    finally:
        await services.close()
    return planted, time.perf_counter() - began


def postgres_server_cpu_s(data: Path | None) -> float | None:
    """CPU seconds (user + system) of the server's postmaster and its live children (the sessions), or None."""
    if data is None:
        return None
    try:
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat.parent.name) == postmaster or int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class ShardRun:
    servers: int
    hours: int
    per_shard_servers: dict[int, int]
    setup_s: float
    first: dict[int, TickReport] = field(default_factory=dict)
    minutes: dict[int, list[TickReport]] = field(default_factory=dict)
    minute_walls: list[float] = field(default_factory=list)
    server_cpu_s: float | None = None
    verdict: Verdict | None = None


def _tick_all(pipes: list[multiprocessing.connection.Connection], now: datetime) -> list[TickReport]:
    for pipe in pipes:
        pipe.send(now.isoformat())
    reports = [pipe.recv() for pipe in pipes]
    for shard, report in enumerate(reports):
        if not isinstance(report, TickReport):
            raise RuntimeError(f"shard {shard}: {report}")
    return reports


async def _stored_posts(url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM schedule_posts WHERE local_date IS NOT NULL"))
    finally:
        await conn.close()


def run_shards(url: str, servers: int, hours: int, shards: int = SHARDS, data: Path | None = None) -> ShardRun:
    """Plant `servers` schedules on `url`, tick them with one process per shard, and judge the claims."""
    planted, setup_s = asyncio.run(plant(url, servers))
    counts = {shard: sum(1 for p in planted if shard_of(p.guild_id, shards) == shard) for shard in range(shards)}
    run = ShardRun(servers, hours, counts, setup_s, minutes={shard: [] for shard in range(shards)})
    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for shard in range(shards):
        ours, theirs = context.Pipe()
        process = context.Process(target=serve_shard, args=(url, shards, shard, theirs), name=f"shard-{shard}")
        process.start()
        pipes.append(ours)
        processes.append(process)
    claims: dict[int, list[tuple[int, int, int]]] = {shard: [] for shard in range(shards)}
    try:
        for shard, pipe in enumerate(pipes):
            if (hello := pipe.recv()) != "ready":
                raise RuntimeError(f"shard {shard}: {hello}")
        cpu_before = postgres_server_cpu_s(data)
        last = START
        for minute in range(hours * 60 + 1):
            last = START if minute == 0 else START + timedelta(minutes=minute, seconds=0.2)
            began = time.perf_counter()
            reports = _tick_all(pipes, last)
            run.minute_walls.append(time.perf_counter() - began)
            for shard, report in enumerate(reports):
                claims[shard] += report.claimed
                if minute == 0:
                    run.first[shard] = report
                else:
                    run.minutes[shard].append(report)
            if minute % 60 == 0:  # a long run says how far it got (stderr: the table stays on stdout)
                print(f"simulated {minute // 60} h of {hours} h", file=sys.stderr, flush=True)
        cpu_after = postgres_server_cpu_s(data)
        if cpu_before is not None and cpu_after is not None:
            run.server_cpu_s = cpu_after - cpu_before
    finally:
        for pipe in pipes:
            with contextlib.suppress(OSError):  # a shard that failed has closed its end
                pipe.send(STOP)
        for process in processes:
            process.join(60)
            if process.is_alive():
                process.kill()
    run.verdict = judge(claims, shards, due_slots(planted, START, last), asyncio.run(_stored_posts(url)))
    return run


def shard_rows(run: ShardRun) -> list[Row]:
    label = f"postgresql, {SHARDS} shard processes"
    rows: list[Row] = [
        (f"{label}: servers / timezones / set-up", f"{run.servers} / 400 / {run.setup_s:.1f} s (added through the service)"),
        (f"{label}: servers per shard", " ".join(f"{run.per_shard_servers[s]}" for s in sorted(run.per_shard_servers))),
    ]
    for shard, reports in run.minutes.items():
        every = [r.cpu_s for r in reports]
        idle = [r.cpu_s for r in reports if not r.claimed]
        worst = max(reports, key=lambda r: r.cpu_s)
        slowest = max(r.wall_s for r in reports)
        posts = sum(len(r.claimed) for r in reports)
        rows.append((f"{label}: shard {shard} CPU/tick idle median, average, worst",
                     f"{statistics.median(idle) * 1000 if idle else float('nan'):.2f} / {statistics.fmean(every) * 1000:.2f}"
                     f" / {worst.cpu_s * 1000:.1f} ms ({len(worst.claimed)} posts); slowest tick {slowest * 1000:.1f} ms"
                     f" wall; {posts} posts claimed"))
    first_cpu = max(r.cpu_s for r in run.first.values())
    first_wall = max(r.wall_s for r in run.first.values())
    first_posts = sum(len(r.claimed) for r in run.first.values())
    total_posts = sum(len(r.claimed) for reports in run.minutes.values() for r in reports)
    ticks_count = run.hours * 60
    summed = [sum(run.minutes[s][i].cpu_s for s in run.minutes) for i in range(ticks_count)]
    busy_cpu = sum(r.cpu_s for reports in run.minutes.values() for r in reports if r.claimed)
    rows += [
        (f"{label}: first tick (decides every schedule of the shard)",
         f"worst shard {first_cpu * 1000:.0f} ms CPU, {first_wall * 1000:.0f} ms wall; {first_posts} posts due at once"),
        (f"{label}: simulated", f"{ticks_count} minute ticks, {total_posts} posts"),
        (f"{label}: CPU per post (claim + record), all shards", f"{busy_cpu / max(total_posts, 1) * 1000:.2f} ms"),
        (f"{label}: CPU per minute, all shards summed (average / worst)",
         f"{statistics.fmean(summed) * 1000:.2f} / {max(summed) * 1000:.1f} ms"),
        (f"{label}: minute wall time, all shards together (median / worst)",
         f"{statistics.median(run.minute_walls[1:]) * 1000:.1f} / {max(run.minute_walls[1:]) * 1000:.1f} ms"),
    ]
    if run.server_cpu_s is not None:
        rows.append((f"{label}: PostgreSQL server CPU over all ticks",
                     f"{run.server_cpu_s:.1f} s ({run.server_cpu_s / (ticks_count + 1) * 1000:.1f} ms per minute)"))
    verdict = run.verdict
    assert verdict is not None
    rows += [
        (f"{label}: every due slot claimed exactly once",
         f"{'yes' if verdict.exactly_once else 'NO'}: {verdict.due} due, {verdict.claimed_once} claimed once, "
         f"{verdict.claimed_twice_or_more} more than once, {verdict.missed} missed {list(verdict.missed_examples)}, "
         f"{verdict.not_due_but_claimed} claimed but not due, {verdict.stored_posts} stored"),
        (f"{label}: no shard claimed another shard's server",
         f"{'yes' if verdict.owned_only else 'NO'}: {verdict.foreign} posts on another shard's server"),
    ]
    return rows


def _throwaway_database(server: ThrowawayServer) -> str:
    from benchmarks.storage.backends import postgres_database

    return asyncio.run(postgres_database(server.start().url("postgres")))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scheduler.shards", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8,000 servers, 2 hours (under a minute)")
    parser.add_argument("--servers", type=int, default=None, help="default 100,000 (--quick 8,000)")
    parser.add_argument("--hours", type=int, default=None, help="hours of minute ticks (default 24, --quick 2)")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway server on 127.0.0.1)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the one-process SQLite comparison")
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    servers = max(SHARDS, min(args.servers or (8_000 if args.quick else 100_000), 200_000))
    hours = max(1, min(args.hours or (2 if args.quick else 24), 48))
    rows: list[Row] = [("load average at start", Path("/proc/loadavg").read_text().split()[0])]
    server = ThrowawayServer() if args.url is None else None
    try:
        url = args.url or _throwaway_database(server)  # type: ignore[arg-type]
        rows += shard_rows(run_shards(url, servers, hours, SHARDS, server.data if server else None))
    except Unavailable as why:  # no PostgreSQL here: the sharded part is skipped, the SQLite part still runs
        rows.append((f"postgresql, {SHARDS} shard processes: skipped", str(why)))
    finally:
        if server is not None:
            server.stop()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="recall-bench-") as folder:
            rows += [(name.replace("ticks:", "sqlite 1 process, all shards:"), value)
                     for name, value in ticks.run(Path(folder) / "ticks.db", servers, hours)]
    rows.append(("load average at end", Path("/proc/loadavg").read_text().split()[0]))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if args.json_out:
        args.json_out.write_text(json.dumps([{"figure": name, "value": value} for name, value in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
