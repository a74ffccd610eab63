"""One tick's decision: on time, late within grace, missed, weekdays, pauses, clock jumps, DST days."""

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.schedule import (
    LATE_AFTER,
    MISSED_REPORT_MAX_DAYS,
    TickDecision,
    claims_needed_from,
    decide_tick,
    window_end,
)
from bot.core.schedule_rule import ScheduleRule


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def through(last: date, days: int = 60) -> set[date]:
    """A daily history of claims ending on `last` (what storage would pass)."""
    return {last - timedelta(days=n) for n in range(days)}


LONDON_8 = ScheduleRule.parse("08:00", "Europe/London")  # June: 08:00 BST = 07:00 UTC
JUNE_10 = date(2026, 6, 10)  # a Wednesday
DUE = utc(2026, 6, 10, 7, 0)


def test_a_tick_just_after_the_time_posts_that_date_on_time() -> None:
    decision = decide_tick(LONDON_8, through(date(2026, 6, 9)), DUE + timedelta(seconds=30))
    assert decision.post is not None
    assert (decision.post.local_date, decision.post.due_at) == (JUNE_10, DUE)
    assert not decision.late and decision.missed == ()
    assert decision.next_check_at == utc(2026, 6, 11, 7, 0)


def test_the_same_inputs_give_the_same_decision() -> None:
    first = decide_tick(LONDON_8, through(date(2026, 6, 9)), DUE + timedelta(minutes=1))
    assert decide_tick(LONDON_8, through(date(2026, 6, 9)), DUE + timedelta(minutes=1)) == first


def test_before_the_time_nothing_happens_and_the_next_check_is_the_time() -> None:
    decision = decide_tick(LONDON_8, through(date(2026, 6, 9)), DUE - timedelta(seconds=1))
    assert (decision.post, decision.missed, decision.next_check_at) == (None, (), DUE)


def test_a_claimed_date_is_not_posted_again_for_the_rest_of_the_day() -> None:
    for minutes in (1, 60, 5 * 60, 16 * 60 + 59):
        decision = decide_tick(LONDON_8, through(JUNE_10), DUE + timedelta(minutes=minutes))
        assert decision.post is None and decision.missed == ()
        assert decision.next_check_at == utc(2026, 6, 11, 7, 0)


@pytest.mark.parametrize(
    ("after", "late"),
    [
        (timedelta(0), False),
        (LATE_AFTER - timedelta(seconds=1), False),
        (LATE_AFTER, True),
        (timedelta(hours=3), True),
    ],
)
def test_late_is_flagged_from_five_minutes(after: timedelta, late: bool) -> None:
    decision = decide_tick(LONDON_8, through(date(2026, 6, 9)), DUE + after)
    assert decision.post is not None and decision.late is late


def test_back_three_hours_late_posts_once_late() -> None:
    decision = decide_tick(LONDON_8, through(date(2026, 6, 9)), DUE + timedelta(hours=3))
    assert decision.post is not None and decision.post.local_date == JUNE_10
    assert decision.late and "180 min late" in decision.reason


def test_the_grace_window_ends_exactly_at_grace_hours() -> None:
    end = DUE + timedelta(hours=6)
    assert decide_tick(LONDON_8, through(date(2026, 6, 9)), end - timedelta(seconds=1)).post is not None
    missed = decide_tick(LONDON_8, through(date(2026, 6, 9)), end)
    assert missed.post is None
    assert missed.missed == (JUNE_10,)
    assert "grace" in missed.reason and "2026-06-10" in missed.reason
    assert missed.next_check_at == utc(2026, 6, 11, 7, 0)


def test_grace_never_reaches_into_the_next_local_day() -> None:
    rule = ScheduleRule.parse("21:00", "Europe/London", grace_hours=6)  # 20:00 UTC in June
    assert decide_tick(rule, through(date(2026, 6, 9)), utc(2026, 6, 10, 22, 59)).post is not None
    after_midnight = decide_tick(
        rule, through(date(2026, 6, 9)), utc(2026, 6, 10, 23, 1)
    )  # 00:01 local, June 11
    assert after_midnight.post is None and after_midnight.missed == (JUNE_10,)


def test_a_backlog_is_never_posted_only_todays_date_and_the_rest_are_missed() -> None:
    monday = date(2026, 6, 8)
    decision = decide_tick(LONDON_8, through(monday - timedelta(days=3)), DUE + timedelta(hours=1))
    assert decision.post is not None and decision.post.local_date == JUNE_10
    assert decision.missed == (date(2026, 6, 6), date(2026, 6, 7), monday, date(2026, 6, 9))


