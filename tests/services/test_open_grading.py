"""Open answers in the services are graded against the whole card: its concepts, and its prompt and
hint for the copy rule; a card with only a model answer is graded against derived concepts."""

from __future__ import annotations

import random

from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core.grading import FLAG_COPIED, FLAG_KEYWORD_LIST, flag_advice
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services.conftest import NOW

MEMBER = Learner(user_id=42, guild_id=7)
DECK = "model-optimization-nlp"
CARD = "explain-quantization"


async def test_a_stated_answer_earns_its_concepts(services: Services, rng: random.Random) -> None:
    text = ("Quantization stores the weights with lower precision, for example 8-bit integers instead of "
            "32-bit floats, so the model is smaller and runs faster, with a small drop in accuracy.")
    outcome = await services.recall.answer_open(MEMBER, DECK, CARD, text, now=NOW, rng=rng)
    assert outcome.grade is not None
    assert outcome.grade.hits == 5 and outcome.correct
    assert flag_advice(outcome.grade) == []


async def test_a_pasted_prompt_earns_nothing_and_says_why(services: Services, rng: random.Random) -> None:
    text = "Explain quantization and its impact on model size and speed."
    outcome = await services.recall.answer_open(MEMBER, DECK, CARD, text, now=NOW, rng=rng)
    assert outcome.grade is not None
    assert outcome.grade.hits == 0 and not outcome.correct
    assert FLAG_COPIED in outcome.grade.flags
    assert any("own words" in advice for advice in flag_advice(outcome.grade))


async def test_a_keyword_list_earns_nothing_and_says_why(services: Services, rng: random.Random) -> None:
    text = "lower precision, int8, smaller, faster, accuracy drop"
    outcome = await services.recall.answer_open(MEMBER, DECK, CARD, text, now=NOW, rng=rng)
    assert outcome.grade is not None
    assert outcome.grade.hits == 0
    assert FLAG_KEYWORD_LIST in outcome.grade.flags
    assert any("sentences" in advice for advice in flag_advice(outcome.grade))


async def test_a_card_with_only_a_model_answer_is_graded_on_derived_concepts(backend_url: str,
                                                                              rng: random.Random) -> None:
    deck = validate_deck({
        "id": "derived", "title": "Derived", "cards": [{
            "id": "photo", "kind": "open", "level": "beginner", "prompt": "What does photosynthesis do?",
            "model_answer": "Plants use sunlight to turn carbon dioxide and water into glucose and oxygen.",
        }],
    })
    services = await open_services(backend_url, {"derived": deck})
    try:
        good = await services.recall.answer_open(MEMBER, "derived", "photo",
                                          "Using sunlight, a plant makes glucose and oxygen from water and carbon dioxide.",
                                          now=NOW, rng=rng)
        poor = await services.recall.answer_open(MEMBER, "derived", "photo", "It is something about leaves, I think.",
                                          now=NOW, rng=rng, question_key="second")
    finally:
        await services.close()
    assert good.grade is not None and poor.grade is not None
    assert good.grade.total >= 3
    assert good.grade.hits > poor.grade.hits
    assert good.correct and not poor.correct
