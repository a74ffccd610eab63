"""Open-loop interaction load through the fake Discord on 127.0.0.1, against the floor bot or Recall.

    python benchmarks/discord/load.py --target floor --quick          # ~20 s smoke
    python benchmarks/discord/load.py --target both                   # 300/s for 60 s + knee search
    python benchmarks/discord/load.py --target recall --recall-db seeded.db

Recall runs on a copy of a seeded database: every member announced in GUILD_CREATE with 20-100 past
attempts (`seed_db.py`; 100,000 members in the full run, 1,000 with --quick), built once into
--seed-cache and reused. `--seed-members 0` gives Recall an empty database instead.

Events are injected at fixed times (never waiting for answers). Latency is from the moment the
INTERACTION_CREATE frame is written to the moment the callback request arrives at the fake. Reported:
p50/p90/p99/max, answered/s, late (> 3 s, rejected with 10062) and unanswered, the bot's CPU seconds
(from /proc) and its peak RSS (VmHWM), and the first rate whose p99 passes 50 ms."""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # sibling modules, and the repo root for tests.e2e

from procstat import cpu_seconds, main_thread_cpu_seconds, memory_kib  # noqa: E402
from scenarios import SCENARIOS, Action  # noqa: E402
from seed_db import GENERATOR_VERSION, build_fake, seed, seeded_members  # noqa: E402

from bot.storage.sqlite import LATEST_VERSION  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, InteractionResult  # noqa: E402
from tests.e2e.fake_discord.interaction_payloads import walk_components  # noqa: E402
from tests.e2e.fake_discord.store import InteractionRecord  # noqa: E402
from tests.e2e.harness import BotProcess  # noqa: E402

KNEE_P99_S = 0.050
DEADLINE_S = 3.0
BUSY_PREFIX = "Recall is busy"  # how Recall's shed reply begins (bot.app.admission.BUSY)
RECOVERY_BUCKET_S = 0.5


@dataclass
class StepResult:
    target: str
    phase: str
    rate: float
    achieved_rate: float
    sent: int
    answered_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    late: int
    unanswered: int
    bot_cpu_s: float
    driver_cpu_s: float
    bot_peak_rss_mib: float
    max_inject_lag_ms: float
    shed: int = 0  # answered with the bot's "busy, click again" instead of doing the work
    cpu_ms_per_answer: float = 0.0  # bot CPU over answered interactions (shed ones included)
    loop_cpu_ms_per_answer: float = 0.0  # the same for the bot's main thread (event loop) alone


@dataclass
class Phase:
    name: str
    rate: float
    duration: float


@dataclass
class Sent:
    phase: str
    at: float  # seconds from the start of the run, when it was due to be injected
    record: InteractionRecord


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def is_shed(record: InteractionRecord) -> bool:
    data = (record.callback or {}).get("data") or {}
    return str(data.get("content") or "").startswith(BUSY_PREFIX)


async def inject(fake: FakeDiscord, action: Action, sent: list[Sent], phase: str, at: float) -> None:
    record = await fake.driver.send_interaction(action.payload)
    sent.append(Sent(phase, at, record))
    if action.then_modal is None:
        return
    try:
        async with asyncio.timeout(DEADLINE_S + 0.5):
            await record.answered.wait()
    except TimeoutError:
        return
    opened = InteractionResult(record, fake.store)
    if opened.modal is None:
        return
    await asyncio.sleep(0.02)  # the bot stores the modal only after reading our callback answer
    inputs = [
        c["custom_id"] for c in walk_components(opened.modal.get("components") or []) if c.get("type") == 4
    ]
    values = {
        custom_id: action.then_modal.get(custom_id, action.then_modal.get("*", "")) for custom_id in inputs
    }
    sent.append(Sent(phase, at, await fake.driver.send_interaction(fake.driver.modal_payload(opened, values))))


