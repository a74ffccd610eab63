"""Roles earned by studying: the pure rule of which roles a member earned and which to take back."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidSetting
from bot.core.rewards import (
    MAX_REWARDS_PER_SERVER,
    THRESHOLD_RANGES,
    Progress,
    RoleReward,
    changes,
    checked_reward,
    earned,
    lost,
)

STREAK7 = RoleReward(1, "streak", 7)
STREAK7_BREAKS = RoleReward(2, "streak", 7, remove_on_break=True)
POINTS500 = RoleReward(3, "points", 500)
REVIEWS100 = RoleReward(4, "reviews", 100)
ALL = (STREAK7, STREAK7_BREAKS, POINTS500, REVIEWS100)


def test_a_threshold_is_earned_when_reached_not_before() -> None:
    assert earned(ALL, Progress(streak=6, points=499, reviews=99)) == ()
    assert earned(ALL, Progress(streak=7, points=500, reviews=100)) == ALL
    assert earned(ALL, Progress(streak=30)) == (STREAK7, STREAK7_BREAKS)
    assert earned(ALL, Progress(points=501)) == (POINTS500,)


def test_roles_already_given_are_not_given_again() -> None:
    progress = Progress(streak=7, points=600, reviews=100)
    assert changes(ALL, progress, held=()).give == ALL
    assert changes(ALL, progress, held={1, 3}).give == (STREAK7_BREAKS, REVIEWS100)
    assert changes(ALL, progress, held={1, 2, 3, 4}) == changes((), progress, held=())


def test_only_a_broken_streak_with_remove_on_break_takes_a_role_back() -> None:
    broken = Progress(streak=0, points=10, reviews=1)
    result = changes(ALL, broken, held={1, 2, 3, 4})
    assert result.take == (STREAK7_BREAKS,)  # the streak role without remove_on_break stays, as do the others
    assert result.give == ()
    # A streak restarted after the break (1 day) is below the threshold too: it broke.
    assert changes(ALL, Progress(streak=1), held={2}).take == (STREAK7_BREAKS,)
    # Alive at or above the threshold: kept; never held: nothing to take.
    assert changes(ALL, Progress(streak=7), held={2}).take == ()
    assert changes(ALL, broken, held=()).take == ()


def test_lost_never_applies_to_points_or_reviews() -> None:
    for kind in ("points", "reviews"):
        assert not lost(RoleReward(9, kind, 5, remove_on_break=True), Progress())
    assert lost(STREAK7_BREAKS, Progress(streak=6))
    assert not lost(STREAK7, Progress(streak=0))


@pytest.mark.parametrize("kind", ["streak", "points", "reviews"])
def test_threshold_bounds_per_kind(kind: str) -> None:
    low, high = THRESHOLD_RANGES[kind]
    assert checked_reward(5, kind, low, False).threshold == low
    assert checked_reward(5, kind, high, False).threshold == high
    for bad in (low - 1, high + 1):
        with pytest.raises(InvalidSetting, match=f"from {low:,} to {high:,}"):
            checked_reward(5, kind, bad, False)


def test_bad_rewards_are_refused_with_a_reason() -> None:
    with pytest.raises(InvalidSetting, match="one of: streak, points, reviews"):
        checked_reward(5, "minutes", 10, False)
    with pytest.raises(InvalidSetting, match="Only streak rewards"):
        checked_reward(5, "points", 10, True)
    with pytest.raises(InvalidSetting, match="whole number"):
        checked_reward(5, "points", True, False)  # type: ignore[arg-type]
    with pytest.raises(InvalidSetting, match="role"):
        checked_reward(0, "points", 10, False)
    assert checked_reward(5, "streak", 3, True) == RoleReward(5, "streak", 3, True)
    assert MAX_REWARDS_PER_SERVER == 25


def test_describe_says_what_earns_it() -> None:
    assert STREAK7.describe() == "7-day streak"
    assert RoleReward(1, "points", 2500).describe() == "2,500 points"
    assert REVIEWS100.describe() == "100 answers"
    assert RoleReward(1, "reviews", 1).describe() == "1 answer"
