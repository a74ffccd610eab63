"""Study days: which local calendar day an attempt belongs to, and when a day starts.

A study day starts at a configurable local hour (default 04:00, like Anki's "next day starts at"), so a
session at 01:30 counts for the evening before. Arithmetic is on local wall-clock time, so DST changes
move the boundary with the clocks instead of shifting it by an hour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.messages import N_, Marked

DEFAULT_TIMEZONE = "UTC"
DEFAULT_DAY_START_HOUR = 4


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA zone, or ValueError with a readable message (names are case-sensitive: Europe/Paris)."""
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        raise ValueError(f"{name[:64]!r} is not an IANA timezone name (like Europe/Paris)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise ValueError(f"{name!r} is not an IANA timezone name (like Europe/Paris)") from error


def validate_day_start_hour(hour: int) -> int:
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ValueError(Marked(N_("The day-start hour must be a whole hour from 0 to 23.")))
    return hour


def study_day(now: datetime, timezone: str, day_start_hour: int) -> date:
    """The study day that `now` (aware) falls in."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(zone(timezone))
    return (local.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def day_start(day: date, timezone: str, day_start_hour: int) -> datetime:
    """The UTC instant at which study day `day` begins (a skipped DST hour resolves forwards)."""
    local = datetime.combine(day, time(day_start_hour), tzinfo=zone(timezone))
    return local.astimezone(UTC)


def week_start(day: date) -> date:
    """Monday of the study day's week (leaderboard weeks start on Monday)."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


SHORTEST_DAY = timedelta(hours=23)  # a study day lasts 23 to 25 hours (DST)


def travel_safe_day(local_day: date, *, latest_day: date | None, latest_at: datetime | None, now: datetime) -> date:
    """The study day to record, so that changing timezone neither skips nor replays a day.

    `latest_day`/`latest_at` describe the member's most recent attempt (in real time). Flying east can
    make the local date jump by two while less than a day passed; flying west can land on a day already
    gone. A newer attempt therefore never goes before the latest day, and never skips more days than
    could have fully passed (one per 23 hours). Answers that arrive late (answered before the latest
    attempt) keep their own local day.
    """
    if latest_day is None or latest_at is None or now < latest_at:
        return local_day
    day = max(local_day, latest_day)
    whole_days_between = int((now - latest_at) / SHORTEST_DAY)
    return min(day, latest_day + timedelta(days=1 + whole_days_between))
