"""`python -m benchmarks.cloze [--quick] [--json-out FILE]`: what cloze cards cost on the event loop.

- **drill pool**: listing what a drill may draw from the largest deck allowed, 2,000 flashcards (the
  baseline, measured in the same run) against 2,000 cloze cards of 20 gaps each (40,000 gaps), at the
  start of a round and near its end (all but one id served);
- **typed gap grading** (`bot.core.cloze_grading.grade_gap`): a typo of one word, and a hostile
  4,000-character answer of near-misses against a 2,000-character gap of 120 long words;
- **parsing** a 2,000-character text with 20 gap numbers (done once per text, then remembered).

Timings are printed, never asserted; the machine is shared, so read them side by side.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import time
from collections.abc import Callable
from typing import Any

from bot.content.validation import validate_deck
from bot.core import cloze
from bot.core.cloze_grading import grade_gap
from bot.core.deck import Deck
from bot.services.api import DeckRef
from bot.services.drills import DrillPicker, _without


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, max) milliseconds of `repeat` runs after one warm-up."""
    work()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def decks() -> tuple[Deck, Deck]:
    flash = validate_deck({"id": "f", "title": "F", "cards": [
        {"id": f"c{i}", "kind": "flashcard", "level": "beginner", "front": f"q{i}", "back": "b"} for i in range(2000)]})
    gaps = validate_deck({"id": "z", "title": "Z", "cards": [
        {"id": f"c{i}", "kind": "cloze", "level": "beginner",
         "text": " ".join(f"{{{{c{n}::word{n} {i}}}}} and" for n in range(1, 21))} for i in range(2000)]})
    return flash, gaps


def run(quick: bool) -> list[dict[str, Any]]:
    repeat = 5 if quick else 50
    rows: list[dict[str, Any]] = []
    for deck in decks():
        ref = DeckRef(1, deck.id)
        picker = DrillPicker(None, [(ref, deck)])  # type: ignore[arg-type]  # (the pool reads no store)
        pool = picker.pool(None, None, None)
        ids = [card_id for _ref, _card, card_ids in pool for card_id in card_ids]
        what = "2,000 flashcards" if deck.id == "f" else "2,000 cloze cards x 20 gaps"
        median, worst = timed(lambda p=picker: p.pool(None, None, None), repeat)
        rows.append({"figure": f"drill pool, {what} ({len(ids):,} ids)", "value": f"{median:.2f} ms",
                     "note": f"max {worst:.2f} ms"})
        seen = {ref: set(ids[:-1])}
        median, worst = timed(lambda p=pool, s=seen: _without(p, s), repeat)
        rows.append({"figure": f"unseen ids near a round's end, {what}", "value": f"{median:.2f} ms",
                     "note": f"max {worst:.2f} ms"})
    rng = random.Random(1)
    expected = [" ".join("mitochondrion" + rng.choice(string.ascii_lowercase) * 3 for _ in range(120))]
    hostile = " ".join("mitochondrio" + "".join(rng.choice(string.ascii_lowercase) for _ in range(2))
                       for _ in range(400))[:4000]
    median, worst = timed(lambda: grade_gap("mitocondria", ["Mitochondria"]), repeat * 20)
    rows.append({"figure": "typed gap, one word with a typo", "value": f"{median * 1000:.0f} µs",
                 "note": f"max {worst * 1000:.0f} µs"})
    median, worst = timed(lambda: grade_gap(hostile, expected), repeat)
    rows.append({"figure": "typed gap, hostile 4,000 characters vs a 120-word gap", "value": f"{median:.2f} ms",
                 "note": f"max {worst:.2f} ms; at most 4,000 comparisons"})
    text = " ".join(f"{{{{c{n % 20 + 1}::w{n}::h}}}} some filler" for n in range(70))
    median, worst = timed(lambda: cloze.parse.__wrapped__(text), repeat * 4)
    rows.append({"figure": f"parse a {len(text):,}-character text, 20 gap numbers", "value": f"{median:.2f} ms",
                 "note": f"max {worst:.2f} ms; once per text"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json-out", default=None)
    args = parser.parse_args()
    rows = run(args.quick)
    for row in rows:
        print(f"{row['figure']:<70} {row['value']:>10}  {row['note']}")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            json.dump(rows, out)


if __name__ == "__main__":
    main()