def test_missed_dates_already_reported_are_not_reported_again_but_still_post() -> None:
    decision = decide_tick(
        LONDON_8, through(date(2026, 6, 1)), DUE + timedelta(hours=1), reported_through=date(2026, 6, 8)
    )
    assert decision.post is not None and decision.post.local_date == JUNE_10
    assert decision.missed == (date(2026, 6, 9),)
    silent = decide_tick(
        LONDON_8, through(date(2026, 6, 1)), DUE + timedelta(hours=7), reported_through=JUNE_10
    )
    assert silent.post is None and silent.missed == ()


def test_the_missed_list_is_bounded() -> None:
    decision = decide_tick(LONDON_8, set(), DUE + timedelta(hours=1), reported_through=date(2025, 1, 1))
    assert decision.post is not None
    assert len(decision.missed) == MISSED_REPORT_MAX_DAYS  # daily: one date per day looked back
    assert decision.missed[0] == JUNE_10 - timedelta(days=MISSED_REPORT_MAX_DAYS)
    assert decision.missed[-1] == date(2026, 6, 9)


def test_a_schedule_that_never_posted_posts_today_and_reports_no_history() -> None:
    decision = decide_tick(LONDON_8, set(), DUE + timedelta(minutes=2))
    assert decision.post is not None and decision.post.local_date == JUNE_10 and decision.missed == ()
    long_ago = decide_tick(LONDON_8, through(date(2025, 1, 1)), DUE + timedelta(minutes=2))
    assert long_ago == decision  # claims older than the look-back are not history


def test_weekday_schedules_stay_quiet_at_the_weekend() -> None:
    rule = ScheduleRule.parse("08:00", "Europe/London", days="weekdays")
    friday = date(2026, 6, 12)
    for saturday_hour in (7, 8, 12):
        decision = decide_tick(rule, through(friday), utc(2026, 6, 13, saturday_hour, 0))
        assert decision.post is None and decision.missed == ()
        assert decision.next_check_at == utc(2026, 6, 15, 7, 0)  # Monday 08:00 BST
    monday = decide_tick(rule, through(friday), utc(2026, 6, 15, 7, 0))
    assert monday.post is not None and monday.post.local_date == date(2026, 6, 15) and monday.missed == ()


def test_mon_wed_fri_reports_only_its_own_days_as_missed() -> None:
    rule = ScheduleRule.parse("08:00", "Europe/London", days="mon,wed,fri")
    decision = decide_tick(
        rule, through(date(2026, 6, 1)), utc(2026, 6, 12, 7, 30)
    )  # last posted Monday June 1
    assert decision.post is not None and decision.post.local_date == date(2026, 6, 12)
    assert decision.missed == (date(2026, 6, 3), date(2026, 6, 5), date(2026, 6, 8), date(2026, 6, 10))


def test_a_paused_schedule_does_nothing_and_needs_no_check() -> None:
    paused = dataclasses.replace(LONDON_8, paused=True)
    assert decide_tick(paused, through(date(2026, 6, 9)), DUE + timedelta(minutes=1)) == TickDecision(
        None, False, (), "paused", None
    )


def test_a_schedule_added_after_todays_time_starts_tomorrow() -> None:
    created = DUE + timedelta(hours=2)
    decision = decide_tick(LONDON_8, set(), created + timedelta(minutes=1), active_since=created)
    assert decision.post is None and decision.missed == ()
    assert decision.next_check_at == utc(2026, 6, 11, 7, 0)
    tomorrow = decide_tick(LONDON_8, set(), utc(2026, 6, 11, 7, 0), active_since=created)
    assert tomorrow.post is not None and tomorrow.post.local_date == date(2026, 6, 11)


def test_a_schedule_added_just_before_its_time_posts_today() -> None:
    created = DUE - timedelta(minutes=1)
    decision = decide_tick(LONDON_8, set(), DUE, active_since=created)
    assert decision.post is not None and decision.post.local_date == JUNE_10


def test_resuming_does_not_catch_up_dates_due_while_paused() -> None:
    resumed = utc(2026, 6, 12, 9, 0)
    decision = decide_tick(LONDON_8, through(date(2026, 6, 9)), resumed, active_since=resumed)
    assert decision.post is None and decision.missed == ()  # June 10-12 fell in the pause: not "missed"
    later = decide_tick(LONDON_8, through(date(2026, 6, 9)), utc(2026, 6, 14, 9, 0), active_since=resumed)
    assert later.post is not None and later.post.local_date == date(2026, 6, 14)
    assert later.missed == (date(2026, 6, 13),)


def test_a_clock_jumping_back_never_reposts() -> None:
    for back in (timedelta(minutes=5), timedelta(hours=20), timedelta(days=2, hours=1)):
        decision = decide_tick(LONDON_8, through(JUNE_10), DUE + timedelta(minutes=1) - back)
        assert decision.post is None
        assert decision.missed == ()


