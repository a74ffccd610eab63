"""`python -m benchmarks.scoreboard_image [--repeats N]`: the cost of drawing a scoreboard picture.

The picture is drawn in a worker thread for every `/leaderboard` and for a round's final scoreboard, so
its cost is paid per command. Timed here (wall milliseconds per picture, on one thread): ten plain names;
the worst the renderer allows (eleven rows of 256-character hostile names with teams, each name cut by
measuring, the longest and slowest case); and an empty board. Also the PNG size in bytes. Printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bot.ops.scoreboard_image import MAX_ROWS, RAW_TEXT_LIMIT, ScoreRow, render_scoreboard

PLAIN = [ScoreRow(rank, f"member {rank}", 1000 - 90 * rank) for rank in range(1, 11)]
HOSTILE_PIECES = ("W", "😀", "漢", "שׁ", "e\u0301", "\u202e", "\u200d", "**")
HOSTILE = [
    ScoreRow(rank, "".join(HOSTILE_PIECES[(rank + i) % len(HOSTILE_PIECES)] for i in range(RAW_TEXT_LIMIT)),
             10_000 - rank, "W" * RAW_TEXT_LIMIT if rank % 2 else "team 😀 " * 40)
    for rank in range(1, MAX_ROWS + 1)
]
CASES: tuple[tuple[str, str, list[ScoreRow]], ...] = (
    ("10 plain rows", "Leaderboard · points · this week", PLAIN),
    (f"{MAX_ROWS} hostile 256-character names with teams", "W" * RAW_TEXT_LIMIT, HOSTILE),
    ("empty board", "Leaderboard", []),
)


def measure(title: str, rows: list[ScoreRow], repeats: int) -> tuple[float, float, int]:
    """(median ms, max ms, PNG bytes) over `repeats` drawings, after one warm-up (fonts loaded)."""
    size = len(render_scoreboard(title, rows, subtitle=title))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render_scoreboard(title, rows, subtitle=title)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), size


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scoreboard_image")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="10 drawings per case (the CI smoke run)")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON (for python -m benchmarks)")
    args = parser.parse_args()
    repeats = 10 if args.quick else max(1, args.repeats)
    results = [(name, *measure(title, rows, repeats)) for name, title, rows in CASES]
    print(f"scoreboard picture, {repeats} drawings per case")
    print(f"{'case':48} {'median ms':>10} {'max ms':>10} {'PNG bytes':>10}")
    for name, median, worst, size in results:
        print(f"{name:48} {median:10.1f} {worst:10.1f} {size:10,}")
    if args.json_out:
        figures = [{"figure": f"scoreboard picture: {name}", "value": f"{median:.1f} ms median, {worst:.1f} ms max, "
                    f"{size:,} bytes", "note": f"{repeats} drawings, one thread"}
                   for name, median, worst, size in results]
        args.json_out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
