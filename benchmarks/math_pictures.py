"""`python -m benchmarks.math_pictures [--quick]`: what a math picture costs, and what it costs the bot.

1. The child (`python -m bot.ops.math_image`) for a typical card (two formulas) and for the largest a
   card allows (two 2,000-character texts, 80 formulas): wall seconds and peak RSS of the child
   (its own `ru_maxrss`, read through `resource.getrusage(RUSAGE_CHILDREN)`), PNG bytes.
2. The real bot against the fake Discord: RSS after READY, then after five /flashcard posts and their
   Reveal, once with a deck whose card has no math and once with one whose card has formulas (pictures
   drawn by the child). matplotlib never enters the bot, so the two should match.
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPICAL = ["What is $\\frac{a}{b}$ when $b = 2$? It costs \\$5 and $10 to ask.", "Half of \\(a\\): \\[\\frac{a}{2}\\]"]
LARGEST = [("x $\\frac{a}{b}$ " * 200)[:2000]] * 2
DECK = """id: algebra
title: Algebra
cards:
  - id: halves
    kind: flashcard
    level: beginner
    front: '{front}'
    back: '{back}'
"""
PLAIN_CARD = ("What is a over b when b is 2? It costs \\$5 and $10 to ask.", "Half of a")


def child_run(texts: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB of this child, PNG bytes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot.ops.math_image"], input=json.dumps({"texts": texts}).encode(),
                          capture_output=True, cwd=ROOT, check=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: run the larger case last.
    return elapsed, max(peak, before), len(done.stdout)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def bot_rss(front: str, back: str) -> tuple[int, int, int]:
    """(RSS after READY, RSS after five cards and reveals, files the bot sent), in KiB."""
    sys.path.insert(0, str(ROOT))
    from tests.e2e.fake_discord import FakeDiscord
    from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "data").mkdir()
        (tmp / "content").mkdir()
        (tmp / "content" / "algebra.yaml").write_text(DECK.format(front=front, back=back), encoding="utf-8")
        async with FakeDiscord() as fake:
            env = recall_env(fake, tmp / "data")
            env["RECALL_CONTENT_DIR"] = str(tmp / "content")
            bot = BotProcess(RECALL_COMMAND, env, tmp, name="recall")
            await bot.start(fake)
            try:
                await asyncio.sleep(4)  # on_ready's freeze and the first quiet seconds
                ready = rss_kib(bot.pid)
                alice = fake.users["alice"]
                for _ in range(5):
                    post = await fake.slash("flashcard", {"deck": "algebra"}, user=alice)
                    reveal = next(c for c in post.custom_ids() if c.startswith("recall:flash:reveal:"))
                    await fake.click(post, reveal, user=alice)
                await asyncio.sleep(2)
                after = rss_kib(bot.pid)
                files = sum(len(request.files) for request in fake.store.requests)
            finally:
                await bot.stop()
    return ready, after, files


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.math_pictures")
    parser.add_argument("--quick", action="store_true", help="one child run per case, no bot (the CI smoke run)")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON (for python -m benchmarks)")
    args = parser.parse_args()
    figures: list[dict[str, str]] = []
    repeats = 1 if args.quick else 3
    for name, texts in (("typical card (2 formulas)", TYPICAL), ("largest card (2 x 2,000 chars, 80 formulas)", LARGEST)):
        runs = [child_run(texts) for _ in range(repeats)]
        seconds = statistics.median(run[0] for run in runs)
        peak = max(run[1] for run in runs)
        figures.append({"figure": f"math child: {name}", "value": f"{seconds:.2f} s, peak RSS {peak / 1024:.0f} MiB, "
                        f"{runs[0][2]:,} PNG bytes", "note": f"median of {repeats}; a new child per picture"})
    if not args.quick:
        for name, (front, back) in (("plain card", PLAIN_CARD), ("math card", (TYPICAL[0], TYPICAL[1]))):
            ready, after, files = asyncio.run(bot_rss(front, back))
            figures.append({"figure": f"bot RSS, {name}", "value": f"{ready / 1024:.1f} MiB after READY, "
                            f"{after / 1024:.1f} MiB after 5 cards + reveals", "note": f"{files} files sent"})
    for item in figures:
        print(f"{item['figure']:55} {item['value']}  ({item['note']})")
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