def summarise(scenario: Any, phase: Phase, sent: list[Sent], injected_for: float, cpu_used: float,
              driver_used: float, peak_kib: int, max_lag: float, loop_cpu_used: float = 0.0) -> StepResult:
    records = [s.record for s in sent]
    latencies = sorted(r.latency for r in records if r.latency is not None)
    late = sum(1 for r in records if r.late or (r.latency or 0) > DEADLINE_S)
    unanswered = sum(1 for r in records if r.callback is None and not r.late)
    answered = sum(1 for r in records if r.callback is not None)
    ms = 1000.0
    return StepResult(
        target=scenario.name,
        phase=phase.name,
        rate=phase.rate,
        achieved_rate=round(len(records) / injected_for, 1),
        sent=len(records),
        answered_per_s=round(answered / injected_for, 1),
        p50_ms=round(percentile(latencies, 0.50) * ms, 2),
        p90_ms=round(percentile(latencies, 0.90) * ms, 2),
        p99_ms=round(percentile(latencies, 0.99) * ms, 2),
        max_ms=round((latencies[-1] if latencies else float("nan")) * ms, 2),
        late=late,
        unanswered=unanswered,
        bot_cpu_s=round(cpu_used, 2),
        driver_cpu_s=round(driver_used, 2),
        bot_peak_rss_mib=round(peak_kib / 1024, 1),
        max_inject_lag_ms=round(max_lag * ms, 1),
        shed=sum(1 for r in records if is_shed(r)),
        cpu_ms_per_answer=round(cpu_used * ms / answered, 3) if answered else float("nan"),
        loop_cpu_ms_per_answer=round(loop_cpu_used * ms / answered, 3) if answered else float("nan"),
    )


async def run_phases(
    fake: FakeDiscord, scenario: Any, bot: BotProcess, rng: random.Random, phases: list[Phase]
) -> tuple[list[StepResult], list[Sent]]:
    """Inject the phases back to back at their rates (open loop), then wait for the answers.

    Each phase's CPU is read when the next one starts; the last phase's includes the drain."""
    sent: list[Sent] = []
    tasks: set[asyncio.Task[None]] = set()
    # The fake keeps every record: without this its own GC pauses would show up as bot latency.
    gc.collect()
    gc.freeze()
    gc.disable()
    start = time.perf_counter()
    marks: list[tuple[float, float, float, float, float]] = []  # per phase: start, end, bot CPU, driver CPU, loop CPU
    lags: list[float] = []
    phase_start = 0.0
    for phase in phases:
        marks.append((phase_start, 0.0, cpu_seconds(bot.pid), time.process_time(), main_thread_cpu_seconds(bot.pid)))
        count = max(1, int(phase.rate * phase.duration))
        max_lag = 0.0
        for index in range(count):
            at = phase_start + index / phase.rate
            delay = start + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                max_lag = max(max_lag, -delay)
            task = asyncio.create_task(inject(fake, scenario.next_action(fake, rng), sent, phase.name, at))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        lags.append(max_lag)
        phase_start += count / phase.rate
        marks[-1] = (marks[-1][0], time.perf_counter() - start, *marks[-1][2:])
    if tasks:
        await asyncio.wait(set(tasks), timeout=2 * DEADLINE_S + 2)
    drain_until = time.perf_counter() + DEADLINE_S + 0.5
    while time.perf_counter() < drain_until and any(
        s.record.callback is None and not s.record.late for s in sent
    ):
        await asyncio.sleep(0.05)
    cpu_end, driver_end, loop_end = cpu_seconds(bot.pid), time.process_time(), main_thread_cpu_seconds(bot.pid)
    gc.enable()
    peak = memory_kib(bot.pid)["VmHWM"]
    results = []
    for index, phase in enumerate(phases):
        begin, end, cpu_at, driver_at, loop_at = marks[index]
        cpu_next, driver_next, loop_next = (
            marks[index + 1][2:] if index + 1 < len(marks) else (cpu_end, driver_end, loop_end)
        )
        mine = [s for s in sent if s.phase == phase.name]
        results.append(summarise(scenario, phase, mine, max(end - begin, 1e-9), cpu_next - cpu_at,
                                 driver_next - driver_at, peak, lags[index], loop_next - loop_at))
    return results, sent


async def run_step(
    fake: FakeDiscord,
    scenario: Any,
    bot: BotProcess,
    rng: random.Random,
    *,
    rate: float,
    duration: float,
    phase: str,
) -> StepResult:
    results, _ = await run_phases(fake, scenario, bot, rng, [Phase(phase, rate, duration)])
    return results[0]


