"""Points per attempt: the rule leaderboards rank by.

- Every attempt earns 1 point for showing up (a wrong answer still counts as study).
- Multiple choice: 10 when right, 1 when wrong.
- Open answer: 1 + 9 x (concepts hit / concepts), rounded: 10 for every concept, 1 for none. An appeal
  ("I think I was right") raises it to 10, and the attempt stays marked as self-credited.
- Flashcard (self-rated, so worth less to keep ratings honest): Again 1, Hard/Good/Easy 5.
The source (drill, scheduled post, review, poll) doesn't change the points.
"""

from __future__ import annotations

from bot.core.srs import FlashRating

SHOW_UP = 1
FULL = 10
FLASHCARD_RECALLED = 5


def choice_points(correct: bool) -> int:
    return FULL if correct else SHOW_UP


def open_points(hits: int, total: int) -> int:
    if total <= 0:
        return SHOW_UP
    return SHOW_UP + round((FULL - SHOW_UP) * max(0, min(hits, total)) / total)


def open_correct(hits: int, total: int) -> bool:
    """An open answer is right with at least half of its concepts (below half: review it as Again)."""
    return total > 0 and 2 * hits >= total


def flashcard_points(rating: FlashRating) -> int:
    return SHOW_UP if rating == FlashRating.AGAIN else FLASHCARD_RECALLED


APPEALED = FULL
