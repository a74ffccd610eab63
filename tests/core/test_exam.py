"""Exam countdown cap (bot/core/exam.py): unit cases and the property the issue asks for, checked with the
fsrs package's own retrievability (a scheduler built here, not the code under test)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.exam import (
    ExamPlan,
    at_risk,
    capped,
    capped_due,
    exam_instant,
    last_day_at_target,
    parse_exam_date,
    predicted_share,
    validate_target,
)
from bot.core.instants import to_ms
from bot.core.srs import FlashRating, SrsState, recall_at, review

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
REFERENCE = fsrs.Scheduler()  # only its forgetting curve is used: the same for every retention


def fsrs_recall(state: SrsState, at: datetime) -> float:
    card = fsrs.Card(card_id=1, state=fsrs.State(state.state), stability=state.stability,
                     difficulty=state.difficulty, due=state.due, last_review=state.last_review)
    return float(REFERENCE.get_card_retrievability(card, at))


def test_exam_instant_is_the_start_of_the_servers_study_day() -> None:
    assert exam_instant(date(2027, 1, 15), "Europe/Paris", 4) == datetime(2027, 1, 15, 3, tzinfo=UTC)
    assert exam_instant(date(2027, 7, 15), "Europe/Paris", 0) == datetime(2027, 7, 14, 22, tzinfo=UTC)


def test_dates_and_targets_are_checked() -> None:
    today = date(2026, 12, 3)
    assert parse_exam_date(" 2027-01-15 ", today) == date(2027, 1, 15)
    for bad in ("2027-1-15", "15/01/2027", "2027-02-30", "2026-12-03", "2026-11-01", "2040-01-01", "clear", "x" * 500):
        with pytest.raises(ValueError):
            parse_exam_date(bad, today)
    assert validate_target(0.9) == 0.9 and validate_target(0.97) == 0.97 and validate_target(0.851) == 0.85
    for bad_target in (0.84, 0.98, 1, float("nan"), True):
        with pytest.raises(ValueError):
            validate_target(bad_target)  # type: ignore[arg-type]


def test_a_card_that_would_be_forgotten_by_the_exam_is_due_when_recall_reaches_the_target() -> None:
    plan = ExamPlan(NOW + timedelta(days=40), 0.9)
    state = SrsState(2, None, 20.0, 5.0, NOW + timedelta(days=60), NOW)
    assert fsrs_recall(state, plan.exam_at) < 0.9
    due = capped_due(state, plan, NOW)
    assert due == NOW + timedelta(days=20)  # stability is the 90% point: the 20th day is the last at >= 0.9
    assert fsrs_recall(state, due) >= 0.9
    assert fsrs_recall(state, NOW + timedelta(days=21)) < 0.9


def test_a_strong_card_keeps_its_date_after_the_exam() -> None:
    plan = ExamPlan(NOW + timedelta(days=10), 0.9)
    state = SrsState(2, None, 400.0, 3.0, NOW + timedelta(days=400), NOW)
    assert capped_due(state, plan, NOW) == state.due
    assert capped(state, plan, NOW) is state


def test_a_due_date_before_the_exam_is_left_alone_and_the_cap_never_postpones() -> None:
    plan = ExamPlan(NOW + timedelta(days=10), 0.97)
    soon = SrsState(1, 1, 2.0, 5.0, NOW + timedelta(minutes=10), NOW)
    assert capped_due(soon, plan, NOW) == soon.due
    weak = SrsState(2, None, 0.5, 9.0, NOW + timedelta(days=11), NOW)
    assert capped_due(weak, plan, NOW) == NOW + timedelta(days=1)  # a weak card: at least a day, not "now"


def test_exam_today_or_past_and_no_exam_schedule_normally() -> None:
    state = SrsState(2, None, 20.0, 5.0, NOW + timedelta(days=60), NOW)
    assert capped_due(state, None, NOW) == state.due
    assert capped_due(state, ExamPlan(NOW, 0.9), NOW) == state.due  # reviewed as exam day begins
    assert capped_due(state, ExamPlan(NOW - timedelta(hours=3), 0.9), NOW) == state.due  # reviewed on exam day
    assert capped_due(state, ExamPlan(NOW - timedelta(days=30), 0.9), NOW) == state.due


def test_no_stability_means_due_by_the_exam() -> None:
    plan = ExamPlan(NOW + timedelta(days=5), 0.9)
    state = SrsState(1, 0, None, None, NOW + timedelta(days=9), None)
    assert capped_due(state, plan, NOW) == plan.exam_at


def test_the_last_day_at_target_matches_the_curve() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for stability in (0.3, 1.0, 7.7, 20.0, 123.4, 5000.0):
        for target in (0.85, 0.9, 0.93, 0.97):
            days = last_day_at_target(stability, target)
            probe = SrsState(2, None, stability, 5.0, start, start)
            assert fsrs_recall(probe, start + timedelta(days=days)) >= target or days == 0
            assert fsrs_recall(probe, start + timedelta(days=days + 1)) < target


def test_at_risk_names_cards_scheduled_before_the_exam_was_set() -> None:
    plan = ExamPlan(NOW + timedelta(days=30), 0.9)
    last = NOW - timedelta(days=5)
    assert at_risk(10.0, last, NOW + timedelta(days=40), plan, NOW)  # due after, R(exam) < 0.9
    assert not at_risk(10.0, last, NOW + timedelta(days=3), plan, NOW)  # due before the exam anyway
    assert not at_risk(900.0, last, NOW + timedelta(days=400), plan, NOW)  # strong enough
    assert not at_risk(10.0, last, NOW + timedelta(days=40), plan, plan.exam_at)  # the exam day has begun
    assert not at_risk(None, None, NOW + timedelta(days=40), plan, NOW)


def test_predicted_share_counts_unseen_cards_as_zero() -> None:
    exam_at = NOW + timedelta(days=10)
    states = {"a": (10.0, to_ms(NOW)), "b": (100.0, to_ms(NOW - timedelta(days=2, hours=5))), "gone": (50.0, to_ms(NOW))}
    share = predicted_share(["a", "b", "c", "d"], states, to_ms(exam_at))
    recall_a = fsrs_recall(SrsState(2, None, 10.0, 5, NOW, NOW), exam_at)
    recall_b = fsrs_recall(SrsState(2, None, 100.0, 5, NOW, NOW - timedelta(days=2, hours=5)), exam_at)
    expected = (recall_a + recall_b + 0 + 0) / 4  # c and d unseen; "gone" is not a card of the deck
    assert share == expected and 0 < share < 0.5  # the same expression as fsrs: equal, not just close
    assert predicted_share([], states, to_ms(exam_at)) == 0.0


def test_recall_is_fsrs_retrievability_exactly() -> None:
    for stability in (0.01, 0.7, 3.3, 42.0, 36500.0):
        for hours in (0, 5, 23, 24, 25, 24 * 7 + 3, 24 * 400):
            state = SrsState(2, None, stability, 5.0, NOW, NOW)
            assert recall_at(stability, NOW, NOW + timedelta(hours=hours)) == fsrs_recall(state, NOW + timedelta(hours=hours))


# --- the property: no card scheduled before the exam falls below the target on exam day -----------------
previous_states = st.one_of(
    st.none(),
    st.builds(
        lambda state, step, stability, difficulty, ago, due_in: SrsState(
            state, step if state != 2 else None, stability, difficulty, NOW + timedelta(hours=due_in),
            NOW - timedelta(hours=ago)),
        st.sampled_from([1, 2, 3]), st.integers(0, 1), st.floats(0.01, 36500), st.floats(1, 10),
        st.floats(0, 24 * 400), st.floats(-24 * 400, 24 * 400),
    ),
)


@settings(max_examples=400, deadline=None)
@given(previous=previous_states, rating=st.sampled_from(list(FlashRating)),
       minutes_to_exam=st.integers(1, 60 * 24 * 400), target=st.integers(85, 97),
       retention=st.integers(80, 97), seed=st.one_of(st.none(), st.integers(0, 2**32 - 1)))
def test_no_card_scheduled_before_the_exam_is_below_target_on_exam_day(
        previous: SrsState | None, rating: FlashRating, minutes_to_exam: int, target: int, retention: int,
        seed: int | None) -> None:
    plan = ExamPlan(NOW + timedelta(minutes=minutes_to_exam), target / 100)
    state = review(previous, rating, deck_id="d", card_id="c", now=NOW, rng=seed, desired_retention=retention / 100)
    result = capped(state, plan, NOW)
    assert NOW < result.due <= state.due  # brought forward only, never due in the past
    if result.due > plan.exam_at:
        assert fsrs_recall(result, plan.exam_at) >= plan.target
    assert not at_risk(result.stability, result.last_review, result.due, plan, NOW)