def test_a_clock_jumping_forward_days_posts_at_most_the_latest_date() -> None:
    decision = decide_tick(LONDON_8, through(JUNE_10), DUE + timedelta(days=3, hours=2))
    assert decision.post is not None and decision.post.local_date == date(2026, 6, 13)
    assert decision.missed == (date(2026, 6, 11), date(2026, 6, 12))


@pytest.mark.parametrize(
    ("rule", "tick", "posts"),
    [
        # London spring forward: 01:30 doesn't exist on March 29; it is due at 02:00 BST (01:00 UTC).
        (ScheduleRule.parse("01:30", "Europe/London"), utc(2026, 3, 29, 0, 59, 59), None),
        (ScheduleRule.parse("01:30", "Europe/London"), utc(2026, 3, 29, 1, 0), date(2026, 3, 29)),
        # London fall back: 01:30 happens twice on October 25; only the first counts.
        (ScheduleRule.parse("01:30", "Europe/London"), utc(2026, 10, 25, 0, 30), date(2026, 10, 25)),
        # New York spring forward: 02:30 is due at 03:00 EDT.
        (ScheduleRule.parse("02:30", "America/New_York"), utc(2026, 3, 8, 6, 59), None),
        (ScheduleRule.parse("02:30", "America/New_York"), utc(2026, 3, 8, 7, 0), date(2026, 3, 8)),
        # Lord Howe's half-hour spring forward: 02:15 is due at 02:30 (+11).
        (ScheduleRule.parse("02:15", "Australia/Lord_Howe"), utc(2026, 10, 3, 15, 29), None),
        (ScheduleRule.parse("02:15", "Australia/Lord_Howe"), utc(2026, 10, 3, 15, 30), date(2026, 10, 4)),
        # Kolkata never shifts: 08:00 IST is 02:30 UTC on both European transition days.
        (ScheduleRule.parse("08:00", "Asia/Kolkata"), utc(2026, 3, 29, 2, 30), date(2026, 3, 29)),
        (ScheduleRule.parse("08:00", "Asia/Kolkata"), utc(2026, 10, 25, 2, 29), None),
    ],
)
def test_dst_days_post_at_the_right_instant(rule: ScheduleRule, tick: datetime, posts: date | None) -> None:
    previous_day = (tick - timedelta(days=1)).astimezone(rule.zone).date()
    decision = decide_tick(rule, through(previous_day), tick)
    assert (decision.post.local_date if decision.post else None) == posts


def test_the_repeated_hour_does_not_post_a_second_time() -> None:
    rule = ScheduleRule.parse("01:30", "Europe/London")
    second_occurrence = utc(2026, 10, 25, 1, 30)  # 01:30 GMT, an hour after 01:30 BST
    decision = decide_tick(rule, through(date(2026, 10, 25)), second_occurrence)
    assert decision.post is None
    assert decision.next_check_at == utc(2026, 10, 26, 1, 30)


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        decide_tick(LONDON_8, set(), datetime(2026, 6, 10, 7, 0))


def test_after_a_clock_that_ran_ahead_comes_back_the_skipped_real_dates_still_post() -> None:
    ran_ahead = through(date(2026, 6, 9)) | {date(2026, 6, 12)}  # June 12 was posted by a clock 2 days fast
    back_on_time = decide_tick(LONDON_8, ran_ahead, DUE + timedelta(minutes=1))
    assert back_on_time.post is not None and back_on_time.post.local_date == JUNE_10
    assert decide_tick(LONDON_8, ran_ahead, utc(2026, 6, 12, 7, 1)).post is None  # never twice


@settings(max_examples=200, deadline=None)
@given(
    hour=st.integers(0, 23),
    zone=st.sampled_from(["Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"]),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    history=st.sets(st.dates(date(2025, 12, 1), date(2026, 12, 31)), max_size=60),
    minutes=st.integers(0, 365 * 24 * 60),
    since_minutes=st.none() | st.integers(-40 * 24 * 60, 2 * 24 * 60),
    reported=st.none() | st.dates(date(2025, 12, 1), date(2026, 12, 31)),
)
def test_claims_before_the_lookback_never_change_a_decision(
    hour: int,
    zone: str,
    days: frozenset[int],
    history: set[date],
    minutes: int,
    since_minutes: int | None,
    reported: date | None,
) -> None:
    """Storage may pass only the claims from `claims_needed_from` on: the decision is the same."""
    rule = ScheduleRule(time(hour, 30), zone, days)
    now = utc(2026, 1, 1) + timedelta(minutes=minutes)
    since = None if since_minutes is None else now - timedelta(minutes=since_minutes)
    recent = {day for day in history if day >= claims_needed_from(rule, now)}
    full = decide_tick(rule, history, now, active_since=since, reported_through=reported)
    assert decide_tick(rule, recent, now, active_since=since, reported_through=reported) == full
    if full.post is not None:
        assert full.post.local_date not in history and full.post.due_at <= now < window_end(rule, full.post)
