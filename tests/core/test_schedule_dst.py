"""Due instants across DST: hand-worked 2026 cases, and a brute-force oracle over minutes.

The oracle says what "08:00 local" means without the code under test: the due instant of a local
time on a date is the first UTC minute whose local wall clock reads that date and time or later.
That covers the three rules at once: exact times, gaps (first valid minute after) and folds (first
occurrence).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import latest_due, next_due, occurrence_on, resolve_local_time, window_end
from bot.core.schedule_rule import ScheduleRule, timezone_names


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def oracle_due(local_date: date, local_time: time, zone: ZoneInfo) -> datetime:
    target = datetime.combine(local_date, local_time)
    minute = datetime.combine(local_date, local_time, tzinfo=UTC) - timedelta(hours=16)
    for _ in range(32 * 60):
        if minute.astimezone(zone).replace(tzinfo=None) >= target:
            return minute
        minute += timedelta(minutes=1)
    raise AssertionError("no due minute found")


# (zone, local date, local time, expected UTC instant, what the case is about)
HAND_WORKED = [
    ("Europe/London", date(2026, 3, 28), "08:00", utc(2026, 3, 28, 8, 0), "GMT the day before"),
    ("Europe/London", date(2026, 3, 29), "08:00", utc(2026, 3, 29, 7, 0), "BST: 08:00 stays 08:00"),
    ("Europe/London", date(2026, 3, 29), "00:59", utc(2026, 3, 29, 0, 59), "just before the gap"),
    ("Europe/London", date(2026, 3, 29), "01:00", utc(2026, 3, 29, 1, 0), "gap start -> 02:00 BST"),
    ("Europe/London", date(2026, 3, 29), "01:30", utc(2026, 3, 29, 1, 0), "inside the gap -> 02:00 BST"),
    ("Europe/London", date(2026, 3, 29), "02:00", utc(2026, 3, 29, 1, 0), "gap end exists"),
    ("Europe/London", date(2026, 10, 24), "08:00", utc(2026, 10, 24, 7, 0), "BST the day before"),
    ("Europe/London", date(2026, 10, 25), "01:30", utc(2026, 10, 25, 0, 30), "repeated: first (BST)"),
    ("Europe/London", date(2026, 10, 25), "02:00", utc(2026, 10, 25, 2, 0), "after the fold"),
    ("Europe/London", date(2026, 10, 25), "08:00", utc(2026, 10, 25, 8, 0), "GMT: 08:00 stays 08:00"),
    ("America/New_York", date(2026, 3, 7), "08:00", utc(2026, 3, 7, 13, 0), "EST"),
    ("America/New_York", date(2026, 3, 8), "08:00", utc(2026, 3, 8, 12, 0), "EDT"),
    ("America/New_York", date(2026, 3, 8), "02:30", utc(2026, 3, 8, 7, 0), "gap -> 03:00 EDT"),
    ("America/New_York", date(2026, 3, 8), "03:00", utc(2026, 3, 8, 7, 0), "gap end"),
    ("America/New_York", date(2026, 10, 31), "08:00", utc(2026, 10, 31, 12, 0), "EDT"),
    ("America/New_York", date(2026, 11, 1), "01:30", utc(2026, 11, 1, 5, 30), "repeated: first (EDT)"),
    ("America/New_York", date(2026, 11, 1), "08:00", utc(2026, 11, 1, 13, 0), "EST"),
    ("Australia/Lord_Howe", date(2026, 4, 4), "08:00", utc(2026, 4, 3, 21, 0), "+11"),
    ("Australia/Lord_Howe", date(2026, 4, 5), "01:45", utc(2026, 4, 4, 14, 45), "30-min fold: first (+11)"),
    ("Australia/Lord_Howe", date(2026, 4, 5), "08:00", utc(2026, 4, 4, 21, 30), "+10:30"),
    ("Australia/Lord_Howe", date(2026, 10, 3), "08:00", utc(2026, 10, 2, 21, 30), "+10:30"),
    ("Australia/Lord_Howe", date(2026, 10, 4), "02:00", utc(2026, 10, 3, 15, 30), "30-min gap -> 02:30"),
    ("Australia/Lord_Howe", date(2026, 10, 4), "02:15", utc(2026, 10, 3, 15, 30), "30-min gap -> 02:30"),
    ("Australia/Lord_Howe", date(2026, 10, 4), "08:00", utc(2026, 10, 3, 21, 0), "+11"),
    ("Asia/Kolkata", date(2026, 3, 29), "08:00", utc(2026, 3, 29, 2, 30), "+05:30, no DST"),
    ("Asia/Kolkata", date(2026, 11, 1), "08:00", utc(2026, 11, 1, 2, 30), "+05:30, no DST"),
    ("Asia/Kolkata", date(2026, 1, 1), "00:00", utc(2025, 12, 31, 18, 30), "date before in UTC"),
    ("Asia/Kathmandu", date(2026, 6, 1), "08:00", utc(2026, 6, 1, 2, 15), "+05:45"),
    ("Australia/Eucla", date(2026, 6, 1), "08:00", utc(2026, 5, 31, 23, 15), "+08:45"),
    ("Australia/Adelaide", date(2026, 10, 4), "02:30", utc(2026, 10, 3, 16, 30), "+09:30 gap -> 03:00"),
    ("America/St_Johns", date(2026, 3, 8), "02:30", utc(2026, 3, 8, 5, 30), "-03:30 gap -> 03:00"),
    ("America/St_Johns", date(2026, 11, 1), "01:30", utc(2026, 11, 1, 4, 0), "-02:30 fold: first"),
    ("Pacific/Chatham", date(2026, 4, 5), "03:00", utc(2026, 4, 4, 13, 15), "+13:45 fold: first"),
    ("Pacific/Chatham", date(2026, 9, 27), "03:00", utc(2026, 9, 26, 14, 0), "+12:45 gap -> 03:45"),
]


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected", "case"), HAND_WORKED, ids=[c[-1] + " " + c[0] for c in HAND_WORKED]
)
def test_hand_worked_due_instants(zone: str, day: date, at: str, expected: datetime, case: str) -> None:
    rule = ScheduleRule.parse(at, zone)
    assert occurrence_on(rule, day).due_at == expected
    assert oracle_due(day, rule.local_time, rule.zone) == expected  # the oracle agrees with the hand


TRANSITION_DAYS = {
    "Europe/London": [date(2026, 3, 29), date(2026, 10, 25)],
    "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
    "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)],
    "Asia/Kolkata": [date(2026, 3, 29), date(2026, 10, 25)],
    "Pacific/Chatham": [date(2026, 4, 5), date(2026, 9, 27)],
    "America/St_Johns": [date(2026, 3, 8), date(2026, 11, 1)],
    "Australia/Adelaide": [date(2026, 4, 5), date(2026, 10, 4)],
}
EVERY_QUARTER_HOUR = [time(h, m) for h in range(24) for m in (0, 15, 30, 45)]


@pytest.mark.parametrize(
    ("zone", "day"), [(zone, day) for zone, days in TRANSITION_DAYS.items() for day in days], ids=str
)
def test_every_quarter_hour_of_transition_days_matches_the_oracle(zone: str, day: date) -> None:
    tz = ZoneInfo(zone)
    for moment in [*EVERY_QUARTER_HOUR, time(1, 59), time(2, 1), time(2, 44), time(3, 46)]:
        assert resolve_local_time(day, moment, tz) == oracle_due(day, moment, tz), moment


def _transition_days_2026(zone: ZoneInfo) -> list[date]:
    days = []
    previous = datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone(zone).utcoffset()
    for index in range(1, 366):
        offset = (datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=index)).astimezone(zone).utcoffset()
        if offset != previous:
            local = (datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=index)).astimezone(zone).date()
            days += [local - timedelta(days=1), local]
        previous = offset
    return days


def test_every_zone_resolves_2026_transitions_by_the_rules() -> None:
    """All zones, every 2026 offset change: the instant reads the time exactly, or (in a gap) is the
    first instant that reads it or later; a repeated time gives its first occurrence."""
    checked = 0
    for name in timezone_names():
        zone = ZoneInfo(name)
        for day in _transition_days_2026(zone):
            for moment in (
                time(0, 0),
                time(0, 30),
                time(1, 0),
                time(1, 30),
                time(2, 0),
                time(2, 30),
                time(3, 0),
            ):
                wall = datetime.combine(day, moment)
                due = resolve_local_time(day, moment, zone)
                read = due.astimezone(zone).replace(tzinfo=None)
                just_before = (due - timedelta(seconds=1)).astimezone(zone).replace(tzinfo=None)
                assert read >= wall, (name, day, moment)
                assert read == wall or just_before < wall, (name, day, moment)
                earlier = [due - timedelta(minutes=m) for m in (1, *range(10, 181, 10))]
                assert all(e.astimezone(zone).replace(tzinfo=None) < wall for e in earlier), (
                    name,
                    day,
                    moment,
                )
                checked += 1
    assert checked > 500  # the tz database has dozens of zones with DST in 2026


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"])
def test_eight_o_clock_reads_eight_o_clock_every_day_of_2026(zone: str) -> None:
    rule = ScheduleRule.parse("08:00", zone)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(366):
        occurrence = next_due(rule, moment)
        local = occurrence.due_at.astimezone(rule.zone)
        assert (local.date(), local.hour, local.minute) == (occurrence.local_date, 8, 0)
        assert occurrence.due_at > moment
        moment = occurrence.due_at


def test_next_due_is_strictly_after_and_latest_due_is_at_or_before() -> None:
    rule = ScheduleRule.parse("08:00", "Europe/London")
    due = utc(2026, 3, 29, 7, 0)
    assert next_due(rule, due - timedelta(seconds=1)).due_at == due
    assert next_due(rule, due).due_at == utc(2026, 3, 30, 7, 0)
    assert latest_due(rule, due).due_at == due
    assert latest_due(rule, due - timedelta(seconds=1)).due_at == utc(2026, 3, 28, 8, 0)


def test_next_due_follows_the_days() -> None:
    rule = ScheduleRule.parse("18:00", "America/New_York", days="mon,wed,fri")
    friday_evening = utc(2026, 3, 6, 23, 30)  # Friday 18:30 EST
    occurrence = next_due(rule, friday_evening)
    assert occurrence.local_date == date(2026, 3, 9)  # Monday, after the spring-forward Sunday
    assert occurrence.due_at == utc(2026, 3, 9, 22, 0)  # 18:00 EDT
    assert latest_due(rule, friday_evening).local_date == date(2026, 3, 6)


def test_a_spring_forward_post_is_due_once_on_its_own_date() -> None:
    rule = ScheduleRule.parse("01:30", "Europe/London")
    dates = []
    moment = utc(2026, 3, 27)
    while moment < utc(2026, 3, 31):
        occurrence = next_due(rule, moment)
        dates.append(occurrence.local_date)
        moment = occurrence.due_at
    assert dates == [
        date(2026, 3, 27),
        date(2026, 3, 28),
        date(2026, 3, 29),
        date(2026, 3, 30),
        date(2026, 3, 31),
    ]


@pytest.mark.parametrize(
    ("zone", "at", "grace", "day", "end"),
    [
        ("Europe/London", "08:00", 6, date(2026, 3, 29), utc(2026, 3, 29, 13, 0)),
        (
            "Europe/London",
            "21:00",
            6,
            date(2026, 10, 24),
            utc(2026, 10, 24, 23, 0),
        ),  # capped at local midnight
        (
            "Europe/London",
            "00:30",
            6,
            date(2026, 10, 25),
            utc(2026, 10, 25, 5, 30),
        ),  # 6 real hours over the fold
        ("Asia/Kolkata", "20:00", 24, date(2026, 6, 1), utc(2026, 6, 1, 18, 30)),  # the local day ends first
        ("Australia/Lord_Howe", "23:00", 1, date(2026, 10, 3), utc(2026, 10, 3, 13, 30)),  # midnight +10:30
    ],
)
def test_the_window_is_grace_hours_of_real_time_within_the_local_day(
    zone: str, at: str, grace: int, day: date, end: datetime
) -> None:
    rule = ScheduleRule.parse(at, zone, grace_hours=grace)
    assert window_end(rule, occurrence_on(rule, day)) == end


def test_naive_datetimes_are_refused() -> None:
    rule = ScheduleRule.parse("08:00", "UTC")
    with pytest.raises(ValueError, match="aware"):
        next_due(rule, datetime(2026, 1, 1))
