"""The points rule (documented in bot/core/points.py)."""

import pytest

from bot.core.points import choice_points, flashcard_points, open_correct, open_points
from bot.core.srs import FlashRating


@pytest.mark.parametrize(("hits", "total", "points", "correct"),
                         [(0, 5, 1, False), (2, 5, 5, False), (3, 5, 6, True), (5, 5, 10, True), (0, 0, 1, False),
                          (9, 5, 10, True)])
def test_open(hits: int, total: int, points: int, correct: bool) -> None:
    assert open_points(hits, total) == points
    assert open_correct(hits, total) is correct


def test_choice_and_flashcard() -> None:
    assert (choice_points(True), choice_points(False)) == (10, 1)
    assert [flashcard_points(r) for r in FlashRating] == [1, 5, 5, 5]
