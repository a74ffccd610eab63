"""Study days in local time with a day-start hour; DST; leaderboard week and month starts."""

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.study_day import day_start, month_start, study_day, validate_day_start_hour, week_start, zone


@pytest.mark.parametrize(
    ("utc", "tz", "hour", "expected"),
    [
        (datetime(2026, 3, 10, 3, 59, tzinfo=UTC), "UTC", 4, date(2026, 3, 9)),
        (datetime(2026, 3, 10, 4, 0, tzinfo=UTC), "UTC", 4, date(2026, 3, 10)),
        (datetime(2026, 3, 10, 4, 0, tzinfo=UTC), "UTC", 0, date(2026, 3, 10)),
        # 01:30 in Paris (00:30 UTC) belongs to the evening before
        (datetime(2026, 1, 10, 0, 30, tzinfo=UTC), "Europe/Paris", 4, date(2026, 1, 9)),
        # New York is behind: 02:00 UTC is 21:00 the day before
        (datetime(2026, 1, 10, 2, 0, tzinfo=UTC), "America/New_York", 4, date(2026, 1, 9)),
        (datetime(2026, 1, 10, 16, 0, tzinfo=UTC), "Pacific/Kiritimati", 4, date(2026, 1, 11)),
    ],
)
def test_study_day(utc: datetime, tz: str, hour: int, expected: date) -> None:
    assert study_day(utc, tz, hour) == expected


def test_dst_days_start_at_local_four_either_side_of_the_change() -> None:
    # Europe/Paris springs forward on 2026-03-29 (02:00 -> 03:00): 04:00 local is 03:00 UTC before, 02:00 after
    assert day_start(date(2026, 3, 28), "Europe/Paris", 4) == datetime(2026, 3, 28, 3, tzinfo=UTC)
    assert day_start(date(2026, 3, 29), "Europe/Paris", 4) == datetime(2026, 3, 29, 2, tzinfo=UTC)
    # the short day is 23 hours long, and every instant in it maps to it
    start, end = day_start(date(2026, 3, 28), "Europe/Paris", 4), day_start(date(2026, 3, 29), "Europe/Paris", 4)
    assert end - start == timedelta(hours=23)
    assert study_day(end - timedelta(seconds=1), "Europe/Paris", 4) == date(2026, 3, 28)
    assert study_day(end, "Europe/Paris", 4) == date(2026, 3, 29)


def test_day_start_in_a_skipped_hour_still_orders_days() -> None:
    # day start at 02:00 on the spring-forward night: that local time doesn't exist
    first = day_start(date(2026, 3, 29), "Europe/Paris", 2)
    assert day_start(date(2026, 3, 28), "Europe/Paris", 2) < first < day_start(date(2026, 3, 30), "Europe/Paris", 2)


def test_week_and_month_starts() -> None:
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # Sunday -> Monday
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)
    assert month_start(date(2026, 11, 29)) == date(2026, 11, 1)


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../etc/passwd", "/etc/localtime", "x" * 500, "Europe/../UTC"])
def test_bad_timezones_are_value_errors(name: str) -> None:
    with pytest.raises(ValueError, match="IANA"):
        zone(name)


@pytest.mark.parametrize("hour", [-1, 24, True, 4.5])
def test_bad_day_start_hours(hour: object) -> None:
    with pytest.raises(ValueError):
        validate_day_start_hour(hour)  # type: ignore[arg-type]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        study_day(datetime(2026, 1, 1), "UTC", 4)


def test_travel_safe_day() -> None:
    from bot.core.study_day import travel_safe_day

    at = datetime(2026, 3, 2, 12, tzinfo=UTC)
    d = date(2026, 3, 2)
    # flying east: the local date jumped two days within hours -> the next day, not a skipped one
    assert travel_safe_day(date(2026, 3, 4), latest_day=d, latest_at=at, now=at + timedelta(hours=10)) == date(2026, 3, 3)
    # flying west: the local date went back -> stays on the latest day (no day is replayed)
    assert travel_safe_day(date(2026, 3, 1), latest_day=d, latest_at=at, now=at + timedelta(hours=2)) == d
    # a real two-day gap keeps its gap (the streak rules then use a freeze or break it)
    assert travel_safe_day(date(2026, 3, 4), latest_day=d, latest_at=at, now=at + timedelta(hours=47)) == date(2026, 3, 4)
    # a late arrival (answered before the latest attempt) keeps its own day; no history: as is
    assert travel_safe_day(date(2026, 2, 27), latest_day=d, latest_at=at, now=at - timedelta(days=3)) == date(2026, 2, 27)
    assert travel_safe_day(date(2026, 3, 9), latest_day=None, latest_at=None, now=at) == date(2026, 3, 9)
