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
from functools import lru_cache

import fsrs

from bot.core.messages import N_, Marked


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


DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.80
MAX_RETENTION = 0.97
MIN_FUZZ_DAYS = 3.0


@lru_cache(maxsize=32)
def _scheduler(retention_hundredths: int) -> fsrs.Scheduler:
    return fsrs.Scheduler(desired_retention=retention_hundredths / 100, enable_fuzzing=False)


def scheduler_for(desired_retention: float) -> fsrs.Scheduler:
    """The shared scheduler of a retention, read to the hundredth (0.80-0.97: at most 18 of them).

    Out-of-range values raise ValueError: callers validate first (`validate_retention`)."""
    return _scheduler(round(validate_retention(desired_retention) * 100))


def validate_retention(value: float) -> float:
    """A desired retention of 0.80-0.97 to the hundredth, else ValueError with a readable message."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(Marked(N_("The retention must be a number from 0.80 to 0.97.")))
    rounded = round(float(value), 2)
    if not MIN_RETENTION <= rounded <= MAX_RETENTION:
        raise ValueError(Marked(N_("The retention must be from {least} to {most} (got {value})."),
                                least=f"{MIN_RETENTION:.2f}", most=f"{MAX_RETENTION:.2f}", value=f"{value:g}"))
    return rounded


_SCHEDULER = scheduler_for(DEFAULT_RETENTION)
# The forgetting curve R(t) = (1 + FACTOR * t / S) ** DECAY: DECAY is a model weight, so one curve serves
# every retention; the retention only moves where on it a review is scheduled.
DECAY: float = -_SCHEDULER.parameters[20]
FACTOR: float = 0.9 ** (1 / DECAY) - 1


def days_per_stability(recall: float) -> float:
    """t / S at which the forgetting curve falls to `recall` (FSRS's interval before rounding is S times this)."""
    return float((recall ** (1 / DECAY) - 1) / FACTOR)


def interval_days(stability: float, desired_retention: float) -> int:
    """The whole-day interval FSRS gives a card of this stability at this retention (at least 1 day, at most
    the scheduler's maximum): the same rounding and bounds as `fsrs.Scheduler`."""
    return intervals_days([stability], desired_retention)[0]


def intervals_days(stabilities: list[float], desired_retention: float) -> list[int]:
    """`interval_days` of many cards at one retention (the retention's constants computed once)."""
    scheduler = scheduler_for(desired_retention)
    scale, longest = scheduler.desired_retention ** (1 / DECAY) - 1, scheduler.maximum_interval
    return [int(min(max(round((stability / FACTOR) * scale), 1), longest)) for stability in stabilities]  # fsrs's order


def recall_after_days(stability: float, elapsed_days: int) -> float:
    """FSRS's forgetting curve after whole days (fsrs's `get_card_retrievability`, the same expression)."""
    return float((1 + FACTOR * max(0, elapsed_days) / stability) ** DECAY)


def recall_at(stability: float | None, last_review: datetime | None, at: datetime) -> float:
    """Predicted recall at `at` as fsrs computes it (whole days since the last review, rounded down); 0 for a
    card with no stability yet."""
    if stability is None or last_review is None:
        return 0.0
    return recall_after_days(stability, (at - last_review).days)


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
    desired_retention: float = DEFAULT_RETENTION,
) -> SrsState:
    """The state after a review at `now`; `rng` None turns fuzz off (tests that want exact intervals).
    `desired_retention`: the deck's (`scheduler_for`), read where the review happens.

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
    scheduler = scheduler_for(desired_retention)
    updated, _log = scheduler.review_card(card, fsrs.Rating(int(rating)), review_datetime=now)
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
