"""Exact verdicts of the Spanish rule that a clitic after a contrast takes up the denied verb's object
(bot/core/languages/spanish_clauses.py `resume_object`): "no gasta energía sino que la almacena" says
"almacena energía", so a word a keyword `requires` stands in the clause of the verb that is said.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes


def verdicts(concepts: list[Concept], answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    result = grade_answer(answer, concepts, language="es")
    return verdict_codes(result)


STORES = [Concept(name="stores", keywords=["almacena"], requires=["energía"]), Concept(name="energy", keywords=["energía"])]
GIVES_OFF = [Concept(name="gives-off", keywords=["oxígeno"], requires=["libera", "suelta"])]


@pytest.mark.parametrize(("concepts", "answer", "expected"), [
    (STORES, "La hoja no gasta energía sino que la almacena en el almidón.", "11"),
    (STORES, "La célula no almacena energía sino que la gasta.", "n1"),  # the denied verb stays denied
    (STORES, "El músculo no gasta las reservas sino que la almacena.", "00"),  # "la" is not "las reservas"
    (GIVES_OFF, "De día la hoja no consume oxígeno, sino que lo suelta.", "1"),
    (GIVES_OFF, "De día la hoja no consume oxígeno.", "0"),
    (GIVES_OFF, "De noche la hoja no suelta oxígeno, sino que lo consume.", "0"),  # its required verb is denied
], ids=["sino-que-la", "denied-verb", "number-disagrees", "comma-sino-que-lo", "no-contrast", "said-verb-not-required"])
def test_a_resumed_clitic_reads_as_its_object(concepts: list[Concept], answer: str, expected: str) -> None:
    assert verdicts(concepts, answer) == expected


def test_the_verdict_shows_the_clitic_as_written() -> None:
    verdict = grade_answer("La hoja no consume oxígeno, sino que lo suelta.", GIVES_OFF, language="es").concepts[0]
    assert verdict.matched == "lo"
