"""Exact verdicts of Spanish doubts and indirect questions (bot/core/languages/spanish_doubts.py), on
sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes

CONCEPTS = [Concept(name="melts", keywords=["se derrite"]), Concept(name="ice", keywords=["hielo"])]


def verdicts(answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    result = grade_answer(answer, CONCEPTS, language="es")
    return verdict_codes(result)


@pytest.mark.parametrize(("answer", "expected"), [
    # an indirect question states nothing
    ("Me pregunto si el hielo se derrite.", "nn"),
    ("No estoy seguro de si el hielo de la nevera se derrite.", "nn"),
    ("No sé si el hielo del glaciar de verdad se derrite.", "nn"),
    ("Depende de si el hielo se derrite.", "nn"),
    ("Lo calentamos para ver si el hielo se derrite.", "nn"),
    ("Si el hielo se derrite, sube el mar.", "11"),  # a condition is no question
    # unlikely, impossible: denied
    ("Es imposible que el hielo se derrita.", "nn"),
    ("Es poco probable que el hielo se derrita.", "nn"),
    ("Es probable que el hielo se derrita.", "11"),
    ("Es dudoso que el hielo se derrita.", "nn"),
    ("El hielo se derrite. Eso es imposible.", "nn"),
    # a claim then "no estoy seguro"
    ("El hielo se derrite, pero no estoy seguro.", "nn"),
    ("El hielo se derrite y estoy seguro.", "11"),
], ids=["me-pregunto-si", "no-seguro-de-si", "no-se-si", "depende-de-si", "para-ver-si", "plain-si",
        "imposible-que", "poco-probable-que", "probable-que", "dudoso-que", "eso-es-imposible",
        "pero-no-estoy-seguro", "estoy-seguro"])
def test_doubts_state_nothing(answer: str, expected: str) -> None:
    assert verdicts(answer) == expected
