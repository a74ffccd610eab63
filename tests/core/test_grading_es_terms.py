"""Exact verdicts of the Spanish rule that names of elements and substances take no thesaurus synonyms
(bot/core/languages/spanish_terms.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.languages import rules_for

OXYGEN = Concept(name="o", keywords=["oxígeno"], requires=["libera", "sale"])
TAKEN_IN = Concept(name="c", keywords=["dióxido de carbono"], requires=["agua"])


@pytest.mark.parametrize(("answer", "expected"), [
    # "aire" and "respirar" are not oxygen ("respiración" would have stood for every "oxígeno" required)
    ("El musgo libera aire por los poros.", "00"),
    ("El helecho libera calor al respirar.", "00"),
    ("El musgo libera oxígeno por los poros.", "10"),
    ("Del alga sale O2 en burbujas.", "10"),  # its formula still reads as it
    # "del aire" no longer names the oxygen concept between a keyword and its required word
    ("El cactus capta dióxido de carbono del aire y el agua de la arena.", "01"),
    ("El cactus capta dióxido de carbono del aire y el agua que guarda en el tallo.", "01"),
    ("El cactus capta dióxido de carbono del aire.", "00"),
], ids=["aire-is-not-oxygen", "respirar-is-not-oxygen", "oxygen", "formula", "del-aire-y-agua", "del-aire-y-agua-que",
        "no-water"])
def test_a_substance_has_no_thesaurus_synonym(answer: str, expected: str) -> None:
    result = grade_answer(answer, [OXYGEN, TAKEN_IN], language="es")
    assert "".join("1" if verdict.hit else "0" for verdict in result.concepts) == expected


def test_other_keywords_keep_their_synonyms() -> None:
    aliases = rules_for("es").keyword_aliases
    assert aliases is not None
    canonical = rules_for("es").tokenize("oxígeno carbono agua vapor glucosa rocas").words
    oxygen, carbon, water, steam, glucose, rocks = canonical
    assert aliases({oxygen: 0, carbon: 1, water: 2, steam: 3}, frozenset()) == {}
    assert set(aliases({glucose: 0}, frozenset()).values()) == {0}  # "azúcar"
    assert aliases({rocks: 0}, frozenset())  # "piedras"
