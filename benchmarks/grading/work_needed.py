"""How much of the grader's per-answer work bounds (bot/core/limits.py) genuine answers use.

For each Mohler and SAF question group with at least 40 answers, a card filled to the deck limits with
that topic's most frequent words and word pairs (12 concepts, up to 600 keywords, 4,000 characters),
and 30 answers of 4000 characters made of that group's real student answers joined (typos and all).
Reports the most any answer used of each bound; the bounds should leave a wide margin.

    python -m benchmarks.grading.work_needed
"""

from __future__ import annotations

import collections
import itertools
import random
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import short_answers
from bot.core import limits
from bot.core.deck import Concept, OpenCard
from bot.core.grading import card_compiled, grade_card
from bot.core.text_normalize import STOPWORDS


def _topic_card(texts: list[str]) -> OpenCard:
    words = [w for w in re.findall(r"[a-z]+", " ".join(texts).lower()) if w not in STOPWORDS and len(w) >= 4]
    singles = [word for word, _ in collections.Counter(words).most_common(400)]
    pairs = [f"{a} {b}" for (a, b), _ in collections.Counter(itertools.pairwise(words)).most_common(300) if a != b]
    keywords: list[str] = []
    budget = limits.MAX_CARD_KEYWORD_CHARS
    for keyword in (x for pair in zip(singles, pairs, strict=False) for x in pair):
        if len(keyword) <= budget and len(keywords) < limits.MAX_CONCEPTS_PER_CARD * limits.MAX_KEYWORDS_PER_CONCEPT:
            keywords.append(keyword)
            budget -= len(keyword)
    concepts = [Concept(name=f"concept {i}", keywords=keywords[i :: limits.MAX_CONCEPTS_PER_CARD])
                for i in range(limits.MAX_CONCEPTS_PER_CARD)]
    return OpenCard(id="topic", kind="open", level="advanced", prompt="Explain.", concepts=concepts)


def measure(answers_per_card: int = 30) -> dict[str, int]:
    rows = short_answers.load_mohler() + short_answers.load_saf()
    groups: dict[str, list[short_answers.Row]] = collections.defaultdict(list)
    for row in rows:
        groups[row.question_id.split(".")[0] if "." in row.question_id else row.question_id[:3]].append(row)
    rng = random.Random(1)
    most = {"cards": 0, "answers": 0, "typo_comparisons": 0, "typo_matches": 0, "place_steps": 0}
    for _key, items in sorted(groups.items()):
        if len(items) < 40:
            continue
        card = _topic_card([row.reference + " " + row.answer for row in items])
        compiled, _ = card_compiled(card)
        most["cards"] += 1
        answers = [row.answer for row in items]
        for _ in range(answers_per_card):
            rng.shuffle(answers)
            text = ""
            for answer in answers:
                if len(text) + len(answer) >= 4000:
                    break
                text += " " + answer
            compiled.forget_typos()
            typos, places = compiled.typo_comparisons, compiled.place_steps
            grade_card(text, card)
            most["answers"] += 1
            most["typo_comparisons"] = max(most["typo_comparisons"], compiled.typo_comparisons - typos)
            most["place_steps"] = max(most["place_steps"], compiled.place_steps - places)
            most["typo_matches"] = max(most["typo_matches"], sum(map(len, compiled.fuzzy_cache.values())))
    return most


if __name__ == "__main__":
    used = measure()
    print(f"{used['cards']} topic cards, {used['answers']} answers of 4000 characters; most used per answer:")
    for name, bound in (("typo_comparisons", limits.MAX_TYPO_COMPARISONS), ("typo_matches", limits.MAX_TYPO_MATCHES),
                        ("place_steps", limits.MAX_PLACE_STEPS)):
        print(f"  {name}: {used[name]:,} of {bound:,}")
