"""Exact verdicts of Spanish number words (bot/core/languages/spanish_numbers.py), on sentences written for
these tests: one-word numbers the table lacked and numbers of several words read as their digits."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.languages import rules_for


@pytest.mark.parametrize(("keyword", "answer", "expected"), [
    ("17", "El grupo tenía diecisiete miembros.", True),
    ("veintitrés", "Llegaron 23 barcos.", True),
    ("300", "Se imprimieron trescientas copias.", True),
    ("32", "La clase tiene treinta y dos alumnos.", True),
    ("treinta y dos", "La clase tiene 32 alumnos.", True),
    ("1492", "El viaje fue en mil cuatrocientos noventa y dos.", True),
    ("2010", "La ley se aprobó en dos mil diez.", True),
    ("120", "El tren va a ciento veinte kilómetros por hora.", True),
    ("30", "La clase tiene treinta y dos alumnos.", False),  # a part of a number is not the number
    ("2", "La clase tiene treinta y dos alumnos.", False),
    ("40", "Salió a las cinco cuarenta.", True),  # two numbers side by side stay two
], ids=["diecisiete", "veintitres-digits", "trescientas", "treinta-y-dos", "words-keyword", "year", "dos-mil-diez",
        "ciento-veinte", "not-its-tens", "not-its-unit", "side-by-side"])
def test_number_words(keyword: str, answer: str, expected: bool) -> None:
    assert grade_answer(answer, [Concept(name="c", keywords=[keyword])], language="es").concepts[0].hit is expected


def test_a_number_of_several_words_is_one_token_value() -> None:
    tokenize = rules_for("es").tokenize
    assert tokenize("treinta y dos").words == ("32", "32", "32")
    assert tokenize("el pan y dos huevos").words[2:4] == ("and", "2")  # a "y" between other words stays
