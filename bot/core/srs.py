"""Spaced repetition: a thin, deterministic wrapper around the `fsrs` package (FSRS, as in Anki).

Why a wrapper: `fsrs.Card()` reads the clock and sleeps 1 ms to invent an id, and the scheduler's
interval fuzz draws from the global `random`. Here every card gets an explicit id, the time is an
argument, and fuzz (our own small spread, so that cards learnt together don't all fall due on the same
day) draws from the `random.Random` the caller passes.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

import fsrs


class FlashRating(IntEnum):
    """A self-rating, with the same values as `fsrs.Rating`."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, slots=True)
class SrsState:
    """One (member, card) memory state, as stored."""

    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


_SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)
MIN_FUZZ_DAYS = 3.0


def srs_card_id(deck_id: str, card_id: str) -> int:
    """A stable id for fsrs (it only labels review logs; our key is (member, deck, card))."""
    return zlib.crc32(f"{deck_id}/{card_id}".encode())


def rating_for_verdict(correct: bool) -> FlashRating:
    """MCQs and open answers schedule the card as Good when right, Again when wrong."""
    return FlashRating.GOOD if correct else FlashRating.AGAIN


def _fuzzed(interval: timedelta, rng: random.Random) -> timedelta:
    days = interval.total_seconds() / 86400
    if days < MIN_FUZZ_DAYS:
        return interval
    spread = max(1.0, days * 0.05)
    return timedelta(days=round(days + rng.uniform(-spread, spread)))


def review(
    previous: SrsState | None,
    rating: FlashRating,
    *,
    deck_id: str,
    card_id: str,
    now: datetime,
    rng: random.Random | int | None,
) -> SrsState:
    """The state after a review at `now`; `rng` None turns fuzz off (tests that want exact intervals).

    An int is a seed, turned into a `random.Random` only when fuzz applies (seeding costs more than FSRS).
    """
    now = now.astimezone(UTC)
    if previous is None:
        card = fsrs.Card(card_id=srs_card_id(deck_id, card_id), due=now)
    else:
        card = fsrs.Card(
            card_id=srs_card_id(deck_id, card_id),
            state=fsrs.State(previous.state),
            step=previous.step,
            stability=previous.stability,
            difficulty=previous.difficulty,
            due=previous.due.astimezone(UTC),
            last_review=previous.last_review.astimezone(UTC) if previous.last_review else None,
        )
    updated, _log = _SCHEDULER.review_card(card, fsrs.Rating(int(rating)), review_datetime=now)
    due = updated.due
    if rng is not None and updated.state == fsrs.State.Review and due - now >= timedelta(days=MIN_FUZZ_DAYS):
        due = now + _fuzzed(due - now, rng if isinstance(rng, random.Random) else random.Random(rng))
    return SrsState(
        state=int(updated.state),
        step=updated.step,
        stability=updated.stability,
        difficulty=updated.difficulty,
        due=due,
        last_review=now,
    )
