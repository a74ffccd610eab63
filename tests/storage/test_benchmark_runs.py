"""The storage benchmark runs end to end (tiny sizes; its figures are reported, never asserted)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_prints_its_table(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.storage", "--quick", "--per-member", "3", "--members", "300",
         "--attempts", "3000", "--folder", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for row in ("attempts through services", "raw sqlite3 executemany floor", "leaderboard points week",
                "due cards (25) for a member", "per million"):
        assert row in result.stdout
    assert list(tmp_path.iterdir()) == []  # the databases were cleaned up