def print_row(step: StepResult) -> None:
    print(
        f"{step.target:7} {step.phase:6} {step.rate:7.0f} {step.achieved_rate:8.1f} {step.sent:6d} "
        f"{step.answered_per_s:9.1f} {step.p50_ms:7.2f} {step.p90_ms:7.2f} {step.p99_ms:7.2f} {step.max_ms:8.2f} "
        f"{step.late:4d} {step.unanswered:5d} {step.bot_cpu_s:7.2f} {step.driver_cpu_s:7.2f} {step.bot_peak_rss_mib:8.1f} "
        f"{step.max_inject_lag_ms:6.1f} {step.shed:5d} {step.cpu_ms_per_answer:7.3f} {step.loop_cpu_ms_per_answer:8.3f}",
        flush=True,
    )


HEADER = (
    "target  phase     rate  achieved   sent  answer/s   p50ms   p90ms   p99ms    maxms late unans"
    "  botCPU  drvCPU  peakRSS  lagms  shed  cpu/ans loop/ans"
)


def fails(step: StepResult) -> bool:
    return step.p99_ms > KNEE_P99_S * 1000 or step.late > 0 or step.unanswered > 0 or step.shed > 0


async def sweep_step(
    fake: FakeDiscord,
    scenario: Any,
    bot: BotProcess,
    rng: random.Random,
    rate: float,
    duration: float,
    phase: str = "sweep",
) -> StepResult:
    await asyncio.sleep(1.0)  # let the previous step drain
    step = await run_step(fake, scenario, bot, rng, rate=rate, duration=duration, phase=phase)
    print_row(step)
    return step


