"""Verdict-equality check for grader refactors: grade a large fixed set of answers, write every verdict
as JSON lines, and compare with a file written before the change.

    python -m benchmarks.grading.verdicts --write /tmp/verdicts-before.jsonl   # before the change
    python -m benchmarks.grading.verdicts --check /tmp/verdicts-before.jsonl   # after: exit 1 on any diff

The set: every labelled answer (deck concepts, gaming rule on), the same answers with typos injected
(seeded), the speed benchmark's joined answers, the hostile 4000-character answers, and every Mohler
and SAF answer (derived concepts, gaming rule off, as the quality benchmark grades them; and again with
the rule on). Each answer is graded twice, warm (per-card memo kept) and cold (memo cleared first);
both must agree, so a memo that changes a verdict is caught within one run too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import short_answers
from benchmarks.grading.labelled import load_labelled, sample_cards
from benchmarks.grading.speed import hostile_answers, typical_answers
from bot.core.concept_extraction import card_concepts
from bot.core.deck import OpenCard
from bot.core.grading import grade_compiled
from bot.core.grading_compile import CompiledCard, compile_card


def _with_typos(text: str, rng: random.Random) -> str:
    """Swap, drop or double a letter in about a third of the longer words."""
    words = text.split(" ")
    for index, word in enumerate(words):
        if len(word) >= 5 and rng.random() < 0.35:
            cut = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(3)
            if kind == 0:
                word = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
            elif kind == 1:
                word = word[:cut] + word[cut + 1 :]
            else:
                word = word[:cut] + word[cut] + word[cut:]
            words[index] = word
    return " ".join(words)


def _word_pool(card: OpenCard, rng: random.Random) -> list[str]:
    """Words to build random answers from: the card's keyword words (some with typos, some split or
    joined), its question, negations, little words and punctuation."""
    keyword_words = [word for concept in card.concepts for keyword in concept.keywords for word in keyword.split()]
    pool = keyword_words * 3 + [_with_typos(word, rng) for word in keyword_words]
    pool += ["".join(keyword.split()) for concept in card.concepts for keyword in concept.keywords]
    pool += [word.replace("-", " ") for word in keyword_words if "-" in word]
    pool += card.prompt.split() + (card.hint or "").split()
    pool += ["not", "not", "no", "never", "without", "doesn't", "isn't", "only", "much", "the", "a", "is", "it", "and", "but", "or", "nor", ",", ",", ".", ";", ":", "(", ")", "\n"]
    pool += ["really", "gets", "much", "however", "although", "thirty", "two", "8", "32-bit", "Large", "MODEL"]
    return pool


def cases(include_short_answers: bool = True) -> Iterator[tuple[str, str, CompiledCard, bool]]:
    """(case id, answer, compiled card, gaming rule) for every answer of the check set."""
    cards = sample_cards()
    compiled = {}
    for card_id, card in cards.items():
        concepts, _ = card_concepts(card)
        compiled[card_id] = compile_card(concepts.concepts, card.prompt, card.hint or "", concepts.weights)
    rng = random.Random(20261127)
    for answer in load_labelled():
        yield f"labelled/{answer.id}", answer.text, compiled[answer.card], True
        for round_ in range(3):
            yield f"typos{round_}/{answer.id}", _with_typos(answer.text, rng), compiled[answer.card], True
    for answer in load_labelled():
        for round_ in range(2):
            words = answer.text.split()
            rng.shuffle(words)
            yield f"shuffled{round_}/{answer.id}", " ".join(words), compiled[answer.card], True
    for card_id, card in cards.items():
        pool = _word_pool(card, rng)
        for index in range(400):
            text = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 60)))
            yield f"mixed/{card_id}/{index}", text, compiled[card_id], rng.random() < 0.5
    for index, (card_id, text) in enumerate(typical_answers()):
        yield f"joined/{index}", text, compiled[card_id], True
    for index, text in enumerate(hostile_answers()):
        for card_id, deck_card in compiled.items():
            yield f"hostile/{index}/{card_id}", text, deck_card, True
    if not include_short_answers:
        return
    if not (short_answers.DATA_DIR / "mohler2011.jsonl").exists():
        print(f"note: {short_answers.DATA_DIR} not found; Mohler/SAF skipped", file=sys.stderr)
        return
    for name, loader in (("mohler", short_answers.load_mohler), ("saf", short_answers.load_saf)):
        for index, row in enumerate(loader()):
            derived = short_answers._derived(row.reference, row.question)
            if not derived.concepts:
                continue
            reference_card = compile_card(derived.concepts, row.question, "", derived.weights)
            yield f"{name}/{index}", row.answer, reference_card, False
            yield f"{name}-rule/{index}", row.answer, reference_card, True


def _forget_typos(card: CompiledCard) -> None:
    if hasattr(card, "forget_typos"):
        card.forget_typos()
    else:  # the grader before `forget_typos` existed (to write a baseline from an older tree)
        card.fuzzy_cache.clear()
        card.no_typo.clear()


def verdict_lines(include_short_answers: bool = True) -> Iterator[str]:
    for case_id, text, card, rule in cases(include_short_answers):
        warm = grade_compiled(text, card, gaming_rule=rule)
        _forget_typos(card)
        cold = grade_compiled(text, card, gaming_rule=rule)
        record = {"id": case_id, **warm.to_json(), "coverage": round(warm.coverage, 12)}
        if cold != warm:
            record["cold_differs"] = cold.to_json()
        yield json.dumps(record, sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.verdicts", description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the verdicts here")
    group.add_argument("--check", type=Path, help="compare with verdicts written earlier; exit 1 on a difference")
    parser.add_argument("--no-short-answers", action="store_true", help="skip Mohler/SAF (seconds instead of a minute)")
    args = parser.parse_args(argv)
    lines = list(verdict_lines(not args.no_short_answers))
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    cold_differs = sum('"cold_differs"' in line for line in lines)
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} verdicts to {args.write} (sha256 {digest[:16]}); warm/cold differ: {cold_differs}")
        return 1 if cold_differs else 0
    before = args.check.read_text(encoding="utf-8").splitlines()
    differences = [(old, new) for old, new in zip(before, lines, strict=False) if old != new]
    if len(before) != len(lines):
        print(f"count differs: {len(before)} before, {len(lines)} now")
    for old, new in differences[:10]:
        print(f"- {old}\n+ {new}")
    same = not differences and len(before) == len(lines) and not cold_differs
    print(
        f"{len(lines)} verdicts (sha256 {digest[:16]}): {len(differences)} differ from {args.check}; "
        f"warm/cold differ: {cold_differs}; {'SAME' if same else 'DIFFERENT'}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
