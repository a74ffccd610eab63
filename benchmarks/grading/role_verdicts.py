"""Verdict equality for cards with roles and misconceptions (verdicts.py grades compiled cards without them).

    python -m benchmarks.grading.role_verdicts --write /tmp/role-verdicts-before.jsonl   # before a change
    python -m benchmarks.grading.role_verdicts --check /tmp/role-verdicts-before.jsonl   # after it

The set, graded with `grade_card` (roles and misconceptions included), warm and cold (every typo memo
cleared), which must agree:
- "blind": every blind-set answer on its card, also with typos injected (3 rounds) and shuffled;
- "labelled": every labelled answer on the sample deck's cards, also with typos (3 rounds);
- "salad": 300 salads of the card's own words per card with roles (shipped decks and blind set);
- "long": 4000-character answers joined from each card's real answers, as written and with typos;
- "hostile": 30 answers per worst-card shape with roles (benchmarks/grading/worst_card.py). These may
  reach a per-answer bound, past which a change to the bounds may change a verdict: `--check` reports
  them apart and fails only on the others.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import blind, worst_card
from benchmarks.grading.labelled import load_labelled, sample_cards
from benchmarks.grading.role_work import _joined, _salad
from benchmarks.grading.verdicts import _with_typos
from bot.content.loader import load_deck_file
from bot.core import grading
from bot.core.deck import OpenCard
from bot.core.grading import grade_card

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _has_roles(card: OpenCard) -> bool:
    return bool(card.misconceptions or any(c.requires or c.not_with for c in card.concepts))


def cases() -> Iterator[tuple[str, str, str, OpenCard]]:
    """(section, case id, answer, card)."""
    rng = random.Random(20261203)
    cards, _ = blind.load_cards()
    by_card: dict[tuple[str, str], list[str]] = {}
    for path in sorted((blind.BLIND_DIR / "answers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        card = cards[(data["deck"], data["card"])]
        by_card.setdefault((data["deck"], data["card"]), []).extend(row["text"] for row in data["answers"])
        for row in data["answers"]:
            yield "blind", f"blind/{row['id']}", row["text"], card
            for round_ in range(3):
                yield "blind", f"blind-typos{round_}/{row['id']}", _with_typos(row["text"], rng), card
            words = row["text"].split()
            rng.shuffle(words)
            yield "blind", f"blind-shuffled/{row['id']}", " ".join(words), card
    samples = sample_cards()
    labelled: dict[str, list[str]] = {}
    for answer in load_labelled():
        labelled.setdefault(answer.card, []).append(answer.text)
        yield "labelled", f"labelled/{answer.id}", answer.text, samples[answer.card]
        for round_ in range(3):
            yield "labelled", f"labelled-typos{round_}/{answer.id}", _with_typos(answer.text, rng), samples[answer.card]
    shipped = {f"{deck.id}/{card.id}": card for path in sorted(CONTENT.glob("*.yaml"))
               if (deck := load_deck_file(path).deck) is not None for card in deck.cards
               if isinstance(card, OpenCard) and _has_roles(card)}
    for key, card in [*shipped.items(), *((f"{d}/{c}", card) for (d, c), card in cards.items())]:
        for index in range(300):
            yield "salad", f"salad/{key}/{index}", _salad(card, rng), card
    long_sets = [(f"{d}/{c}", cards[(d, c)], texts, 20) for (d, c), texts in by_card.items()]
    long_sets += [(key, samples[key], texts, 30) for key, texts in labelled.items()]
    for key, card, texts, count in long_sets:
        for index in range(count):
            text = _joined(texts, rng)
            yield "long", f"long/{key}/{index}", text, card
            yield "long", f"long-typos/{key}/{index}", _with_typos(text, rng), card
    for shape in worst_card.shapes():
        if _has_roles(shape.card):
            shape_rng = random.Random(11)
            for index in range(30):
                yield "hostile", f"hostile/{shape.name}/{index}", shape.answers(shape_rng, shape.card), shape.card


def _forget(card: OpenCard) -> None:
    grading.card_compiled(card)[0].forget_typos()
    relations = grading.card_relations(card)
    words = getattr(relations, "words", None)
    if words is not None:
        words.forget_typos()


def verdict_lines() -> Iterator[tuple[str, str]]:
    for section, case_id, text, card in cases():
        warm = grade_card(text, card)
        _forget(card)
        cold = grade_card(text, card)
        record = {"id": case_id, **warm.to_json(), "coverage": round(warm.coverage, 12)}
        if cold != warm:
            record["cold_differs"] = cold.to_json()
        yield section, json.dumps(record, sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.role_verdicts", description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the verdicts here")
    group.add_argument("--check", type=Path, help="compare with verdicts written earlier; exit 1 on a difference")
    args = parser.parse_args(argv)
    lines = list(verdict_lines())
    sections: dict[str, list[str]] = {}
    for section, line in lines:
        sections.setdefault(section, []).append(line)
    before: dict[str, list[str]] = {}
    if args.check:
        for row in args.check.read_text(encoding="utf-8").splitlines():
            section, line = row.split("\t", 1)
            before.setdefault(section, []).append(line)
    failed = False
    for section, now in sections.items():
        digest = hashlib.sha256("\n".join(now).encode()).hexdigest()[:16]
        cold = sum('"cold_differs"' in line for line in now)
        report = f"{section}: {len(now)} verdicts (sha256 {digest}); warm/cold differ: {cold}"
        if args.check:
            old = before.get(section, [])
            differ = sum(a != b for a, b in zip(old, now, strict=False)) + abs(len(old) - len(now))
            report += f"; {differ} differ from {args.check}"
            failed |= bool(differ or cold) and section != "hostile"
        else:
            failed |= bool(cold) and section != "hostile"
        print(report)
    if args.write:
        args.write.write_text("".join(f"{section}\t{line}\n" for section, line in lines), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
