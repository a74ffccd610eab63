"""Exact verdicts of the Spanish phrases that say a claim is the wrong way round, and of "lejos de" with an
infinitive (bot/core/languages/spanish_reversals.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes

CONCEPTS = [Concept(name="heats", keywords=["calienta"]), Concept(name="cools", keywords=["enfría"])]


def verdicts(answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    result = grade_answer(answer, CONCEPTS, language="es")
    return verdict_codes(result)


@pytest.mark.parametrize(("answer", "expected"), [
    ("Mucha gente cree que el hielo calienta la bebida, pero es al revés: la enfría.", "n1"),
    ("El hielo calienta la bebida. Es justo lo contrario: la enfría.", "n1"),
    ("Dicen que el ventilador calienta el cuarto, pero es todo lo contrario.", "n0"),
    ("El ventilador no calienta el cuarto, es al revés: lo enfría.", "n1"),  # denied once, not twice
    ("En el espejo la mano gira al revés y el aire enfría.", "01"),  # a reversal said of a verb
    ("Lejos de calentar la sopa, el hielo la enfría.", "n1"),
    ("La estufa calienta la casa lejos de la costa.", "10"),  # a place
], ids=["pero-es-al-reves", "es-justo-lo-contrario", "todo-lo-contrario-alone", "claim-already-denied",
        "gira-al-reves", "lejos-de-infinitive", "lejos-de-a-place"])
def test_a_claim_said_to_be_the_wrong_way_round(answer: str, expected: str) -> None:
    assert verdicts(answer) == expected
