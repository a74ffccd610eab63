"""What grading off the event loop costs: an answer graded on the loop, against the same answer handed
to the grading thread (bot/services/grading_worker.py) and awaited. Wall-clock time (a thread handover is
waiting, not CPU), typical answers to the sample deck's open cards.

    python -m benchmarks.grading.handover
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading.labelled import sample_cards
from benchmarks.grading.speed import typical_answers
from bot.core.grading import grade_card
from bot.services.grading_worker import grade_off_loop


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _measure(rounds: int) -> dict[str, float]:
    cards = sample_cards()
    pairs = [(text, cards[card_id]) for card_id, text in typical_answers()]
    for text, card in pairs:  # warm both paths (compiled cards, the thread)
        grade_card(text, card)
        await grade_off_loop(text, card)
    on_loop: list[float] = []
    off_loop: list[float] = []
    for _ in range(rounds):  # alternated, so that both see the same machine load
        for text, card in pairs:
            start = time.perf_counter()
            grade_card(text, card)
            on_loop.append((time.perf_counter() - start) * 1e6)
            start = time.perf_counter()
            await grade_off_loop(text, card)
            off_loop.append((time.perf_counter() - start) * 1e6)
    return {
        "answers": len(on_loop),
        "on_loop_p50_us": statistics.median(on_loop),
        "off_loop_p50_us": statistics.median(off_loop),
        "overhead_p50_us": statistics.median(off_loop) - statistics.median(on_loop),
        "on_loop_p99_us": _percentile(on_loop, 0.99),
        "off_loop_p99_us": _percentile(off_loop, 0.99),
    }


def measure(rounds: int = 30) -> dict[str, float]:
    return asyncio.run(_measure(rounds))


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:,.1f}")