def recovery_after(sent: list[Sent], burst_end: float, normal_p99_s: float) -> float | None:
    """Seconds from the burst's end to the start of the first post-burst bucket from which every bucket
    is normal again: all answered in time, p99 within 2x the pre-burst p99. None: not within the window."""
    buckets: dict[int, list[float]] = {}
    for item in sent:
        if item.phase != "post":
            continue
        latency = item.record.latency
        if item.record.callback is None or latency is None or latency > DEADLINE_S:
            latency = float("inf")
        buckets.setdefault(int((item.at - burst_end) // RECOVERY_BUCKET_S), []).append(latency)
    recovered: float | None = None
    for index in sorted(buckets):
        values = sorted(buckets[index])
        if percentile(values, 0.99) <= 2 * normal_p99_s:
            if recovered is None:
                recovered = index * RECOVERY_BUCKET_S
        else:
            recovered = None
    return recovered


async def burst_run(fake: FakeDiscord, scenario: Any, bot: BotProcess, rng: random.Random,
                    args: argparse.Namespace, steps: list[StepResult]) -> dict[str, Any]:
    """Steady `--rate` before, `--burst` clicks/s for `--burst-duration`, then `--rate` again."""
    phases = [Phase("pre", args.rate, args.pre_duration), Phase("burst", args.burst, args.burst_duration),
              Phase("post", args.rate, args.post_duration)]
    results, sent = await run_phases(fake, scenario, bot, rng, phases)
    for step in results:
        print_row(step)
    steps.extend(results)
    pre, burst = results[0], results[1]
    burst_end = args.pre_duration + args.burst_duration
    recovered = recovery_after(sent, burst_end, pre.p99_ms / 1000)
    in_time = burst.sent - burst.late - burst.unanswered - burst.shed  # first answers in time, with the work done
    summary = {
        "pre_p99_ms": pre.p99_ms,
        "burst_useful_per_s": round(in_time / args.burst_duration, 1) if in_time else 0.0,
        "burst_shed": burst.shed,
        "burst_late": burst.late,
        "burst_unanswered": burst.unanswered,
        "recovered_after_s": recovered,
    }
    print(f"{scenario.name}: burst {args.burst:.0f}/s: {summary['burst_useful_per_s']}/s answered with the work in "
          f"time, {burst.shed} shed, {burst.late} late, {burst.unanswered} unanswered; p99 back within 2x of "
          f"the pre-burst {pre.p99_ms} ms after "
          f"{'not within the window' if recovered is None else f'{recovered:.1f} s'}", flush=True)
    return summary


async def bench_target(name: str, args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    scenario = SCENARIOS[args.scenario][name]()
    if name == "recall" and args.recall_db:
        scenario.database = Path(args.recall_db)
    rng = random.Random(args.seed)
    fake = build_fake(args.guilds, args.members)  # the ids seed_db.py gave the seeded members
    await fake.start()
    data_dir = log_dir / f"{name}-data"
    data_dir.mkdir(exist_ok=True)
    if name == "recall" and args.seed_db is not None:  # a copy: every run starts from the same history
        copy_to_disk(args.seed_db, data_dir / "recall.db")
    bot = BotProcess(scenario.command(), scenario.env(fake, data_dir), log_dir, name=name)
    steps: list[StepResult] = []
    try:
        started = time.perf_counter()
        await bot.start(fake, timeout=args.ready_timeout)
        ready_s = time.perf_counter() - started
        await asyncio.sleep(2.5)  # past discord.py's guild_ready_timeout, so on_ready work is done
        rss_ready = memory_kib(bot.pid)
        await scenario.prepare(fake)
        await run_step(fake, scenario, bot, rng, rate=50, duration=1.0, phase="warmup")
        recovery: dict[str, Any] | None = None
        knee = None
        if args.burst:
            recovery = await burst_run(fake, scenario, bot, rng, args, steps)
        else:
            main = await run_step(fake, scenario, bot, rng, rate=args.rate, duration=args.duration, phase="main")
            print_row(main)
            steps.append(main)
            for rate in args.sweep:
                step = await sweep_step(fake, scenario, bot, rng, rate, args.step_duration)
                steps.append(step)
                if fails(step):  # one stall on a shared machine is not a knee: confirm once
                    step = await sweep_step(fake, scenario, bot, rng, rate, args.step_duration, phase="again")
                    steps.append(step)
                    if fails(step):
                        knee = rate
                        break
        return {
            "target": name,
            "seeded_members": args.seed_members if name == "recall" and args.seed_db else 0,
            "ready_s": round(ready_s, 2),
            "rss_after_ready_mib": round(rss_ready["VmRSS"] / 1024, 1),
            "peak_rss_mib": round(memory_kib(bot.pid)["VmHWM"] / 1024, 1),
            "knee_rate": knee,
            "recovery": recovery,
            "repeated_clicks": getattr(scenario, "repeats", 0),
            "last_rate_under_50ms": max([s.rate for s in steps if s.phase != "main" and not fails(s)] or [0]),
            "steps": [asdict(s) for s in steps],
            "unknown_routes": len(fake.store.unknown_routes),
            "invalid_bodies": len(fake.store.invalid_bodies),
        }
    finally:
        await bot.stop()
        await fake.stop()
        if name == "recall" and args.seed_db is not None:  # the copy is 2 GB at full size; logs stay
            for suffix in ("", "-wal", "-shm"):
                (data_dir / f"recall.db{suffix}").unlink(missing_ok=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", choices=["floor", "recall", "both"], default="floor")
    parser.add_argument(
        "--scenario", choices=["mixed", "distinct"], default="mixed",
        help="mixed: quiz clicks (mostly repeats) and explain forms by 100 members; distinct: every click a new "
             "stored attempt, distinct members answering distinct /quiz questions (default 1 guild x 2000 members)",
    )
    parser.add_argument("--burst", type=float, default=None,
                        help="burst mode: --rate for --pre-duration, this rate for --burst-duration, --rate again")
    parser.add_argument("--pre-duration", type=float, default=10.0)
    parser.add_argument("--burst-duration", type=float, default=10.0)
    parser.add_argument("--post-duration", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="~20 s per target: fewer guilds, short steps")
    parser.add_argument("--rate", type=float, default=300.0, help="interactions/s of the main run")
    parser.add_argument("--duration", type=float, default=None, help="seconds of the main run (60; quick 6)")
    parser.add_argument(
        "--guilds", type=int, default=None, help="guilds sent in GUILD_CREATE (1000; quick 50)"
    )
    parser.add_argument("--members", type=int, default=None, help="members per guild (100; quick 20)")
    parser.add_argument("--sweep", default=None, help="comma-separated rates for the knee search")
    parser.add_argument(
        "--step-duration", type=float, default=None, help="seconds per sweep step (5; quick 1.5)"
    )
    parser.add_argument(
        "--recall-db", default=None, help="a prepared SQLite file for Recall (e.g. 100k members)"
    )
    parser.add_argument(
        "--seed-members",
        type=int,
        default=None,
        help="members with history in Recall's database (default: all, guilds x members; 0: empty database)",
    )
    parser.add_argument(
        "--seed-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "recall-bench-seed",
        help="where seeded databases are kept and reused",
    )
    parser.add_argument("--ready-timeout", type=float, default=180.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", default=None, help="write all results to this file")
    args = parser.parse_args(argv)
    quick = args.quick
    args.duration = args.duration or (6.0 if quick else 60.0)
    distinct = args.scenario == "distinct"
    args.guilds = args.guilds or (1 if distinct else 50 if quick else 1000)
    args.members = args.members or (2000 if distinct else 20 if quick else 100)
    args.step_duration = args.step_duration or (1.5 if quick else 5.0)
    default_sweep = (
        "300,500,700,900,1200,1500,2000"
        if quick
        else "100,200,300,400,500,600,800,1000,1200,1500,2000,2500,3000"
    )
    args.sweep = [float(r) for r in (args.sweep or default_sweep).split(",") if r]
    if args.seed_members is None:
        args.seed_members = 0 if args.recall_db else args.guilds * args.members
    if args.recall_db and args.seed_members:
        parser.error("--recall-db and --seed-members are exclusive (the file given is used as is)")
    if not 0 <= args.seed_members <= args.guilds * args.members:
        parser.error(f"--seed-members must be 0..{args.guilds * args.members} (guilds x members)")
    args.seed_db = None
    return args


def copy_to_disk(source: Path, target: Path) -> None:
    """Copy and fsync: otherwise the kernel writes the fresh copy (2 GB for 100,000 members) back while
    the bot runs, and its first WAL checkpoint (an fsync of the file) waits for all of it."""
    shutil.copyfile(source, target)
    with target.open("rb+") as copied:
        os.fsync(copied.fileno())


def seeded_database(args: argparse.Namespace) -> Path:
    """The cached seeded database for these sizes (built on first use, about a minute for 100,000)."""
    content = hashlib.sha1()
    for deck in sorted((HERE.parents[1] / "content").glob("*.yaml")):
        content.update(deck.read_bytes())
    name = (f"recall-g{args.guilds}-m{args.members}-s{args.seed_members}-v{GENERATOR_VERSION}"
            f"-schema{LATEST_VERSION}-{content.hexdigest()[:10]}.db")
    path = args.seed_cache / name
    if path.exists():
        print(f"seeded database: {path} (cached, {path.stat().st_size / 2**20:.0f} MiB)", flush=True)
        return path
    args.seed_cache.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    members = seeded_members(build_fake(args.guilds, args.members), args.seed_members)
    report = seed(building, members, now=datetime.now(UTC))
    building.replace(path)  # never a half-written cache
    for stale in args.seed_cache.glob(f"recall-g{args.guilds}-m{args.members}-s{args.seed_members}-*.db"):
        if stale != path:  # same sizes, older schema, generator or decks: 2 GB each at full size
            stale.unlink()
    print(f"seeded database: {path} (built in {report['seconds']} s: {report['members']:,} members, "
          f"{report['attempts']:,} attempts, {report['file_mib']:.0f} MiB)", flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    targets = ["floor", "recall"] if args.target == "both" else [args.target]
    if "recall" in targets and args.seed_members:
        args.seed_db = seeded_database(args)
    log_dir = Path(tempfile.mkdtemp(prefix="recall-bench-"))
    print(
        f"guilds={args.guilds} members/guild={args.members} main={args.rate:.0f}/s x {args.duration:.0f}s "
        f"recall db: {args.recall_db or (f'{args.seed_members:,} members with history' if args.seed_db else 'empty')} "
        f"logs={log_dir}"
    )
    print(
        f"load average before: {Path('/proc/loadavg').read_text().strip()} (2 cores shared; figures are noisy)"
    )
    print(HEADER)
    results = [asyncio.run(bench_target(name, args, log_dir)) for name in targets]
    print()
    for result in results:
        print(
            f"{result['target']}: ready in {result['ready_s']}s, RSS after ready {result['rss_after_ready_mib']} MiB, "
            f"peak RSS {result['peak_rss_mib']} MiB, p99 > 50 ms first at "
            f"{result['knee_rate'] or 'none of the swept rates'}/s (last passing {result['last_rate_under_50ms']:.0f}/s)"
        )
    print(f"load average after: {Path('/proc/loadavg').read_text().strip()}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
