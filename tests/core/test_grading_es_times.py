"""Exact verdicts of the Spanish phrases that say "day and night" (bot/core/languages/spanish_times.py), on
sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer

ALWAYS = [Concept(name="always", keywords=["día y noche"]), Concept(name="night", keywords=["de noche"])]


@pytest.mark.parametrize(("answer", "expected", "shown"), [
    ("El corazón late a todas horas sin descanso.", "11", "todas horas"),
    ("Los hongos respiran a cualquier hora.", "11", "cualquier hora"),
    ("La farmacia abre las 24 horas.", "11", "24 horas"),
    ("La farmacia abre las veinticuatro horas.", "11", "veinticuatro horas"),
    ("Comemos a la hora de siempre.", "00", None),
    ("La batería dura cuatro horas.", "00", None),
    ("No respiran a todas horas, solo de día.", "00", None),  # denied as written
], ids=["todas-horas", "cualquier-hora", "24-horas", "veinticuatro", "la-hora-de", "count-of-hours", "denied"])
def test_phrases_of_any_time_read_as_dia_y_noche(answer: str, expected: str, shown: str | None) -> None:
    result = grade_answer(answer, ALWAYS, language="es")
    assert "".join("1" if verdict.hit else "0" for verdict in result.concepts) == expected
    assert result.concepts[0].matched == shown
