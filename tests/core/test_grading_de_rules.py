"""Exact verdicts of more German rules (bot/core/languages/german*.py) on sentences written for these
tests: formulas of everyday substances read as their names; two predicates of one subject in a
subordinate clause; everyday wording ("24/7", English "more"/"less", words of one sense); "für" in a
keyword (kept in its order by the shared phrase rules)."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes


def verdicts(concepts: list[Concept], answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    return verdict_codes(grade_answer(answer, concepts, language="de"))


def plain(*keywords: str) -> list[Concept]:
    return [Concept(name=f"c{index}", keywords=[keyword]) for index, keyword in enumerate(keywords)]


YEAST = [Concept(name="c", keywords=["Zucker"], requires=["Gas"])]

CASES = [
    # a formula of an everyday substance is its name, on the card as in the answer, subscripts or not
    ("formula-in-answer", plain("Kohlenstoffdioxid"), "Im Sprudel steckt gelöstes CO₂.", "1"),
    ("formula-on-card", plain("CO2"), "Beim Ausatmen geben wir Kohlenstoffdioxid ab.", "1"),
    ("formula-denied", plain("Sauerstoff"), "In der Flasche ist kein O2 mehr.", "n"),
    ("formula-first-part", plain("Kohlenstoffdioxidgehalt"), "Der CO2-Gehalt der Luft steigt.", "1"),
    # a coefficient counts molecules of the same substance; an equation's sides keep their words apart
    ("coefficient", [Concept(name="c", keywords=["Wasserstoff"], requires=["Wasser"])],
     "Knallgas: 2 H₂ + O₂ → 2H₂O", "1"),
    ("coefficient-on-card", plain("2 H2O"), "Bei der Verbrennung entsteht Wasser.", "1"),
    # not inside a longer formula or word
    ("inside-longer-formula", plain("Natriumchlorid"), "Bleiche enthält NaClO.", "0"),
    ("inside-a-word", plain("Sauerstoff"), "Das Modell XO2 ist neu.", "0"),
    # "..., dass X Y verb1 und Z verb2": two predicates of one subject, one clause for the roles
    ("subordinate-predicates", YEAST, "Man sieht, dass die Hefe Zucker spaltet und Gas bildet.", "1"),
    ("subordinate-predicates-weil", YEAST, "Der Teig geht auf, weil die Hefe Zucker frisst und Gas abgibt.", "1"),
    ("subordinate-negation-stops", plain("Zucker", "Gas"), "Klar ist, dass die Hefe keinen Zucker spaltet und Gas bildet.", "n1"),
    ("main-clause-new-subject", YEAST, "Die Hefe spaltet Zucker, die Sonne scheint und Gas entweicht.", "0"),
    ("main-clauses", YEAST, "Der Zucker schmilzt und Gas entweicht.", "0"),
    ("lower-case-writer", YEAST, "man sieht, dass die hefe zucker spaltet und gas bildet.", "0"),
    # "24/7" is "rund um die Uhr"; a fraction or a date is not
    ("around-the-clock", plain("rund um die Uhr"), "Der Kühlschrank läuft 24/7.", "1"),
    ("around-the-clock-spaced", plain("rund um die Uhr"), "Die Pumpe arbeitet 24 / 7 im Keller.", "1"),
    ("no-clock-in-a-number", plain("rund um die Uhr"), "Im Protokoll steht 124/75.", "0"),
    ("no-clock-in-a-date", plain("rund um die Uhr"), "Das war am 24/7/2020.", "0"),
    # English "more" / "less" in a German answer are "mehr" / "weniger", denied like them
    ("english-more", plain("mehr Salz"), "Mit more Salz kocht das Wasser später.", "1"),
    ("english-less", plain("weniger Zucker"), "Der Saft hat less Zucker als die Limo.", "1"),
    ("english-more-denied", plain("mehr Salz"), "Die Suppe braucht nicht more Salz.", "n"),
    # words of one sense for a card's word, either way round, denied like it
    ("synonym-group", plain("ständig"), "Das Herz schlägt ununterbrochen.", "1"),
    ("synonym-group-reverse", plain("ununterbrochen"), "Das Herz schlägt ständig.", "1"),
    ("synonym-group-denied", plain("ständig"), "Der Vulkan ist nicht unaufhörlich aktiv.", "n"),
    ("synonym-group-other-word", plain("ständig"), "Das Herz schlägt unregelmäßig.", "0"),
    # a keyword joined by "für" says whom a thing is for: its nouns swapped or apart are not it
    ("fuer-said", plain("Futter für die Katze"), "Im Schrank steht Futter für die Katze.", "1"),
    ("fuer-umlaut-dropped", plain("Futter für die Katze"), "Im Schrank steht Futter fuer die Katze.", "1"),
    ("fuer-relation-missing", plain("Futter für die Katze"), "Die Katze frisst das Futter nicht gern.", "0"),
    ("fuer-denied", plain("Futter für die Katze"), "Im Schrank steht kein Futter für die Katze.", "n"),
    ("fuer-keyword-without-it", plain("Futter Katze"), "Das Futter ist für die Katze.", "1"),
]


@pytest.mark.parametrize(("concepts", "answer", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_german_rule(concepts: list[Concept], answer: str, expected: str) -> None:
    assert verdicts(concepts, answer) == expected
