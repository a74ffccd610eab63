"""Exact verdicts of the German rules (bot/core/languages/german.py) on sentences written for these
tests: reversal words, and keywords that say "nicht"/"ohne" themselves."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer


def verdicts(keywords: list[tuple[str, ...]], answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    concepts = [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords)]
    return "".join("1" if verdict.hit else "n" if verdict.negated else "0"
                   for verdict in grade_answer(answer, concepts, language="de").concepts)


CASES = [
    ("umgekehrt", [("proportional",)], "Der Strom ist umgekehrt proportional zum Widerstand.", "n"),
    ("umgekehrt-as-keyword", [("umgekehrt proportional",)], "Der Strom ist umgekehrt proportional zum Widerstand.", "1"),
    ("entgegengesetzt", [("Richtung",)], "Der Zeiger schlägt in entgegengesetzte Richtung aus.", "n"),
    ("plain", [("proportional",)], "Strom und Spannung sind proportional.", "1"),
    ("ohne-as-written", [("ohne Sauerstoff",)], "Die Hefe lebt ohne Sauerstoff weiter.", "1"),
    ("ohne-elsewhere", [("ohne Sauerstoff",)], "Sauerstoff braucht die Hefe ohne Zweifel.", "0"),
    ("kein-other-order", [("kein Sauerstoff",)], "Der Sauerstoff kommt nicht an, sagt sie.", "0"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected
