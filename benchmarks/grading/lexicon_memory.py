"""Memory the grader's synonym table adds to the bot: resident set size before and after the first card
is compiled (which reads bot/core/data/lexicon.txt), in a fresh process.

    python -m benchmarks.grading.lexicon_memory
"""

from __future__ import annotations

import os
import time


def resident_kib() -> int:
    """This process's resident set size in KiB (Linux /proc)."""
    with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def main() -> int:
    from bot.core import grading_lexicon
    from bot.core.deck import Concept
    from bot.core.grading import compile_card, grade_compiled

    before = resident_kib()
    assert not grading_lexicon.loaded()
    started = time.perf_counter()
    card = compile_card([Concept(name="speed", keywords=["faster inference", "less memory"])])
    took = time.perf_counter() - started
    after_load = resident_kib()
    # the synonym memo filled: as many cards' worth of words as it holds
    words = [line.split(" ", 1)[0] for line in grading_lexicon._table()[::9]][:4096]
    for word in words:
        grading_lexicon.synonyms(word)
    after_memo = resident_kib()
    grade_compiled("it is quicker and the memory ↓", card)
    print(f"RSS before the first card: {before / 1024:.1f} MiB; after it (table read, {took * 1000:.0f} ms): "
          f"{after_load / 1024:.1f} MiB (+{(after_load - before) / 1024:.1f} MiB); with the synonym memo full "
          f"({len(words)} words): {after_memo / 1024:.1f} MiB (+{(after_memo - before) / 1024:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
