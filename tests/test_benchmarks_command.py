"""`python -m benchmarks` runs benchmarks as subprocesses and reads their JSON into one table (smoke
test on the fastest one; timings are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import _discord_rows, _grading_rows

ROOT = Path(__file__).resolve().parents[1]


def test_one_benchmark_through_the_runner(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--only", "schedule_core", "--keep",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "running schedule_core (quick) ... " + lines[0].split("... ")[1]
    rows = [line for line in lines if line.startswith("schedule_core ")]
    assert len(rows) == 3 and "a quiet minute" in rows[2]
    assert (tmp_path / "schedule_core.json").exists() and (tmp_path / "schedule_core.log").exists()


def test_unknown_names_are_refused() -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "nope"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "unknown benchmark(s): nope" in result.stderr


def test_grading_and_discord_json_become_rows() -> None:
    grading = _grading_rows([
        {"area": "quality", "data (rows)": "Mohler (600)", "method": "Recall", "Pearson": "0.563",
         "Spearman": "0.596", "RMSE (cal.)": "0.834", "other / anchors": "target r>=0.60"},
        {"area": "speed", "data (rows)": "59 answers", "method": "Recall", "Pearson": "", "Spearman": "",
         "RMSE (cal.)": "", "other / anchors": "15,121 answers/s"},
    ])
    assert grading == [("quality: Mohler (600) · Recall", "Pearson 0.563, Spearman 0.596, RMSE 0.834", "target r>=0.60"),
                       ("speed: 59 answers · Recall", "15,121 answers/s", "")]
    step = {"phase": "main", "rate": 300.0, "p50_ms": 1.25, "p99_ms": 6.6, "max_ms": 10.7, "answered_per_s": 364.2,
            "late": 0, "unanswered": 0}
    discord = _discord_rows([{"target": "recall", "steps": [step], "knee_rate": None, "last_rate_under_50ms": 500.0,
                              "rss_after_ready_mib": 79.4, "peak_rss_mib": 85.6, "ready_s": 0.5}])
    assert discord[0][1].startswith("p50 1.2 ms, p99 6.6 ms") and "364 answered/s" in discord[0][1]
    assert discord[1][1] == "none swept (last passing 500/s)"
