"""Smoke run of the benchmark driver (benchmarks/discord/load.py) against the floor bot: the script
works end to end and every injected click is answered. Figures are reported by the benchmark, not asserted."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tests.e2e.harness import REPO_ROOT


async def test_load_driver_smoke_on_the_floor_bot(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    args = [
        "--target",
        "floor",
        "--quick",
        "--rate",
        "40",
        "--duration",
        "1",
        "--guilds",
        "3",
        "--members",
        "3",
    ]
    args += ["--sweep", "60", "--step-duration", "0.5", "--json", str(out)]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(REPO_ROOT / "benchmarks/discord/load.py"),
        *args,
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(60):
        output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    (result,) = json.loads(out.read_text())
    main, sweep = result["steps"][:2]  # a slow sweep step may be repeated once
    assert (main["phase"], main["sent"], sweep["sent"]) == ("main", 40, 30)
    assert main["late"] == main["unanswered"] == sweep["unanswered"] == 0
    assert main["answered_per_s"] > 30 and 0 < main["p50_ms"] <= main["p99_ms"] <= main["max_ms"]
    assert result["peak_rss_mib"] > 10 and main["bot_cpu_s"] > 0
    assert result["unknown_routes"] == 0
    assert "floor   main" in output.decode()
