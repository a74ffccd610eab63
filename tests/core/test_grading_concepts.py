"""Concepts derived from a model answer (issue 3, point 3)."""

from __future__ import annotations

import pytest

from bot.core.concept_extraction import QUESTION_WEIGHT, derive_concepts
from bot.core.grading import grade_answer

MODEL_ANSWER = (
    "Quantization reduces the precision of the numbers that represent a model's parameters, for example "
    "from 32-bit floats to 8-bit integers. The model becomes smaller and runs faster, usually with only a "
    "small loss in accuracy."
)
QUESTION = "Explain quantization and its impact on model size and speed."


def test_phrases_name_the_key_terms() -> None:
    derived = derive_concepts(MODEL_ANSWER, QUESTION)
    names = [concept.name for concept in derived.concepts]
    assert "8 bit integers" in names
    assert "32 bit floats" in names
    assert "small loss" in names
    assert not any(name in {"the", "of", "usually", "only"} for name in names)


def test_question_words_weigh_less() -> None:
    derived = derive_concepts("Quantization stores weights as integers.", QUESTION, granularity="word")
    weights = {concept.name: weight for concept, weight in zip(derived.concepts, derived.weights, strict=True)}
    assert weights["quantization"] == QUESTION_WEIGHT
    assert weights["integers"] == 1.0


def test_negated_ideas_are_not_concepts() -> None:
    derived = derive_concepts("The student is smaller; it does not need labels.", granularity="word")
    assert [concept.name for concept in derived.concepts] == ["student", "smaller"]


def test_limit_keeps_phrases_first_in_reading_order() -> None:
    derived = derive_concepts(MODEL_ANSWER, QUESTION, max_concepts=3)
    assert len(derived) == 3
    positions = [MODEL_ANSWER.lower().find(concept.name.split()[0]) for concept in derived.concepts]
    assert positions == sorted(positions)
    assert all(len(concept.name.split()) > 1 for concept in derived.concepts)


def test_derived_concepts_grade_answers() -> None:
    derived = derive_concepts(MODEL_ANSWER, QUESTION)
    good = grade_answer(
        "It lowers precision: 8-bit integers instead of 32-bit floats, so the model is smaller and faster.",
        derived.concepts,
        question=QUESTION,
        weights=derived.weights,
    )
    poor = grade_answer("It is about physics.", derived.concepts, question=QUESTION, weights=derived.weights)
    assert good.coverage > 0.4
    assert poor.coverage == 0.0


@pytest.mark.parametrize("text", ["", "   ", "the of and", "🧠🧠", "not a thing"])
def test_nothing_to_derive(text: str) -> None:
    assert derive_concepts(text).concepts == ()


def test_grade_card_derives_concepts_when_a_card_has_none() -> None:
    from bot.core.deck import Flashcard, OpenCard
    from bot.core.grading import grade_card

    open_card = OpenCard(id="q", kind="open", level="beginner", prompt=QUESTION, model_answer=MODEL_ANSWER)
    flashcard = Flashcard(id="f", kind="flashcard", level="beginner", front=QUESTION, back=MODEL_ANSWER)
    answer = "It uses 8-bit integers instead of 32-bit floats, so the model is smaller."
    for card in (open_card, flashcard):
        result = grade_card(answer, card)
        assert result.total == len(derive_concepts(MODEL_ANSWER, QUESTION))
        hit_names = {verdict.name for verdict in result.concepts if verdict.hit}
        assert {"8 bit integers", "32 bit floats"} <= hit_names
        assert "small loss" not in hit_names


def test_phrases_that_only_repeat_the_question_are_dropped() -> None:
    derived = derive_concepts("The model is fast. It runs on phones.", "Why optimise a model?")
    names = [concept.name for concept in derived.concepts]
    assert "model" not in names
    assert "fast" in names and "phones" in names
    only_question = derive_concepts("The model.", "Why optimise a model?")
    assert [concept.name for concept in only_question.concepts] == ["model"]
