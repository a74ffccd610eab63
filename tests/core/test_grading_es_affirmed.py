"""Exact verdicts of the Spanish denials that affirm what follows them (bot/core/languages/spanish_affirmed.py):
"no fue solo X", "no es el único X", "no ... hasta 1789" (not until). Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes

CONCEPTS = [Concept(name="drought", keywords=["sequía"]), Concept(name="war", keywords=["guerra"])]


def verdicts(answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    result = grade_answer(answer, CONCEPTS, language="es")
    return verdict_codes(result)


@pytest.mark.parametrize(("answer", "expected"), [
    ("La ruina del reino no fue solo la sequía.", "10"),
    ("El motivo no era solamente la guerra.", "01"),
    ("La sequía no fue la única causa de la crisis.", "10"),
    ("La guerra no estalló hasta 1914.", "01"),
    ("La sequía no llegó hasta que se secaron los pozos.", "10"),
    ("La guerra no terminó hasta el año siguiente.", "01"),
    # still denials
    ("La ruina del reino no fue la sequía.", "n0"),
    ("Las tropas no llegaron hasta la guerra.", "0n"),  # a place after "hasta"
    ("No hubo guerra hasta los 10 kilómetros de la frontera.", "0n"),  # an amount
    ("No hubo sequía, pero la guerra duró hasta 1918.", "n1"),  # "hasta" in another clause
], ids=["no-fue-solo", "no-era-solamente", "no-fue-la-unica", "hasta-year", "hasta-que", "hasta-el-ano",
        "plain-denial", "hasta-a-place", "hasta-an-amount", "hasta-in-another-clause"])
def test_denials_that_affirm(answer: str, expected: str) -> None:
    assert verdicts(answer) == expected
