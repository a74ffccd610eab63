"""Streak rules, as a pure function of a member's set of study days in one server.

- A study day with at least one attempt extends the streak by one; `current` counts studied days.
- A freeze is earned each time `current` reaches a multiple of 7, at most 2 held.
- Each missed day uses a held freeze automatically (the day is remembered, to be shown). A missed day
  with no freeze left breaks the streak: it restarts at 1 on the next study day.

Because the state is a fold over the sorted distinct days, answers arriving twice change nothing and
answers arriving out of order give the same result once the fold is redone (`recompute`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

FREEZE_EVERY = 7
MAX_FREEZES = 2


@dataclass(frozen=True, slots=True)
class StreakState:
    current: int = 0
    longest: int = 0
    freezes: int = 0
    last_day: date | None = None
    freeze_days: tuple[date, ...] = ()


def _cover_gap(state: StreakState, first_missed: date, missed: int) -> tuple[int, tuple[date, ...], bool]:
    """Freezes left, the days they covered, and whether the streak survived `missed` missed days."""
    used = min(missed, state.freezes)
    covered = tuple(first_missed + timedelta(days=i) for i in range(used))
    return state.freezes - used, covered, missed <= state.freezes


def advance(state: StreakState, day: date) -> StreakState:
    """The state after studying on `day`, which must not be before `state.last_day`."""
    if state.last_day is not None and day < state.last_day:
        raise ValueError("advance() needs days in order; use recompute() for an earlier day")
    if state.last_day == day:
        return state
    freezes, alive = state.freezes, True
    covered: tuple[date, ...] = ()
    if state.last_day is not None:
        missed = (day - state.last_day).days - 1
        if missed > 0:
            freezes, covered, alive = _cover_gap(state, state.last_day + timedelta(days=1), missed)
    current = state.current + 1 if alive and state.last_day is not None else 1
    if current % FREEZE_EVERY == 0:
        freezes = min(MAX_FREEZES, freezes + 1)
    return StreakState(
        current=current,
        longest=max(state.longest, current),
        freezes=freezes,
        last_day=day,
        freeze_days=state.freeze_days + covered,
    )


def recompute(days: Iterable[date]) -> StreakState:
    state = StreakState()
    for day in sorted(set(days)):
        state = advance(state, day)
    return state


@dataclass(frozen=True, slots=True)
class StreakAsOf:
    """The streak as a member sees it on `today`: days missed since the last study day are settled."""

    current: int
    longest: int
    freezes: int
    freeze_days: tuple[date, ...]
    studied_today: bool


def as_of(state: StreakState, today: date) -> StreakAsOf:
    if state.last_day is None:
        return StreakAsOf(0, state.longest, state.freezes, state.freeze_days, False)
    missed = (today - state.last_day).days - 1
    if missed <= 0:
        return StreakAsOf(
            state.current, state.longest, state.freezes, state.freeze_days, today == state.last_day
        )
    freezes, covered, alive = _cover_gap(state, state.last_day + timedelta(days=1), missed)
    return StreakAsOf(
        state.current if alive else 0, state.longest, freezes, state.freeze_days + covered, False
    )


def last_alive_day(state: StreakState) -> date | None:
    """The last study day on which the streak is still unbroken without further study."""
    if state.last_day is None:
        return None
    return state.last_day + timedelta(days=state.freezes + 1)


def with_freeze_days(state: StreakState, freeze_days: tuple[date, ...]) -> StreakState:
    return replace(state, freeze_days=freeze_days)
