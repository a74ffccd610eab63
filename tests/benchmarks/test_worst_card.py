"""The worst-card benchmark measures cards the deck limits allow, filled close to them."""

from __future__ import annotations

from benchmarks.grading import worst_card
from bot.content.validation import validate_card
from bot.core.deck import OpenCard
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_MISCONCEPTIONS,
    MAX_RELATION_WORDS,
    MAX_TRIGGERS,
    keyword_characters,
)


def _as_data(card: OpenCard) -> dict[str, object]:
    data: dict[str, object] = {"id": card.id, "kind": "open", "level": card.level, "prompt": card.prompt}
    if card.hint:
        data["hint"] = card.hint
    if card.model_answer:
        data["model_answer"] = card.model_answer
    if card.concepts:
        data["concepts"] = [{"name": c.name, "keywords": list(c.keywords), "requires": list(c.requires),
                             "not_with": list(c.not_with)} for c in card.concepts]
    if card.misconceptions:
        data["misconceptions"] = [{"triggers": list(m.triggers), "correction": m.correction, "contradicts": m.contradicts}
                                  for m in card.misconceptions]
    return data


def test_every_shape_is_a_valid_card_and_the_authored_ones_fill_the_keyword_budget() -> None:
    shapes = worst_card.shapes()
    assert len(shapes) >= 6
    for shape in shapes:
        assert validate_card(_as_data(shape.card)) == shape.card, shape.name
        if shape.card.concepts:
            assert keyword_characters(shape.card) >= 0.85 * MAX_CARD_KEYWORD_CHARS, shape.name


def test_the_role_shapes_fill_the_role_limits() -> None:
    """Roles and misconceptions at the deck limits: 20 + 20 role words per concept, 10 x 10 triggers."""
    cards = [shape.card for shape in worst_card.shapes()]
    most_roles = max(max((len(c.requires) + len(c.not_with) for c in card.concepts), default=0) for card in cards)
    most_triggers = max(sum(len(m.triggers) for m in card.misconceptions) for card in cards)
    assert most_roles == 2 * MAX_RELATION_WORDS
    assert most_triggers == MAX_MISCONCEPTIONS * MAX_TRIGGERS
    assert any(card.misconceptions and not card.concepts for card in cards)  # a derived card with triggers


def test_a_quick_measurement_reports_each_shape() -> None:
    timings = worst_card.measure(answers=3)
    assert [timing.name for timing in timings] == [shape.name for shape in worst_card.shapes()]
    worst = worst_card.worst(timings)
    assert worst.p50_ms <= worst.p99_ms <= worst.max_ms
    assert all(timing.keywords > 0 for timing in timings)
