"""Exact verdicts of the German rules (bot/core/languages/german.py) on sentences written for these
tests: reversal words, keywords that say "nicht"/"ohne" themselves, and compounds."""

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
    # "nicht" before the clause's last word (the verb at its end) denies what the clause says of its subject
    ("nicht-before-final-verb", [("Glukose",)], "In der Nacht wird Glukose nicht gebildet.", "n"),
    ("keine-rolle", [("Geschwindigkeit",)], "Die Geschwindigkeit spielt keine Rolle.", "n"),
    ("nicht-before-object", [("Pflanze",), ("Glukose",)], "Die Pflanze bildet nachts nicht viel Glukose.", "1n"),
    ("umgekehrt", [("proportional",)], "Der Strom ist umgekehrt proportional zum Widerstand.", "n"),
    ("umgekehrt-as-keyword", [("umgekehrt proportional",)], "Der Strom ist umgekehrt proportional zum Widerstand.", "1"),
    ("entgegengesetzt", [("Richtung",)], "Der Zeiger schlägt in entgegengesetzte Richtung aus.", "n"),
    ("plain", [("proportional",)], "Strom und Spannung sind proportional.", "1"),
    ("ohne-as-written", [("ohne Sauerstoff",)], "Die Hefe lebt ohne Sauerstoff weiter.", "1"),
    ("ohne-elsewhere", [("ohne Sauerstoff",)], "Sauerstoff braucht die Hefe ohne Zweifel.", "0"),
    # a compound's last part is the keyword word ("Lichtenergie" is an "Energie"); its first part is not
    ("compound-head", [("Energie",), ("Licht",)], "Die Pflanze nutzt Lichtenergie für den Zucker.", "10"),
    ("compound-head-denied", [("Energie",)], "Dabei entsteht keine Bewegungsenergie.", "n"),
    ("compound-head-in-phrase", [("Widerstand kleiner",)], "Parallel ist der Gesamtwiderstand kleiner.", "1"),
    ("short-ending-is-no-head", [("Ohm",)], "Das Phänomen heißt Fernohm.", "0"),
    ("arrows", [("Spannung steigt",), ("Widerstand sinkt",)], "Wenn die Spannung ↑ bei gleichem Draht, dann wird der Widerstand ↓ nicht.", "1n"),
    ("kein-other-order", [("kein Sauerstoff",)], "Der Sauerstoff kommt nicht an, sagt sie.", "0"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected
