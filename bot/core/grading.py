"""Grading of open answers against a card's concepts.

Interim implementation: exact word matching. Issue 3 replaces the matching with fuzzy,
negation-aware grading behind the same `grade_answer` signature.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.deck import Concept

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ConceptVerdict:
    name: str
    hit: bool
    matched: str | None  # the words of the answer that matched, as written
    score: int  # 0-100


@dataclass(frozen=True, slots=True)
class GradeResult:
    concepts: tuple[ConceptVerdict, ...]

    @property
    def hits(self) -> int:
        return sum(1 for verdict in self.concepts if verdict.hit)

    @property
    def total(self) -> int:
        return len(self.concepts)


def grade_answer(answer: str, concepts: Sequence[Concept]) -> GradeResult:
    words = [w.casefold() for w in _WORD.findall(answer)]
    text = " ".join(words)
    verdicts = []
    for concept in concepts:
        matched = None
        for keyword in concept.keywords:
            key = " ".join(w.casefold() for w in _WORD.findall(keyword))
            if key and re.search(rf"\b{re.escape(key)}\b", text):
                matched = keyword
                break
        verdicts.append(ConceptVerdict(concept.name, matched is not None, matched, 100 if matched else 0))
    return GradeResult(tuple(verdicts))
