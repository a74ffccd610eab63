"""English idioms of denial: "is not going to V" denies V (not "going"), "can't X without Y" states X
and Y (the two negations cancel), "instead of X" inside a sentence does not end its opening frame's
reach, and a keyword that says "not" itself ("isn't used up") holds where the answer says it."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.grading_idioms import read_idioms
from bot.core.text_normalize import tokenize

MELTS = Concept(name="the ice melts", keywords=["melts"])
EXPANDS = Concept(name="heating expands a metal", keywords=["expands"], requires=["heat", "heating"])
FROZEN = Concept(name="lake freezes in winter", keywords=["freezes"], requires=["winter"])
BIRDS = Concept(name="birds leave in winter", keywords=["birds leave"], requires=["winter"])


def credited(answer: str, concepts: list[Concept]) -> list[bool]:
    return [verdict.hit for verdict in grade_answer(answer, concepts).concepts]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Kept in the freezer, the ice is not going to melt.", False),
        ("In a cold box the ice isn't gonna melt before lunch.", False),
        ("Left on the table, the ice is going to melt.", True),
        # "going to the shop" is a trip: its denial ends with the clause
        ("The ice is not going to the shop, it melts on the table.", True),
    ],
)
def test_not_going_to_denies_the_verb_after_it(answer: str, expected: bool) -> None:
    assert credited(answer, [MELTS]) == [expected]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("You can't heat a metal bar without it expanding a little.", True),
        ("You cannot heat a steel rail without the rail expanding.", True),
        ("You couldn't heat the rod without it expanding.", True),
        # a clause break between them: two denials, no idiom
        ("You can't heat the rod here, and without heat it never expands.", False),
        ("Heating a metal bar does not make it expand.", False),
    ],
)
def test_cant_x_without_y_states_both(answer: str, expected: bool) -> None:
    assert credited(answer, [EXPANDS]) == [expected]


def test_the_idiom_leaves_other_answers_alone() -> None:
    tokens = tokenize("It does not expand, not even when heated.")
    assert read_idioms(tokens) is tokens
    assert read_idioms(tokenize("You can't heat it without it expanding.")).words.count("not") == 0


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # the frame passes over "instead of ..." to the clause joined by "and"
        ("In winter the pond is hard instead of being soft, and the lake freezes.", [True, False]),
        ("In winter the air is dry instead of wet, so the birds leave.", [False, True]),
        # what "instead of" names is not framed
        ("In winter the river keeps flowing instead of freezing.", [False, False]),
    ],
)
def test_instead_of_does_not_end_a_frame(answer: str, expected: list[bool]) -> None:
    assert credited(answer, [FROZEN, BIRDS]) == expected


KEPT = Concept(name="the money is not spent", keywords=["not spent", "isn't spent"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The money isn't spent, it stays in the bank.", True),
        ("Most of the money is not spent until May.", True),
        ("The money is spent on food and rent.", False),
        # the negation governs another word: "not the money" (the time is what is not spent)
        ("It is not the money that gets spent in the end, it is the time.", False),
    ],
)
def test_a_keyword_that_says_not_holds_as_written(answer: str, expected: bool) -> None:
    assert credited(answer, [KEPT]) == [expected]
