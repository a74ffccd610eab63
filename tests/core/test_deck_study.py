"""Per-deck retention (bot/core/srs.py, bot/core/deck_study.py): intervals checked exactly against
`fsrs.Scheduler(desired_retention=...)`, one cached scheduler per value, the settings' scope, the review load."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from bot.core.deck_study import daily_review_load, settings_guild
from bot.core.srs import FlashRating, SrsState, interval_days, review, scheduler_for, validate_retention

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
SEEN = SrsState(2, None, 12.0, 5.5, NOW, NOW - timedelta(days=12))


def fsrs_due(retention: float, rating: FlashRating) -> datetime:
    scheduler = fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=SEEN.stability, difficulty=SEEN.difficulty,
                     due=SEEN.due, last_review=SEEN.last_review)
    return scheduler.review_card(card, fsrs.Rating(int(rating)), review_datetime=NOW)[0].due


@pytest.mark.parametrize("rating", [FlashRating.HARD, FlashRating.GOOD, FlashRating.EASY])
def test_a_higher_retention_gives_shorter_intervals_exactly_as_fsrs(rating: FlashRating) -> None:
    dues = {}
    for retention in (0.80, 0.85, 0.90, 0.95, 0.97):
        state = review(SEEN, rating, deck_id="d", card_id="c", now=NOW, rng=None, desired_retention=retention)
        assert state.due == fsrs_due(retention, rating)
        assert state.due - NOW == timedelta(days=interval_days(state.stability or 0, retention))
        dues[retention] = state.due
    assert dues[0.80] > dues[0.85] > dues[0.90] > dues[0.95] > dues[0.97]
    default = review(SEEN, rating, deck_id="d", card_id="c", now=NOW, rng=None)
    assert default.due == dues[0.90]


def test_one_scheduler_per_retention_value() -> None:
    assert scheduler_for(0.95) is scheduler_for(0.95) is scheduler_for(0.951)
    assert scheduler_for(0.95) is not scheduler_for(0.9)
    assert scheduler_for(0.93).desired_retention == 0.93


def test_retention_is_validated() -> None:
    assert validate_retention(0.8) == 0.8 and validate_retention(0.97) == 0.97
    for bad in (0.79, 0.98, 1.0, float("nan"), True, "0.9"):
        with pytest.raises(ValueError):
            validate_retention(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        review(SEEN, FlashRating.GOOD, deck_id="d", card_id="c", now=NOW, rng=None, desired_retention=0.5)


def test_settings_apply_where_the_review_happens_and_in_a_dm_the_owners() -> None:
    assert settings_guild(111, 0) == 111  # a built-in deck in a server: that server's
    assert settings_guild(111, 222) == 111  # (a server only sees its own uploads)
    assert settings_guild(None, 222) == 222  # a server's upload studied in a DM: its owner's
    assert settings_guild(None, 0) is None  # a built-in deck in a DM: the defaults


def test_daily_review_load_is_the_sum_of_one_over_each_interval() -> None:
    stabilities = [1.0, 10.0, 100.0, None]
    for retention in (0.8, 0.9, 0.97):
        scheduler = fsrs.Scheduler(desired_retention=retention)
        expected = sum(1 / scheduler._next_interval(stability=s) for s in (1.0, 10.0, 100.0))
        assert daily_review_load(stabilities, retention) == pytest.approx(expected, rel=1e-12)
    assert daily_review_load(stabilities, 0.97) > daily_review_load(stabilities, 0.9) > daily_review_load(stabilities, 0.8)
    assert daily_review_load([], 0.9) == 0.0
