"""`python -m benchmarks [--quick] [--only NAME,...]`: every benchmark, each in its own process, one table.

Each benchmark runs as a subprocess (so one's memory and threads can't colour another's figures) with
its `--quick` flag in quick mode, and writes its figures as JSON (`--json-out`, or `--json` for the
Discord load driver); this runner reads them into one table. Nothing is asserted about timings: the
exit code is 1 only when a benchmark failed to run. Full outputs are kept in a folder named at the end.
See benchmarks/README.md for what each figure means and its anchor or target.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
Row = tuple[str, str, str]  # figure, value, note


@dataclass(frozen=True)
class Benchmark:
    name: str
    command: tuple[str, ...]  # after the interpreter
    json_flag: str
    rows: Callable[[Any], list[Row]]
    quick_flag: str | None = "--quick"
    timeout_s: tuple[float, float] = (300.0, 7200.0)  # quick, full

    def argv(self, quick: bool, json_path: Path) -> list[str]:
        extra = [self.quick_flag] if quick and self.quick_flag else []
        return [sys.executable, *self.command, *extra, self.json_flag, str(json_path)]


def _plain_rows(data: Any) -> list[Row]:
    return [(str(item["figure"]), str(item["value"]), str(item.get("note", ""))) for item in data]


def _grading_rows(data: Any) -> list[Row]:
    rows: list[Row] = []
    for item in data:
        figure = f"{item['area']}: {item['data (rows)']} · {item['method']}"
        if item.get("Pearson"):
            value = f"Pearson {item['Pearson']}, Spearman {item['Spearman']}, RMSE {item['RMSE (cal.)']}"
            rows.append((figure, value, str(item.get("other / anchors", ""))))
        else:
            rows.append((figure, str(item.get("other / anchors", "")), ""))
    return rows


def _ms(value: Any) -> str:
    return "n/a" if not isinstance(value, int | float) or math.isnan(value) else f"{value:.1f}"


def _discord_rows(data: Any) -> list[Row]:
    rows: list[Row] = []
    for target in data:
        name = target["target"]
        main = next((s for s in target["steps"] if s["phase"] == "main"), None)
        if main is not None:
            rows.append((
                f"{name}: main run at {main['rate']:.0f} clicks/s",
                f"p50 {_ms(main['p50_ms'])} ms, p99 {_ms(main['p99_ms'])} ms, max {_ms(main['max_ms'])} ms; "
                f"{main['answered_per_s']:.0f} answered/s; late {main['late']}, unanswered {main['unanswered']}",
                "target: p99 < 50 ms, 0 late (> 3 s) and 0 unanswered",
            ))
        knee = target.get("knee_rate")
        rows.append((
            f"{name}: first rate with p99 > 50 ms",
            f"{knee:.0f}/s" if knee else f"none swept (last passing {target['last_rate_under_50ms']:.0f}/s)",
            "the knee: how much headroom one process has",
        ))
        rows.append((
            f"{name}: memory", f"{target['rss_after_ready_mib']} MiB after READY, peak {target['peak_rss_mib']} MiB",
            f"ready in {target['ready_s']} s",
        ))
    return rows


def _two_shards_rows(data: Any) -> list[Row]:
    if "skipped" in data:
        return [("two shard processes on PostgreSQL", "skipped", str(data["skipped"]))]
    rows: list[Row] = []
    for target in data["targets"]:
        knee = target["knee_rate"]
        top = max(target["steps"], key=lambda step: step["rate"])
        cpu = ", ".join(f"shards {','.join(map(str, p['shards']))} {p['cpu_s']} s ({p['answers_per_cpu_s']}/CPU-s)"
                        for p in top["processes"])
        rows.append((
            f"{target['target']}: knee (p99 > 50 ms or late/shed)",
            f"{knee:.0f}/s" if knee else f"none swept (last passing {target['last_rate_passing']:.0f}/s)",
            f"best {target['best_in_time_per_s']} answered in time/s; at {top['rate']:.0f}/s CPU {cpu}"
            + (f", PostgreSQL {top['postgres_cpu_s']} s" if top.get("postgres_cpu_s") is not None else ""),
        ))
    scaling = data.get("scaling") or {}
    rows.append(("recall: 2 shard processes / 1 (PostgreSQL)",
                 f"knee x{scaling.get('knee')}, last passing x{scaling.get('last_rate_passing')}, "
                 f"best in time x{scaling.get('best_in_time_per_s')}", "target: at least 1.3 (issue 14)"))
    return rows


BENCHMARKS = (
    Benchmark("grading", ("-m", "benchmarks.grading"), "--json-out", _grading_rows),
    Benchmark("storage", ("-m", "benchmarks.storage"), "--json-out", _plain_rows),
    Benchmark("schedule_core", ("-m", "benchmarks.schedule_core.decide_tick"), "--json-out", _plain_rows,
              quick_flag=None),
    Benchmark("scheduler", ("-m", "benchmarks.scheduler"), "--json-out", _plain_rows),
    Benchmark("scheduler_shards", ("-m", "benchmarks.scheduler.shards"), "--json-out", _plain_rows),
    Benchmark("reminders", ("-m", "benchmarks.reminders"), "--json-out", _plain_rows),
    Benchmark("scoreboard_image", ("-m", "benchmarks.scoreboard_image"), "--json-out", _plain_rows),
    Benchmark("anki_import", ("-m", "benchmarks.anki_import"), "--json-out", _plain_rows),
    Benchmark("anki_export", ("-m", "benchmarks.anki_export"), "--json-out", _plain_rows),
    Benchmark("role_rewards", ("-m", "benchmarks.role_rewards"), "--json-out", _plain_rows),
    Benchmark("rounds", ("-m", "benchmarks.rounds"), "--json-out", _plain_rows),
    Benchmark("cloze", ("-m", "benchmarks.cloze"), "--json-out", _plain_rows),
    Benchmark("math_pictures", ("-m", "benchmarks.math_pictures"), "--json-out", _plain_rows),
    Benchmark("deck_report", ("-m", "benchmarks.deck_report"), "--json-out", _plain_rows),
    Benchmark("review_pick", ("-m", "benchmarks.review_pick"), "--json-out", _plain_rows),
    Benchmark("deck_study", ("-m", "benchmarks.deck_study"), "--json-out", _plain_rows),
    Benchmark("discord", ("benchmarks/discord/load.py", "--target", "both"), "--json", _discord_rows),
    Benchmark("two_shards", ("benchmarks/discord/two_shards.py",), "--json", _two_shards_rows),
)


def available() -> list[Benchmark]:
    """Only the benchmarks whose entry point exists in this checkout."""
    found = []
    for bench in BENCHMARKS:
        target = bench.command[1] if bench.command[0] == "-m" else bench.command[0]
        path = ROOT / (target.replace(".", "/") if bench.command[0] == "-m" else target)
        if path.with_suffix(".py").exists() or path.is_dir() or path.exists():
            found.append(bench)
    return found


def run_one(bench: Benchmark, quick: bool, folder: Path) -> tuple[list[Row], str]:
    """Its rows, and a status ('ok' or why it failed)."""
    json_path = folder / f"{bench.name}.json"
    log_path = folder / f"{bench.name}.log"
    timeout = bench.timeout_s[0 if quick else 1]
    with log_path.open("w") as log:
        try:
            process = subprocess.run(bench.argv(quick, json_path), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return [], f"timed out after {timeout:.0f} s"
    if process.returncode != 0:
        return [], f"exit code {process.returncode}"
    try:
        return bench.rows(json.loads(json_path.read_text())), "ok"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [], f"no readable figures ({error.__class__.__name__}: {error})"


def print_table(results: list[tuple[str, list[Row], str, float]], out: Any = sys.stdout) -> None:
    table = [("benchmark", "figure", "value", "anchor / target / note")]
    for name, rows, status, _ in results:
        if status != "ok":
            table.append((name, "FAILED", status, "see its log"))
        table += [(name, *row) for row in rows]
    widths = [min(max(len(row[i]) for row in table), limit) for i, limit in enumerate((13, 60, 90, 200))]
    for index, row in enumerate(table):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")
        if index == 0:
            out.write("  ".join("-" * width for width in widths) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="every benchmark's quick mode (a CI smoke run)")
    parser.add_argument("--only", default=None, help="comma-separated names: " + ", ".join(b.name for b in BENCHMARKS))
    parser.add_argument("--keep", type=Path, default=None, help="folder for the outputs (default: a new temp folder)")
    args = parser.parse_args(argv)
    benches = available()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = wanted - {b.name for b in BENCHMARKS}
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        benches = [b for b in benches if b.name in wanted]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="recall-benchmarks-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    started = time.perf_counter()
    for bench in benches:
        print(f"running {bench.name}{' (quick)' if args.quick else ''} ...", end=" ", flush=True)
        began = time.perf_counter()
        rows, status = run_one(bench, args.quick, folder)
        elapsed = time.perf_counter() - began
        print(f"{status} in {elapsed:.0f} s", flush=True)
        results.append((bench.name, rows, status, elapsed))
    print()
    print_table(results)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"\n{len(benches)} benchmark(s) in {time.perf_counter() - started:.0f} s; load average {load} "
          f"(figures on a shared machine are noisy). Outputs and JSON: {folder}")
    return 0 if all(status == "ok" for _, _, status, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
