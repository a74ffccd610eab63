"""The case groups of issue 3, point 2: exact verdicts per concept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.deck import Concept
from bot.core.grading import FLAG_KEYWORD_LIST, GradeResult, grade_answer

DISTILLATION = [
    Concept(name="A large teacher model", keywords=["teacher", "large model", "big model", "larger model", "complex model"]),
    Concept(name="A smaller student model", keywords=["student", "small model", "smaller model", "simpler model", "compact model"]),
    Concept(
        name="The student mimics the teacher's outputs",
        keywords=["mimic", "imitate", "match the outputs", "copy the behaviour", "learn from", "soft labels", "transfer knowledge"],
    ),
    Concept(
        name="Similar performance or accuracy",
        keywords=["similar performance", "similar accuracy", "comparable accuracy", "perform well", "nearly as accurate", "keeps accuracy"],
    ),
    Concept(
        name="Less computation, so it runs on small devices",
        keywords=["less computation", "faster", "efficient", "cheaper", "fewer parameters", "phones", "limited resources", "edge devices"],
    ),
]
DISTILLATION_PROMPT = "Describe how model distillation works and why it is useful in NLP."
DISTILLATION_HINT = "Think about a big model teaching a smaller one to be smart."

QUANTIZATION = [
    Concept(name="Lower numerical precision", keywords=["lower precision", "reduces the precision", "fewer bits", "less precise"]),
    Concept(name="From 32-bit floats to 8-bit integers", keywords=["8-bit", "int8", "8 bit integers", "float32 to int8"]),
    Concept(name="A smaller model", keywords=["smaller model", "model size", "less memory", "smaller", "compress"]),
    Concept(name="Faster inference", keywords=["faster", "speeds up", "quicker", "lower latency", "inference speed"]),
    Concept(name="A small loss of accuracy", keywords=["small drop in accuracy", "loss in accuracy", "trade-off"]),
]
QUANTIZATION_PROMPT = "Explain quantization and its impact on model size and speed."
QUANTIZATION_HINT = "Focus on changing number formats to save space and time."


def single(keyword: str) -> list[Concept]:
    return [Concept(name="the concept", keywords=[keyword])]


def hits(result: GradeResult) -> str:
    return "".join("1" if verdict.hit else "0" for verdict in result.concepts)


def distillation(answer: str) -> str:
    return hits(grade_answer(answer, DISTILLATION, question=DISTILLATION_PROMPT, hint=DISTILLATION_HINT))


def quantization(answer: str) -> str:
    return hits(grade_answer(answer, QUANTIZATION, question=QUANTIZATION_PROMPT, hint=QUANTIZATION_HINT))


@pytest.mark.parametrize(
    ("keyword", "answer", "expected"),
    [
        ("large model", "A LARGE MODEL is used", True),
        ("teacher", "the téacher helps", True),
        ("teacher", "the teacher's outputs!", True),
        ("8-bit", "weights in 8 bit form", True),
        ("8-bit", "weights in 8bit form", True),
        ("8 bit", "weights in 8-bit form", True),
        ("8bit", "weights in 8-bit form", True),
        ("int8", "stored as INT-8", True),
        ("trade-off", "there is a tradeoff", True),
        ("tradeoff", "there is a trade-off", True),
        ("quantization", "quantisation helps", True),
        ("behavior", "copies the behaviour", True),
        ("optimize", "we optimise it", True),
        ("mimic", "the student mimics it", True),
        ("mimic", "the student is mimicking it", True),
        ("mimic", "the student mimicked it", True),
        ("mimics", "students mimic teachers", True),
        ("model", "two models", True),
        ("models", "one model", True),
        ("32-bit", "thirty-two bit floats", True),
        ("32 bit", "thirty two bit floats", True),
        ("thirty-two", "32 layers", True),
        ("8 bit integers", "eight-bit integers", True),
        ("8-bit", "16-bit floats", False),
        ("32 bit", "3 2 bit", False),
    ],
)
def test_normalisation(keyword: str, answer: str, expected: bool) -> None:
    assert grade_answer(answer, single(keyword)).concepts[0].hit is expected


@pytest.mark.parametrize(
    ("keyword", "answer", "expected"),
    [
        ("distillation", "distilation is a technique", True),
        ("quantization", "quantisation reduces size", True),
        ("quantization", "quantizaton reduces size", True),
        ("student", "the studnet learns", True),
        ("precision", "lower presicion", True),
        ("accuracy", "small acuracy drop", True),
        ("mitosis", "meiosis splits cells", False),
        ("int8", "int4 weights", False),
        ("ATP", "atp is energy", True),
        ("atp", "ATP is energy", True),
        ("atp", "adp is energy", False),
        ("faster", "father", False),
        ("speed", "spend less", False),
        ("model", "modal window", False),
        ("teacher", "teaches", False),
        ("precision", "prediction", False),
        ("student", "stunt", False),
    ],
)
def test_typos(keyword: str, answer: str, expected: bool) -> None:
    assert grade_answer(answer, single(keyword)).concepts[0].hit is expected


def test_typo_score_is_below_exact() -> None:
    exact = grade_answer("the student learns", single("student")).concepts[0]
    typo = grade_answer("the studnet learns", single("student")).concepts[0]
    assert exact.score == 100
    assert 50 <= typo.score < 100
    assert typo.matched == "studnet"


@pytest.mark.parametrize(
    ("keyword", "answer", "expected"),
    [
        ("large model", "a large model", True),
        ("large model", "a large, complex model", True),
        ("large model", "the model is large", True),
        ("large model", "the model that is very large", True),
        ("smaller model", "the model gets much smaller", True),
        ("lower precision", "precision is lower", True),
        ("large model", "a model that mimics a larger one", False),
        ("large model", "the model is trained. Later we use a large batch", False),
        ("large model", "large amounts of data and many epochs train the model", False),
        ("similar performance", "similar results, but the performance on long texts is poor", False),
        ("less computation", "less data, more time and far more computation", False),
    ],
)
def test_phrases(keyword: str, answer: str, expected: bool) -> None:
    assert grade_answer(answer, single(keyword)).concepts[0].hit is expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The teacher model is large but the student is not smaller.", "10000"),
        ("The student does not mimic the teacher, it keeps similar accuracy.", "11010"),
        ("A large teacher trains a student, but it doesn't make it faster.", "11000"),
        ("A large teacher trains a student, but it does not make it faster.", "11000"),
        ("A large teacher trains a student, but it doesnt make it faster.", "11000"),
        ("A large teacher trains a student and it is never faster.", "11000"),
        ("It is not about a teacher or a student.", "00000"),
        ("There's no teacher, no student.", "00000"),
        ("The small model doesn't really mimic the large model.", "11000"),
        ("The student is not only smaller but also faster.", "01001"),
    ],
)
def test_negation_distillation(answer: str, expected: str) -> None:
    assert distillation(answer) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("It lowers precision. It does not reduce model size, but it is faster.", "10010"),
        ("It does not reduce size", "00000"),
        ("It lowers precision and makes the model smaller, but it doesn't make it faster.", "10100"),
        ("The model isn't smaller, isn't faster and isn't less precise.", "00000"),
        ("It is smaller and faster with no loss in accuracy.", "00110"),
        ("It is smaller and faster without much loss in accuracy.", "00111"),
        ("Quantization does not change precision or model size.", "00000"),
        ("It is not any faster, but it is smaller.", "00100"),
    ],
)
def test_negation_quantization(answer: str, expected: str) -> None:
    assert quantization(answer) == expected


def test_negated_verdict_says_so() -> None:
    verdict = grade_answer("It is not faster.", single("faster")).concepts[0]
    assert (verdict.hit, verdict.negated, verdict.score) == (False, True, 0)


@pytest.mark.parametrize(
    ("keyword", "answer"),
    [("photosynthesis", "not photosynthesis"), ("photosynthesis", "it is not photosynthesis but respiration")],
)
def test_negation_is_not_fooled_like_partial_ratio(keyword: str, answer: str) -> None:
    assert grade_answer(answer, single(keyword)).concepts[0].hit is False


@pytest.mark.parametrize(
    ("answer", "expected", "listed"),
    [
        ("teacher student mimic similar performance faster phones", "00000", True),
        ("teacher, student, mimic, soft labels, comparable accuracy, edge devices", "00000", True),
        ("- teacher\n- student\n- mimic\n- similar accuracy\n- faster", "00000", True),
        ("large model small model mimic similar accuracy less computation", "00000", True),
        (DISTILLATION_PROMPT, "00000", False),
        (DISTILLATION_HINT, "00000", False),
        ("a big model teaching a smaller one to be smart", "00000", False),
        ("A big teacher trains a small student to mimic it.", "11100", False),
        ("Student: compact model. Teacher: large model.", "11000", False),
        ("The student is small and efficient, the teacher is big.", "11001", False),
    ],
)
def test_gaming_distillation(answer: str, expected: str, listed: bool) -> None:
    result = grade_answer(answer, DISTILLATION, question=DISTILLATION_PROMPT, hint=DISTILLATION_HINT)
    assert hits(result) == expected
    assert (FLAG_KEYWORD_LIST in result.flags) is listed


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("lower precision, int8, smaller, faster, accuracy drop", "00000"),
        ("precision 8-bit smaller faster trade-off", "00000"),
        (QUANTIZATION_PROMPT, "00000"),
        ("its impact on model size and speed", "00000"),
        (QUANTIZATION_HINT, "00000"),
        ("It makes models smaller and faster.", "00110"),
        ("Fewer bits per number: smaller and faster models.", "10110"),
        ("Its impact on model size is that the model size drops by four.", "00100"),
    ],
)
def test_gaming_quantization(answer: str, expected: str) -> None:
    assert quantization(answer) == expected


HOSTILE = [
    "",
    " ",
    "\x00" * 4000,
    "🧠" * 4000,
    "t̷͉̓e̸̙͝a̴̟͝c̶͙̈h̸̰̒e̴̦͝r̷̰̈́ " * 200,
    "مرحبا بالعالم " * 300,
    "<@123456789> @everyone <#42> **bold** `code` ~~x~~ ||spoiler||" * 60,
    "not " * 1000,
    "a" * 4000,
    "teacher " * 500,
    "İ" * 4000,
    "ﬁ ß ẞ Ⅻ ① ＦＵＬＬ" * 300,
    "\ud800 lone surrogate",
    "large " * 400 + "model " * 400,
    ",".join(["teacher"] * 1500),
    "thirty two " * 400,
]


@pytest.mark.parametrize("answer", HOSTILE)
def test_hostile_text_never_raises(answer: str) -> None:
    result = grade_answer(answer, DISTILLATION, question=DISTILLATION_PROMPT, hint=DISTILLATION_HINT)
    assert result.total == 5
    assert all(0 <= verdict.score <= 100 for verdict in result.concepts)


def test_long_input_is_cut_so_time_stays_bounded() -> None:
    huge = "the large teacher model " * 100_000
    result = grade_answer(huge, DISTILLATION)
    assert result.total == 5


def test_grading_is_deterministic() -> None:
    answer = "A big techer model trains a small studnet that mimics it and is faster on phones."
    first = grade_answer(answer, DISTILLATION)
    assert all(grade_answer(answer, DISTILLATION) == first for _ in range(3))


def test_result_shape_and_json() -> None:
    result = grade_answer("The large teacher model is copied by a student.", DISTILLATION)
    assert (result.hits, result.total) == (2, 5)
    data = result.to_json("explain-distillation")
    assert data["card"] == "explain-distillation"
    assert data["hits"] == 2 and data["total"] == 5
    assert data["concepts"][0] == {
        "name": "A large teacher model",
        "hit": True,
        "matched": "teacher",
        "score": 100,
        "negated": False,
        "keyword": "teacher",
    }
    assert data["concepts"][3]["hit"] is False and data["concepts"][3]["matched"] is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=4000))
def test_any_text_grades_without_error(answer: str) -> None:
    result = grade_answer(answer, QUANTIZATION, question=QUANTIZATION_PROMPT, hint=QUANTIZATION_HINT)
    assert result.total == 5
    assert all(v.matched is None or isinstance(v.matched, str) for v in result.concepts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["not", "no", "large", "model", "teacher", ",", ".", "or", "studnet", "8-bit", "thirty-two"]), max_size=300))
def test_keyword_soup_grades_without_error(words: list[str]) -> None:
    result = grade_answer(" ".join(words), DISTILLATION, question=DISTILLATION_PROMPT, hint=DISTILLATION_HINT)
    assert result.total == 5
