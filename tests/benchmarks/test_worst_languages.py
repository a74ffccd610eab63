"""The language worst-card shapes are cards the deck limits allow, in their language."""

from __future__ import annotations

from benchmarks.grading import worst_languages
from bot.content.validation import validate_card
from tests.benchmarks.test_worst_card import _as_data


def test_every_language_shape_is_a_valid_card_of_its_language() -> None:
    shapes = worst_languages.shapes()
    assert {shape.card.language for shape in shapes} == {"ja", "es", "de"}
    for shape in shapes:
        data = {**_as_data(shape.card), "language": shape.card.language}
        assert validate_card(data) == shape.card, shape.name
