"""English rules of reading an answer: little words that carry a keyword's meaning ("same", "all",
"out"...), a sentence's opening frame ("In winter, ...") reaching the clauses joined to it, and
shorthand such as "w/o"."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.grading_formulas import read_formulas
from bot.core.grading_tables import read_tables

SAME_PRICE = Concept(name="same price", keywords=["same price", "price is the same"])
ALL_CLOSE = Concept(name="all close", keywords=["all shut down"])


def credited(answer: str, concepts: list[Concept]) -> list[bool]:
    return [verdict.hit for verdict in grade_answer(answer, concepts).concepts]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The price is the same in every shop in town.", True),
        ("Every shop in town charges the same price.", True),
        ("The price depends on the shop and the day.", False),  # "price" alone is not "same price"
        ("Prices went up at the market this year.", False),
    ],
)
def test_same_is_part_of_a_keyword(answer: str, expected: bool) -> None:
    assert credited(answer, [SAME_PRICE]) == [expected]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("When the storm hit, the factories all shut down for a week.", True),
        ("The factory shut its doors on Sundays.", False),  # "shut" alone is not "all shut down"
    ],
)
def test_all_and_down_are_part_of_a_keyword(answer: str, expected: bool) -> None:
    assert credited(answer, [ALL_CLOSE]) == [expected]


FROZEN = Concept(name="lake freezes in winter", keywords=["freezes", "turns to ice"], requires=["winter"])
BIRDS = Concept(name="birds leave in winter", keywords=["birds leave", "birds fly south"], requires=["winter"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # the opening frame speaks of the clauses joined to it by "and" / "so"
        ("In winter the days get short, so the lake freezes and the birds leave.", [True, True]),
        ("During a cold winter, the air is dry, and the lake freezes.", [True, False]),
        # a contrast or a frame of its own ends its reach
        ("In winter the days get short, but the lake freezes in a cold spring.", [False, False]),
        ("In winter the days are short, and in spring the lake freezes.", [False, False]),
        # only a frame that opens its sentence: here "winter" sits in another clause
        ("The days are short in winter, and the lake freezes.", [False, False]),
        ("It rains a lot. In winter the nights are long and the birds fly south.", [False, True]),
    ],
)
def test_a_sentence_opening_frame_reaches_the_clauses_continuing_it(answer: str, expected: list[bool]) -> None:
    assert credited(answer, [FROZEN, BIRDS]) == expected



@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The price is not the same in every shop.", False),
        ("The price doesn't stay the same from one shop to the next.", False),
        ("The price never remains the same for long.", False),
        ("It is not only cheap: the price is the same in every shop.", True),  # a hedge, then a claim
    ],
)
def test_not_the_same_denies_same(answer: str, expected: bool) -> None:
    assert credited(answer, [SAME_PRICE]) == [expected]


TEA = Concept(name="tea with sugar", keywords=["sugar"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("i drink my tea w/o sugar", False),
        ("tea w/ sugar, b/c it tastes better", True),
        ("tea w/sugar is how I like it", True),
    ],
)
def test_slash_shorthand_reads_as_words(answer: str, expected: bool) -> None:
    assert credited(answer, [TEA]) == [expected]


MELTS = Concept(name="ice melts above zero", keywords=["ice melts", "melting ice"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("I'm not sure if ice melts above zero degrees.", False),
        ("I am not certain that the ice melts at that point.", False),
        ("I don't think the ice melts in the shade.", False),
        ("No idea whether ice melts faster in salt water.", False),
        ("I don't know the exact number, but ice melts above zero.", True),  # the doubt ends at "but"
        ("We don't know every cause of it. Ice melts above zero.", True),  # "know" without if/whether
    ],
)
def test_a_doubted_claim_is_not_stated(answer: str, expected: bool) -> None:
    assert credited(answer, [MELTS]) == [expected]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Does ice melt above zero? I have no clue.", False),
        ("ice melts?? or it sinks, not sure", False),
        ("The ice melts above zero I guess?", False),
        ("Above zero the ice melts, right?", True),  # a tag: still a statement
        ("Why does the lake thaw? Because ice melts above zero.", True),  # the answer to a question
        ("Does ice melt above zero? Yes, every time.", True),  # a question answered yes
        ("Ice melts above zero, but does it refreeze at night?", True),  # only the asking clause
    ],
)
def test_a_question_states_nothing(answer: str, expected: bool) -> None:
    assert credited(answer, [MELTS]) == [expected]


WARM = Concept(name="lake warm in summer", keywords=["warm", "warmer"], requires=["summer"])
FROZEN_TABLE = Concept(name="lake freezes in winter", keywords=["freezes"], requires=["winter"])
SWIM = Concept(name="swimming in summer", keywords=["swimming"], requires=["summer"])
SEASONS = "| | summer | winter |\n|---|---|---|\n"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (SEASONS + "| lake | warm | freezes |", [True, True, False]),
        (SEASONS + "| lake | freezes | warm |", [False, False, False]),  # reversed: neither
        ("Compare:\n" + SEASONS + "| lake | warm | freezes |\n| swimming | yes | no |\nThat's all.", [True, True, True]),
        (SEASONS + "| swimming | no | yes |", [False, False, False]),  # "no" denies the row
        (SEASONS + "| swimming | ❌ | ✅ |", [False, False, False]),
    ],
)
def test_a_table_cell_is_read_with_its_headings(answer: str, expected: list[bool]) -> None:
    assert credited(answer, [WARM, FROZEN_TABLE, SWIM]) == expected



def test_text_with_bars_but_no_table_is_read_as_written() -> None:
    text = "summer | warm lake\nwinter | it freezes"
    assert read_tables(text) == text
    assert read_tables(SEASONS + "| swimming | no | yes |") == "summer not swimming. winter swimming."


WATER_SPLIT = Concept(name="water is split", keywords=["water is split", "splits water"])
OXYGEN = Concept(name="oxygen given off", keywords=["oxygen", "o2"], requires=["given off", "released"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("first H2O is split, then O₂ is released", [True, True]),
        ("2H2O → 4H+ + 4e- + O2, the O2 is released", [False, True]),  # no word says split
        ("h2o gets split and oxygen is given off", [True, True]),
        ("H2O2 is split and no gas is given off", [False, False]),  # peroxide is not water
        ("the o2 arena is split in two sections", [False, False]),  # "released" nowhere
    ],
)
def test_a_formula_reads_as_its_name(answer: str, expected: list[bool]) -> None:
    assert credited(answer, [WATER_SPLIT, OXYGEN]) == expected


def test_formula_reading_leaves_other_words_alone() -> None:
    assert read_formulas("e-mail the co-pilot about model A2O2B") == "e-mail the co-pilot about model A2O2B"
    assert read_formulas("6CO2 + 6H2O → C6H12O6") == "6 carbon dioxide + 6 water → glucose"
    assert read_formulas("gains 2e−").strip() == "gains 2 electrons"


@pytest.mark.parametrize(
    "answer",
    [
        "the ice dosnt melt above zero",
        "the ice does'nt melt above zero",
        "the ice doesent melt above zero",
    ],
)
def test_a_misspelt_negation_still_denies(answer: str) -> None:
    melt = Concept(name="melt", keywords=["melt"])
    assert credited(answer, [melt]) == [False]
    assert credited("the ice does melt above zero", [melt]) == [True]


def test_chat_spellings_read_as_words() -> None:
    double = Concept(name="double the price", keywords=["double the price"])
    assert credited("u gotta dbl the price cuz costs went up", [double]) == [True]
    # "tho" ends a clause as "though" does: the denial before it does not reach past it
    assert credited("the ice isnt thick tho ice melts above zero", [MELTS]) == [True]
    assert credited("the ice isnt thick and ice melts above zero", [MELTS]) == [True]


def test_a_not_with_word_before_to_speaks_of_what_comes_before_it() -> None:
    bread = Concept(name="bread is made", keywords=["bread"], requires=["makes", "made", "bakes"], not_with=["eaten", "used"])
    assert credited("The flour is used to make bread.", [bread]) == [True]
    assert credited("The bread is used to make toast.", [bread]) == [False]
    assert credited("The baker makes bread that is eaten at once.", [bread]) == [False]


def test_a_frame_ends_at_a_clause_naming_a_setting_of_its_own() -> None:
    warm = Concept(name="lake warm in summer", keywords=["warm"], requires=["summer"])
    answer = "In winter the nights are long and summer birds fly south."
    assert credited(answer, [FROZEN, BIRDS, warm]) == [False, False, False]
    assert credited("In winter the nights are long and the birds fly south.", [FROZEN, BIRDS, warm]) == [
        False, True, False]


BAKED = Concept(name="the oven bakes bread and cakes", keywords=["bread", "cakes"], requires=["bakes"], not_with=["buys"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # "bread and cakes" is one list: the verb before it is said of both
        ("The baker buys bread and cakes which the oven then bakes.", False),
        ("The oven bakes bread and cakes every morning.", True),
        ("Each morning the oven bakes cakes and bread.", True),
        # an "and" that does not join two of the concept's keywords still ends a clause
        ("The baker buys flour, and cakes are what the oven bakes.", True),
    ],
)
def test_and_between_two_keywords_of_a_concept_joins_a_list(answer: str, expected: bool) -> None:
    assert credited(answer, [BAKED]) == [expected]


PITCHER = Concept(name="the pitcher throws the ball", keywords=["ball"], requires=["pitcher", "throws"])
CATCHER = Concept(name="the catcher gives the signal", keywords=["signal"], requires=["catcher", "gives"])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # the clause opens with another concept's role word: the verb after it is that word's
        ("The catcher throws the ball back after each pitch.", [False, False]),
        ("In the last game, the catcher throws the ball to first base.", [False, False]),
        ("The pitcher throws the ball to the plate.", [True, False]),
        ("After the catcher gives a signal, the pitcher throws the ball.", [True, True]),
        # a subject that is no role word changes nothing
        ("The tall player throws the ball hard.", [True, False]),
    ],
)
def test_a_role_verb_is_said_of_the_role_word_opening_its_clause(answer: str, expected: list[bool]) -> None:
    assert credited(answer, [PITCHER, CATCHER]) == expected
