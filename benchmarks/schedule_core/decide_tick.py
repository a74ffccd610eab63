"""CPU cost of the pure schedule decisions (no database): a full pass and a busy minute.

10,000 schedules over 400 timezones at random local times; then 5,000 schedules that all say 09:00.
Run: `python -m benchmarks.schedule_core.decide_tick [--json-out FILE]`. Reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from random import Random

from bot.core.schedule import decide_tick, resolve_local_time
from bot.core.schedule_rule import ScheduleRule, timezone_names

SCHEDULES = 10_000
ZONES = 400
BUSY = 5_000


def _cpu_ms(work) -> float:  # type: ignore[no-untyped-def]
    start = clock.process_time()
    work()
    return (clock.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.schedule_core.decide_tick")
    parser.add_argument("--json-out", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args()
    figures: list[dict[str, str]] = []
    rng = Random(20260329)
    zones = rng.sample(list(timezone_names()), ZONES)
    rules = [
        ScheduleRule(time(rng.randrange(24), rng.choice([0, 15, 30, 45])), zones[i % ZONES], grace_hours=6)
        for i in range(SCHEDULES)
    ]
    now = datetime(2026, 3, 29, 9, 0, 30, tzinfo=UTC)
    yesterday = {date(2026, 3, 28)}  # the claimed dates storage would pass

    def full_pass() -> None:
        for rule in rules:
            decide_tick(rule, yesterday, now)

    resolve_local_time.cache_clear()
    cold = _cpu_ms(full_pass)
    warm = _cpu_ms(full_pass)
    print(
        f"full pass over {SCHEDULES} schedules in {ZONES} zones: {cold:.1f} ms CPU cold cache, {warm:.1f} ms warm"
    )
    figures.append({"figure": f"full pass, {SCHEDULES} schedules in {ZONES} zones (CPU)",
                    "value": f"{cold:.1f} ms cold, {warm:.1f} ms warm"})

    busy = [ScheduleRule(time(9, 0), zones[i % ZONES]) for i in range(BUSY)]
    due_minute = {
        rule.timezone: resolve_local_time(date(2026, 3, 29), rule.local_time, rule.zone) for rule in busy
    }

    def busy_minute() -> None:
        for rule in busy:
            decide_tick(rule, yesterday, due_minute[rule.timezone] + timedelta(seconds=20))

    resolve_local_time.cache_clear()
    cold = _cpu_ms(busy_minute)
    warm = _cpu_ms(busy_minute)
    per = warm / BUSY * 1000
    print(
        f"{BUSY} schedules due at 09:00 local, one decision each: {cold:.1f} ms cold, {warm:.1f} ms warm ({per:.1f} us each)"
    )
    figures.append({"figure": f"{BUSY} schedules due the same minute (CPU)",
                    "value": f"{cold:.1f} ms cold, {warm:.1f} ms warm ({per:.1f} us each)"})
    few = _cpu_ms(lambda: [decide_tick(rule, yesterday, now) for rule in rules[:7]])
    print(f"a quiet minute (7 due of {SCHEDULES}): {few:.3f} ms CPU")
    figures.append({"figure": f"a quiet minute (7 due of {SCHEDULES}) (CPU)", "value": f"{few:.3f} ms"})
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
