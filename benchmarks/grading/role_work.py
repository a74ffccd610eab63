"""How much of the per-answer bounds on roles and misconceptions (bot/core/limits.py) genuine answers use.

Cards with roles and misconceptions: the blind set's (benchmarks/grading/blind/) and the sample deck's
open cards (the labelled set's). Answers: 4000-character ones joined from each card's real answers,
as written and with typos injected (20 + 20 per blind card, 30 + 30 per sample card), and, as a
harder case that is not an answer, random salads of 3 to 90 of the card's own words (keywords, role
words, triggers, typos of them, negations, clause words, marks; 300 per card). Each is graded cold
(typo memos cleared). Reports the most any answer used of each bound.

    python -m benchmarks.grading.role_work
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import blind
from benchmarks.grading.labelled import load_labelled, sample_cards
from benchmarks.grading.verdicts import _with_typos
from bot.core import limits
from bot.core.deck import OpenCard
from bot.core.grading import card_compiled, card_relations, grade_card

_SALAD = ["not", "no", "never", "without", "doesn't", "the", "a", "is", "it", "and", "but", "than", "because",
          "while", "so", "or", ",", ",", ".", ";", ":", "(", ")", "\n", "really", "much", "however"]


def _joined(texts: list[str], rng: random.Random) -> str:
    rng.shuffle(texts)
    text = ""
    for answer in texts:
        if len(text) + len(answer) >= 4000:
            break
        text += " " + answer
    return text


def _salad(card: OpenCard, rng: random.Random) -> str:
    words = [w for c in card.concepts for t in (*c.keywords, *c.requires, *c.not_with) for w in t.split()]
    words += [w for m in card.misconceptions for t in m.triggers for w in t.split()]
    pool = words * 3 + [_with_typos(word, rng) for word in words] + card.prompt.split() + _SALAD
    return " ".join(rng.choice(pool) for _ in range(rng.randint(3, 90)))


def answers(rng: random.Random) -> Iterator[tuple[str, str, OpenCard]]:
    """(kind, answer, card): "genuine" long answers and "salad" word salads."""
    cards, _ = blind.load_cards()
    by_card: dict[tuple[str, str], list[str]] = {}
    for path in sorted((blind.BLIND_DIR / "answers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_card.setdefault((data["deck"], data["card"]), []).extend(row["text"] for row in data["answers"])
    samples = sample_cards()
    labelled: dict[str, list[str]] = {}
    for answer in load_labelled():
        labelled.setdefault(answer.card, []).append(answer.text)
    genuine = [(cards[key], texts, 20) for key, texts in by_card.items()]
    genuine += [(samples[key], texts, 30) for key, texts in labelled.items()]
    for card, texts, count in genuine:
        for _ in range(count):
            text = _joined(texts, rng)
            yield "genuine", text, card
            yield "genuine", _with_typos(text, rng), card
    for card in [*cards.values(), *samples.values()]:
        for _ in range(300):
            yield "salad", _salad(card, rng), card


def measure(seed: int = 20261203) -> dict[str, dict[str, int]]:
    most: dict[str, dict[str, int]] = {}
    for kind, text, card in answers(random.Random(seed)):
        compiled, _ = card_compiled(card)
        relations = card_relations(card)
        if relations is None:
            continue
        compiled.forget_typos()
        relations.words.forget_typos()
        comparisons = compiled.typo_comparisons + relations.words.typo_comparisons
        done = relations.done
        done.most_role_places = done.most_role_checks = done.most_trigger_steps = 0  # (this answer's, then)
        grade_card(text, card)
        used = most.setdefault(kind, dict.fromkeys(("answers", "places", "checks", "steps", "comparisons"), 0))
        used["answers"] += 1
        used["places"] = max(used["places"], done.most_role_places)
        used["checks"] = max(used["checks"], done.most_role_checks)
        used["steps"] = max(used["steps"], done.most_trigger_steps)
        comparisons = compiled.typo_comparisons + relations.words.typo_comparisons - comparisons
        used["comparisons"] = max(used["comparisons"], comparisons)
    return most


def main() -> int:
    bounds = {"places": limits.MAX_RELATION_PLACES_IN_ALL, "checks": limits.MAX_RELATION_CHECKS,
              "steps": limits.MAX_TRIGGER_STEPS, "comparisons": limits.MAX_TYPO_COMPARISONS}
    names = {"places": "role places read", "checks": "role checks", "steps": "trigger steps",
             "comparisons": "typo comparisons (keywords and role words)"}
    for kind, used in measure().items():
        print(f"{kind} ({used['answers']} answers), most used per answer:")
        for key, bound in bounds.items():
            print(f"  {names[key]}: {used[key]:,} of {bound:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
