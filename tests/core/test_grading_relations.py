"""Roles and misconceptions: `requires` / `not_with` read in the keyword's clause, misconceptions
stated by a trigger phrase (not when denied), their concept not credited and their correction listed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.deck import Concept, Misconception
from bot.core.grading import grade_answer
from bot.core.grading_relations import compile_relations

TEACHER = Concept(
    name="teacher", keywords=["teacher", "large model"], requires=["large", "big", "pretrained"],
    not_with=["small", "smaller", "tiny"],
)
STUDENT = Concept(
    name="student", keywords=["student", "small model"], requires=["small", "smaller", "compact"],
    not_with=["large", "larger", "big", "bigger"],
)
MIMIC = Concept(name="mimic", keywords=["mimic", "imitate", "learn from"])
CONCEPTS = [TEACHER, STUDENT, MIMIC]
SMALL_TEACHER = Misconception(
    triggers=["teacher is smaller", "small teacher"], correction="The teacher is the large one.", contradicts="teacher"
)
BACKWARDS = Misconception(
    triggers=["teacher learns from the student"], correction="The student learns from the teacher.", contradicts="mimic"
)
ONLY_CORRECTED = Misconception(triggers=["no labels at all"], correction="Hard labels can be used too.")


def hits(answer: str, misconceptions: list[Misconception] | None = None) -> dict[str, bool]:
    graded = grade_answer(answer, CONCEPTS, misconceptions=misconceptions or [SMALL_TEACHER, BACKWARDS])
    return {verdict.name: verdict.hit for verdict in graded.concepts}


@pytest.mark.parametrize(
    ("answer", "teacher", "student"),
    [
        ("A large teacher model trains a small student.", True, True),  # both roles in one clause
        ("The big teacher is distilled into a compact student.", True, True),
        ("The teacher, a large pretrained network, trains the student, which is smaller.", True, True),
        ("The teacher is big and the student is small.", True, True),
        # reversed roles
        ("The student network is the bigger of the two and the teacher is tiny.", False, False),
        ("A small teacher trains a large student.", False, False),
        # no role word beside the keyword: `requires` not met
        ("There is a teacher and a student.", False, False),
        # the role word belongs to another clause
        ("The teacher sends outputs. It is large.", False, False),
        # "than" ends a clause: the comparison speaks of the student only
        ("The student is smaller than the teacher.", False, True),
        # a denied role word neither helps nor voids
        ("The teacher is not small, it is big; the student is not large, it is compact.", True, True),
        ("The teacher is not large.", False, False),
        # a comma splice: the voiding word is in the neighbouring (narrow) clause, not the keyword's
        ("The student is small, the teacher big.", True, True),
    ],
)
def test_roles_are_read_in_the_keywords_clause(answer: str, teacher: bool, student: bool) -> None:
    verdicts = hits(answer)
    assert (verdicts["teacher"], verdicts["student"]) == (teacher, student)


def test_a_keyword_place_that_fails_its_role_gives_way_to_a_later_one() -> None:
    verdicts = hits("The teacher is tiny in my first sketch. Later the teacher became a large network.")
    assert verdicts["teacher"]


def test_role_words_match_like_keywords_case_plurals_and_typos() -> None:
    assert hits("The TEACHER models are LARGE.")["teacher"]
    assert hits("A pretrianed teacher guides the student, which is compact.")["teacher"]  # typo of pretrained
    assert not hits("The teacher is SMALLER.", [])["teacher"]


def test_a_misconception_is_listed_with_its_correction_and_voids_its_concept() -> None:
    answer = "The teacher is smaller. A large teacher model is what students learn from."
    graded = grade_answer(answer, CONCEPTS, misconceptions=[SMALL_TEACHER, BACKWARDS])
    verdicts = {verdict.name: verdict for verdict in graded.concepts}
    assert not verdicts["teacher"].hit  # matched in the second sentence, but contradicted
    assert [(m.trigger, m.matched, m.correction, m.contradicts) for m in graded.misconceptions] == [
        ("teacher is smaller", "teacher is smaller", "The teacher is the large one.", "teacher")
    ]


def test_the_same_answer_without_the_misconception_is_credited() -> None:
    graded = grade_answer("A large teacher model is what students learn from.", CONCEPTS,
                          misconceptions=[SMALL_TEACHER, BACKWARDS])
    assert graded.concepts[0].hit and graded.misconceptions == ()


@pytest.mark.parametrize(
    "answer",
    [
        "The teacher is not smaller, it is the large model.",
        "It is wrong to think the teacher isn't large: no small teacher here.",  # "no small teacher" denied
        "The student is smaller than the teacher.",  # words in the other order, across "than"
        "The teacher model guides a smaller student.",  # too far apart to be the phrase
        "The teacher is big. Smaller is the student.",  # across a sentence end
    ],
)
def test_a_denied_or_scattered_trigger_is_not_stated(answer: str) -> None:
    graded = grade_answer(answer, CONCEPTS, misconceptions=[SMALL_TEACHER])
    assert graded.misconceptions == ()


def test_a_trigger_is_a_phrase_in_order_with_little_words_between() -> None:
    for answer in ("the Teacher model is smaller", "teachers are smaller", "a small teacher"):
        graded = grade_answer(answer, CONCEPTS, misconceptions=[SMALL_TEACHER])
        assert [m.trigger for m in graded.misconceptions] in (["teacher is smaller"], ["small teacher"]), answer


def test_a_trigger_that_says_not_itself_is_taken_as_written() -> None:
    graded = grade_answer("Distillation needs no labels at all.", CONCEPTS, misconceptions=[ONLY_CORRECTED])
    assert [m.correction for m in graded.misconceptions] == ["Hard labels can be used too."]
    assert graded.misconceptions[0].contradicts is None


def test_a_backwards_misconception_voids_another_concept() -> None:
    verdicts = hits("The big teacher learns from the student.")
    assert not verdicts["mimic"]


def test_json_gains_the_misconceptions_and_keeps_every_field() -> None:
    graded = grade_answer("The teacher is smaller.", CONCEPTS, misconceptions=[SMALL_TEACHER])
    data = graded.to_json("card")
    assert set(data) == {"card", "hits", "total", "concepts", "flags", "misconceptions"}
    assert set(data["concepts"][0]) == {"name", "hit", "matched", "score", "negated", "keyword"}
    assert data["misconceptions"] == [{
        "trigger": "teacher is smaller", "matched": "teacher is smaller",
        "correction": "The teacher is the large one.", "contradicts": "teacher",
    }]


def test_cards_without_roles_compile_nothing_and_grade_as_before() -> None:
    plain = [Concept(name="teacher", keywords=["teacher"]), Concept(name="student", keywords=["student"])]
    assert compile_relations(plain, []) is None
    graded = grade_answer("the small teacher", plain)
    assert graded.concepts[0].hit and graded.misconceptions == ()


def test_a_keyword_list_is_still_a_keyword_list_when_roles_void_its_keywords() -> None:
    graded = grade_answer("large model small model mimic", CONCEPTS)
    assert "keyword-list" in graded.flags


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=600))
def test_hostile_text_never_raises(text: str) -> None:
    graded = grade_answer(text * 6, CONCEPTS, misconceptions=[SMALL_TEACHER, BACKWARDS, ONLY_CORRECTED])
    assert len(graded.concepts) == 3


def test_the_work_per_answer_is_bounded_on_repeated_role_words() -> None:
    answer = " ".join(["teacher small large student big"] * 700)[:4000]
    graded = grade_answer(answer, CONCEPTS, misconceptions=[SMALL_TEACHER, BACKWARDS])
    assert len(graded.concepts) == 3


# A role word of several words is met where its words stand together as a keyword's do (little words,
# inflections and typos as keywords get them), not by its words scattered over the clause.
RESISTANCE = Concept(name="resistance", keywords=["resistance"], requires=["less current", "weaker current"])
VOLTAGE = Concept(name="voltage", keywords=["voltage"], not_with=["current halves"])


@pytest.mark.parametrize(
    ("answer", "resistance"),
    [
        ("More resistance lets less current through.", True),
        ("More resistance leaves the lamp with less of the current.", True),  # little words between
        ("With more resistance the current gets less.", True),  # reversed, next to each other
        ("More resistance means a weakr current.", True),  # a typo, as in a keyword
        ("More resistance means less heat is wasted in the wire by the current.", False),  # scattered
        ("More resistance: less heat, and the current is steady.", False),  # another clause
    ],
)
def test_a_multi_word_requires_is_a_phrase(answer: str, resistance: bool) -> None:
    graded = grade_answer(answer, [RESISTANCE])
    assert graded.concepts[0].hit is resistance


@pytest.mark.parametrize(
    ("answer", "voltage"),
    [
        ("Halving the voltage means the current halves.", False),
        ("A lower voltage: the current halves too.", True),  # another narrow clause, as before
        ("Doubling the voltage halves the time the current needs to heat the wire.", True),  # scattered
    ],
)
def test_a_multi_word_not_with_voids_only_as_a_phrase(answer: str, voltage: bool) -> None:
    graded = grade_answer(answer, [VOLTAGE])
    assert graded.concepts[0].hit is voltage


def test_a_multi_word_role_word_is_a_phrase_in_other_languages_too() -> None:
    oxygen = Concept(name="oxígeno", keywords=["oxígeno"], not_with=["absorbe oxígeno"])
    assert grade_answer("La hoja libera oxígeno al aire.", [oxygen], language="es").concepts[0].hit
    assert not grade_answer("La hoja absorbe oxígeno del aire.", [oxygen], language="es").concepts[0].hit
    # "absorbe" and "oxígeno" in one clause, not as a phrase
    assert grade_answer("La hoja absorbe la luz del sol para liberar oxígeno al aire.", [oxygen],
                        language="es").concepts[0].hit


@pytest.mark.parametrize(
    ("answer", "not_with", "hit"),
    [
        # a multi-word `requires` entry allows one content word between its words, not two
        ("Mehr Dünger hemmt das Wachstum der Wurzeln.", (), False),
        ("Mehr Dünger bringt mehr Wachstum.", (), True),
        ("Mehr Dünger bringt mehr schnelles Wachstum.", (), True),
        ("Mehr Dünger bringt mehr Wachstum und weniger starkes Wachstum.", ("weniger Wachstum",), False),
    ],
)
def test_a_required_phrase_allows_one_content_word_between(answer: str, not_with: tuple[str, ...], hit: bool) -> None:
    concept = Concept(name="c", keywords=["mehr Dünger"], requires=["mehr Wachstum"], not_with=list(not_with))
    assert [verdict.hit for verdict in grade_answer(answer, [concept], language="de").concepts] == [hit]


@pytest.mark.parametrize(
    ("keyword", "requires", "answer", "language", "hit"),
    [
        # a `requires` word inside a keyword that itself says "not" is not denied by that negation
        ("冬は葉をつけない", "葉", "この木は冬は葉をつけない。", "ja", True),
        ("冬は葉をつけない", "花", "この木は冬は葉をつけない。", "ja", False),
        ("does not sleep in winter", "sleep", "This bat does not sleep in winter.", "en", True),
        ("does not sleep in winter", "cave", "This bat does not sleep in winter.", "en", False),
    ],
)
def test_a_required_word_inside_a_keyword_saying_not(keyword: str, requires: str, answer: str, language: str,
                                                     hit: bool) -> None:
    concept = Concept(name="c", keywords=[keyword], requires=[requires])
    assert [verdict.hit for verdict in grade_answer(answer, [concept], language=language).concepts] == [hit]


def test_a_denied_pair_does_not_name_its_concept() -> None:
    """A keyword's neighbouring pair under a negation (電流は流れない: not "電流が流れる") does not name
    that concept, so it does not take the role word from the keyword before it."""
    concepts = [Concept(name="a", keywords=["スイッチを切る"], requires=["流れない"]),
                Concept(name="b", keywords=["電流が流れる"])]
    result = grade_answer("スイッチを切ると電流は流れない。", concepts, language="ja")
    assert [verdict.hit for verdict in result.concepts] == [True, False]


def test_a_pair_inside_a_role_phrase_is_that_role_phrase() -> None:
    """Another concept's keyword pair (熱した部分 of 熱した部分の温度) standing inside a multi-word
    `requires` word's own place is that role word, not a concept named beside it."""
    concepts = [Concept(name="a", keywords=["赤く"], requires=["熱した部分"]),
                Concept(name="b", keywords=["熱した部分の温度"])]
    result = grade_answer("鉄を熱した部分だけが赤くなった。", concepts, language="ja")
    assert [verdict.hit for verdict in result.concepts] == [True, False]
