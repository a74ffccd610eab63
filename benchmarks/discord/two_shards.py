"""Two shard processes against one on PostgreSQL, beside the floor bot, in one run (issue 14, part 5).

    python benchmarks/discord/two_shards.py                  # 100..1000 clicks/s, 5 s steps (< 5 min)
    python benchmarks/discord/two_shards.py --quick --json out.json

Three targets, one after the other, each through its own fake Discord with two servers, one on each shard
of 2 (`(guild_id >> 22) % 2` is 0 and 1), members of both clicking (every other click goes to each server):
- `floor`: the bare discord.py bot of floor_bot.py (unsharded: it gets both servers' events);
- `recall-1p`: one `python -m bot` owning both shards (`RECALL_SHARD_COUNT=2`, `RECALL_SHARD_IDS=0-1`);
- `recall-2p`: two `python -m bot`, shard 0 and shard 1, on the same PostgreSQL server.
Recall starts on an empty, migrated database (a new one per target on one throwaway server, fsync off,
tests/postgres_server.py); the scenario posts its /quiz questions in each server first, then every click
is a new stored attempt of a distinct member (scenario "distinct" of load.py, per server).

Per step (load.py's open-loop driver): answered/s, answered in time with the work done (not shed) per
second, p50/p99, late, unanswered, shed; each Recall process's CPU seconds and answers per CPU-second, and
PostgreSQL's own CPU (its server processes, from /proc). Knee: load.py's (p99 > 50 ms or anything late,
unanswered or shed, confirmed on a second try); then `--beyond-knee` more rates once each, so that the best
in-time answers per second shows what a target still does past its knee. Scaling: 2p / 1p of the knees, of
the last passing rates and of the best in-time answers per second. The 2 cores are shared by the driver, the fake, the bots and
PostgreSQL (and by anything else running on the machine), so read every figure beside the floor's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # sibling modules, and the repo root for tests and bot

from load import DEADLINE_S, HEADER, Phase, Sent, StepResult, fails, is_shed, print_row, run_phases  # noqa: E402
from procstat import cpu_seconds, memory_kib  # noqa: E402
from shard_targets import SHARDS, TARGETS, Target, make_fake, postgres_cpu_seconds, shard_of, started  # noqa: E402

from tests.e2e.fake_discord import FakeDiscord  # noqa: E402
from tests.postgres_server import Server, ThrowawayServer, Unavailable, server_from_environment  # noqa: E402

WARMUP = Phase("warmup", 50, 2.0)  # fills PostgreSQL's connection pools (they open connections on demand)


async def measured_step(fake: FakeDiscord, scenario: Any, target: Target, rng: random.Random,
                        rate: float, duration: float, phase: str) -> dict[str, Any]:
    """load.py's step, plus each process's CPU and answers (by its shards' servers) and PostgreSQL's CPU."""
    bots = [bot for bot, _ in target.processes]
    pg_before = postgres_cpu_seconds(target.postgres_data) if target.postgres_data else None
    cpu_before = [cpu_seconds(bot.pid) for bot in bots]
    began = time.perf_counter()
    results, sent = await run_phases(fake, scenario, bots[0], rng, [Phase(phase, rate, duration)])
    cpu_used = [cpu_seconds(bot.pid) - before for bot, before in zip(bots, cpu_before, strict=True)]
    pg_used = None
    if target.postgres_data is not None and pg_before is not None:
        pg_used = postgres_cpu_seconds(target.postgres_data) - pg_before
    answered_total = sum(1 for s in sent if s.record.callback is not None)
    step = replace(results[0], bot_cpu_s=round(sum(cpu_used), 2),  # all the target's processes
                   bot_peak_rss_mib=round(max(memory_kib(bot.pid)["VmHWM"] for bot in bots) / 1024, 1),
                   cpu_ms_per_answer=round(sum(cpu_used) * 1000 / answered_total, 3) if answered_total else float("nan"))
    print_row(step)
    processes = []
    for (bot, shards), cpu in zip(target.processes, cpu_used, strict=True):
        mine = [s for s in sent if shard_of(s.record.payload.get("guild_id") or 0) in shards]
        answered = sum(1 for s in mine if s.record.callback is not None)
        processes.append({"shards": sorted(shards), "pid": bot.pid, "cpu_s": round(cpu, 2), "clicks": len(mine),
                          "answered": answered, "answered_in_time": in_time(mine),
                          "answers_per_cpu_s": round(answered / cpu, 1) if cpu > 0 else None})
    row = {**asdict(step), "in_time_per_s": round(in_time(sent) / duration, 1), "processes": processes,
           "answers_per_cpu_s": round(answered_total / sum(cpu_used), 1) if sum(cpu_used) > 0 else None,
           "postgres_cpu_s": None if pg_used is None else round(pg_used, 2),
           "wall_s": round(time.perf_counter() - began, 2)}
    print("        " + " | ".join(
        f"shards {','.join(map(str, p['shards']))}: CPU {p['cpu_s']:.2f} s, {p['answered']} answered, "
        f"{p['answers_per_cpu_s']} per CPU-s" for p in processes)
        + ("" if pg_used is None else f" | PostgreSQL CPU {pg_used:.2f} s")
        + f" | in time {row['in_time_per_s']}/s", flush=True)
    return row


def row_fails(row: dict[str, Any]) -> bool:
    return fails(StepResult(**{k: v for k, v in row.items() if k in StepResult.__dataclass_fields__}))


def in_time(sent: list[Sent]) -> int:
    """Answered within Discord's deadline with the work done (not refused as busy)."""
    return sum(1 for s in sent if s.record.callback is not None and not s.record.late
               and (s.record.latency or 0) <= DEADLINE_S and not is_shed(s.record))


async def sweep(fake: FakeDiscord, scenario: Any, target: Target, rng: random.Random,
                rates: list[float], duration: float, beyond: int) -> tuple[list[dict[str, Any]], float | None]:
    """load.py's knee search (a failing step is run once more and is the knee only if it fails again), then
    `beyond` more of the rates, once each: what the target still answers in time past its knee."""
    steps: list[dict[str, Any]] = []
    knee: float | None = None
    for rate in rates:
        if knee is not None:
            if beyond <= 0:
                break
            beyond -= 1
        for phase in ("sweep", "again") if knee is None else ("beyond",):
            await asyncio.sleep(1.0)  # let the previous step drain
            steps.append(await measured_step(fake, scenario, target, rng, rate, duration, phase))
            if not row_fails(steps[-1]):
                break
        else:
            knee = knee or rate
    return steps, knee


async def bench_target(name: str, args: argparse.Namespace, server: Server | None, postgres_data: Path | None,
                       log_dir: Path) -> dict[str, Any]:
    """Start the target, post its questions, warm up, sweep; the target's figures."""
    rng = random.Random(args.seed)
    load_before = load_average()
    fake = make_fake(args.members)
    await fake.start()
    try:
        async with started(name, fake, log_dir, server=server, postgres_data=postgres_data,
                           questions=args.questions, log_level=args.log_level,
                           ready_timeout=args.ready_timeout) as (target, scenario):
            await asyncio.sleep(2.5)  # past discord.py's guild_ready_timeout, so on_ready work is done
            await scenario.prepare(fake)
            await run_phases(fake, scenario, target.processes[0][0], rng, [WARMUP])
            steps, knee = await sweep(fake, scenario, target, rng, args.sweep, args.step_duration, args.beyond_knee)
    finally:
        await fake.stop()
    passing = [s["rate"] for s in steps if s["phase"] != "beyond" and not row_fails(s)]
    return {"target": name, "processes": len(target.processes), "load_average": [load_before, load_average()],
            "knee_rate": knee,
            "last_rate_passing": max(passing or [0.0]),
            "best_in_time_per_s": max((s["in_time_per_s"] for s in steps), default=0.0),
            "repeated_clicks": scenario.repeats if hasattr(scenario, "repeats") else 0, "steps": steps}


def load_average() -> float:
    """The 1-minute load average: on 2 shared cores, how much else wanted the CPU meanwhile."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def ratio(two: float | None, one: float | None) -> float | None:
    return round(two / one, 2) if two and one else None


def scaling(results: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    one, two = results.get("recall-1p"), results.get("recall-2p")
    if not one or not two:
        return {}
    return {"knee": ratio(two["knee_rate"], one["knee_rate"]),
            "last_rate_passing": ratio(two["last_rate_passing"], one["last_rate_passing"]),
            "best_in_time_per_s": ratio(two["best_in_time_per_s"], one["best_in_time_per_s"])}


async def run_all(args: argparse.Namespace) -> dict[str, Any]:
    """Every target in turn on one PostgreSQL server: RECALL_TEST_POSTGRES_URL's, else a throwaway one (whose
    CPU is then measured too). Without either: {"skipped": why}."""
    throwaway = ThrowawayServer()
    try:
        server = server_from_environment()
        data = None
        if server is None and any(TARGETS[name] for name in args.targets):
            server, data = throwaway.start(), throwaway.data
    except Unavailable as reason:
        return {"skipped": str(reason)}
    log_dir = Path(tempfile.mkdtemp(prefix="recall-two-shards-"))
    report: dict[str, Any] = {"logs": str(log_dir), "load_average_before": Path("/proc/loadavg").read_text().strip()}
    print(f"{SHARDS} servers x {args.members} members, steps of {args.step_duration} s, logs {log_dir}")
    print(f"load average before: {report['load_average_before']} (2 cores shared; figures are noisy)")
    print(HEADER)
    try:
        results = {name: await bench_target(name, args, server, data, log_dir) for name in args.targets}
    finally:
        throwaway.stop()
    report.update(targets=list(results.values()), scaling=scaling(results),
                  load_average_after=Path("/proc/loadavg").read_text().strip())
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="about a minute: small servers, two short steps")
    parser.add_argument("--sweep", default=None, help="comma-separated clicks/s (100,...,1000; quick 100,300)")
    parser.add_argument("--step-duration", type=float, default=None, help="seconds per step (5; quick 1.5)")
    parser.add_argument("--beyond-knee", type=int, default=None,
                        help="rates swept past the knee, once each, for the best in-time figure (2; quick 0)")
    parser.add_argument("--members", type=int, default=None, help="members per server (1000; quick 100)")
    parser.add_argument("--questions", type=int, default=None, help="/quiz questions per server (50; quick 10)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated: " + ", ".join(TARGETS))
    parser.add_argument("--log-level", default="WARNING", help="Recall's RECALL_LOG_LEVEL")
    parser.add_argument("--ready-timeout", type=float, default=90.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", default=None, help="write all results to this file")
    args = parser.parse_args(argv)
    args.sweep = [float(r) for r in (args.sweep or ("100,300" if args.quick else "100,200,300,400,600,800,1000")).split(",")]
    args.step_duration = args.step_duration or (1.5 if args.quick else 5.0)
    args.beyond_knee = (0 if args.quick else 2) if args.beyond_knee is None else args.beyond_knee
    args.members = args.members or (100 if args.quick else 1000)
    args.questions = args.questions or (10 if args.quick else 50)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    if unknown := set(args.targets) - set(TARGETS):
        parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = asyncio.run(run_all(args))
    if "skipped" in report:
        print(f"skipped: {report['skipped']}")
    else:
        print()
        for result in report["targets"]:
            print(f"{result['target']}: knee {result['knee_rate'] or 'none of the swept rates'}, last passing "
                  f"{result['last_rate_passing']:.0f}/s, best in time {result['best_in_time_per_s']}/s "
                  f"(load average {result['load_average'][0]} before, {result['load_average'][1]} after)")
        print(f"scaling 2 processes / 1: {report['scaling']}")
        print(f"load average after: {report['load_average_after']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
