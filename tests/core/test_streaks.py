"""Streak rules: study days, freezes earned and used, out-of-order and duplicate days."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.streaks import MAX_FREEZES, StreakState, advance, as_of, last_alive_day, recompute

D0 = date(2026, 1, 1)


def days(*offsets: int) -> list[date]:
    return [D0 + timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("offsets", "current", "longest", "freezes"),
    [
        ([], 0, 0, 0),
        ([0], 1, 1, 0),
        ([0, 1, 2], 3, 3, 0),
        ([0, 2], 1, 1, 0),  # a missed day without a freeze breaks the streak
        (list(range(7)), 7, 7, 1),  # a freeze earned at 7 days
        (list(range(14)), 14, 14, 2),
        (list(range(21)), 21, 21, MAX_FREEZES),  # never more than 2 held
        ([*range(7), 8], 8, 8, 0),  # day 7 missed: the freeze covers it
        ([*range(7), 9], 1, 7, 0),  # two missed days, one freeze: broken
        ([*range(14), 16], 15, 15, 0),  # two missed days, two freezes: saved
    ],
)
def test_rules(offsets: list[int], current: int, longest: int, freezes: int) -> None:
    state = recompute(days(*offsets))
    assert (state.current, state.longest, state.freezes) == (current, longest, freezes)


def test_freeze_days_are_remembered() -> None:
    state = recompute(days(*range(14), 16))
    assert state.freeze_days == (D0 + timedelta(days=14), D0 + timedelta(days=15))


def test_same_day_twice_changes_nothing() -> None:
    state = recompute(days(0, 1))
    assert advance(state, D0 + timedelta(days=1)) == state


def test_advance_refuses_an_earlier_day() -> None:
    with pytest.raises(ValueError, match="recompute"):
        advance(recompute(days(0, 3)), D0 + timedelta(days=1))


def test_as_of_settles_missed_days_with_freezes() -> None:
    state = recompute(days(*range(7)))  # one freeze held, last day = day 6
    assert as_of(state, D0 + timedelta(days=7)).current == 7  # today not over yet
    seen = as_of(state, D0 + timedelta(days=8))  # day 7 missed: freeze used
    assert (seen.current, seen.freezes, seen.freeze_days) == (7, 0, (D0 + timedelta(days=7),))
    assert as_of(state, D0 + timedelta(days=9)).current == 0  # day 8 missed too: broken
    assert last_alive_day(state) == D0 + timedelta(days=8)


def test_as_of_studied_today() -> None:
    state = recompute(days(0))
    assert as_of(state, D0).studied_today
    assert not as_of(state, D0 + timedelta(days=1)).studied_today


def test_view_agrees_with_studying_later() -> None:
    """What `as_of` shows for a gap is what `advance` decides when the member comes back."""
    state = recompute(days(*range(14)))
    for gap in range(5):
        back = D0 + timedelta(days=13 + gap + 1)
        seen = as_of(state, back)
        after = advance(state, back)
        assert (after.current > 1) == (seen.current > 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=40), st.randoms(use_true_random=False))
def test_any_arrival_order_gives_the_same_streak(offsets: list[int], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = days(*offsets)
    rnd.shuffle(shuffled)
    state = StreakState()
    for seen, day in enumerate(shuffled, start=1):  # storage's rule: advance when later, else refold
        state = advance(state, day) if state.last_day is None or day >= state.last_day else recompute(shuffled[:seen])
    assert state == recompute(shuffled)
    assert state.longest >= state.current
    assert 0 <= state.freezes <= MAX_FREEZES
