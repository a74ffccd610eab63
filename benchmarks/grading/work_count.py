"""The grader's work on the speed benchmark's answers, counted rather than timed: Python function calls
of grading its answers once warm (per-card typo memo kept) and once cold. On a shared machine two runs of
`speed` can differ by half, while this count is the same on every run, so a change's cost can be read
from two trees side by side (run it in each: `python -m benchmarks.grading.work_count`). It counts
calls, not their cost: work inside C (regular expressions, rapidfuzz) shows only as the call into it.

    python -m benchmarks.grading.work_count
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading.labelled import sample_cards
from benchmarks.grading.speed import typical_answers
from bot.core.grading import grade_compiled
from bot.core.grading_compile import compile_card


def count_calls() -> dict[str, int]:
    cards = sample_cards()
    compiled = {card_id: compile_card(card.concepts, card.prompt, card.hint or "") for card_id, card in cards.items()}
    pairs = [(text, compiled[card_id]) for card_id, text in typical_answers()]
    for text, card in pairs:  # the per-card structures built once, as in the bot
        grade_compiled(text, card)

    def warm() -> None:
        for text, card in pairs:
            grade_compiled(text, card)

    def cold() -> None:
        for text, card in pairs:
            card.forget_typos()
            grade_compiled(text, card)

    counts = {"answers": len(pairs)}
    for name, grade in (("warm_calls", warm), ("cold_calls", cold)):
        profile = cProfile.Profile()
        profile.runcall(grade)
        counts[name] = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return counts


def main() -> None:
    for name, value in count_calls().items():
        print(f"{name}: {value:,}")


if __name__ == "__main__":
    main()
