"""What an admin types for a schedule, checked and normalised: time, timezone, days, windows.

Every parse error is a `ScheduleRuleError` whose message can be shown to the admin as it is
(it names the bad value and says what would be accepted). Storage keeps the canonical texts
(`time_text`, `timezone`, `days_text`) and rebuilds the rule with `ScheduleRule.parse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import fuzz, process, utils

from bot.core.errors import InvalidSetting, InvalidTimezone
from bot.core.messages import N_

DEFAULT_GRACE_HOURS = 6
GRACE_HOURS_RANGE = (1, 24)
DEFAULT_POLL_HOURS = 24
POLL_HOURS_RANGE = (1, 768)  # Discord's limits for a native poll's duration

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
_DAY_ALIASES = {
    **{name: index for index, name in enumerate(WEEKDAY_NAMES)},
    **{
        full: index
        for index, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
_TIME_PATTERN = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
# Names in the tz database that are not places a study group lives in.
_NOT_A_ZONE = frozenset({"Factory", "localtime", "posixrules"})
_NOT_A_ZONE_FOLDERS = ("right/", "posix/")  # copies of the zones (leap seconds, POSIX names), not places
_SHOWN_INPUT_MAX = 60  # hostile input is echoed back shortened


class ScheduleRuleError(InvalidSetting, ValueError):
    """A schedule setting an admin typed is invalid; the message says what to type instead."""


class UnknownTimezone(ScheduleRuleError, InvalidTimezone):
    """Not an IANA timezone name; `suggestions` holds the closest valid names, best first."""

    def __init__(self, user_message: str, suggestions: list[str], **params: object) -> None:
        super().__init__(user_message, **params)
        self.suggestions = suggestions


def _shown(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _SHOWN_INPUT_MAX else text[: _SHOWN_INPUT_MAX - 1] + "…"


def parse_time(text: str) -> time:
    """`8:00`, `08:00`, `23:59` -> a local wall-clock time (minutes only)."""
    match = _TIME_PATTERN.match(str(text).strip())
    if match is None:
        raise ScheduleRuleError(N_("Time `{text}` is not HH:MM (24-hour clock), e.g. 08:00 or 18:30."), text=_shown(text))
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ScheduleRuleError(N_("Time `{text}` does not exist: use 00:00 to 23:59."), text=_shown(text))
    return time(hours, minutes)


def format_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_days(text: str) -> frozenset[int]:
    """`daily`, `weekdays`, `weekends` or weekday names like `mon,wed,fri` -> weekday numbers (Monday = 0).

    Ranges such as `mon-fri` are accepted too; separators may be commas and/or spaces.
    """
    cleaned = str(text).strip().lower()
    if cleaned in ("", "daily", "every day", "everyday", "all"):  # i18n: not shown (words an admin may type)
        return ALL_DAYS
    if cleaned in ("weekdays", "workdays"):
        return WEEKDAYS
    if cleaned in ("weekends", "weekend"):
        return frozenset({5, 6})
    days: set[int] = set()
    for token in filter(None, re.split(r"[\s,;]+", cleaned)):
        if "-" in token:
            first, _, last = token.partition("-")
            start, end = _day_number(first, text), _day_number(last, text)
            index = start
            days.add(index)
            while index != end:  # wraps around the week: sat-mon is sat, sun, mon
                index = (index + 1) % 7
                days.add(index)
        else:
            days.add(_day_number(token, text))
    if not days:
        raise ScheduleRuleError(N_("Days can't be empty: use `daily`, `weekdays`, or names like `mon,wed,fri`."))
    return frozenset(days)


def _day_number(token: str, whole: str) -> int:
    number = _DAY_ALIASES.get(token.strip().rstrip("."))
    if number is None:
        raise ScheduleRuleError(N_(
            "`{token}` in days `{days}` is not a weekday: use `daily`, `weekdays`, or names like `mon,wed,fri` "
            "(mon tue wed thu fri sat sun)."), token=_shown(token), days=_shown(whole))
    return number


def format_days(days: frozenset[int]) -> str:
    """The canonical text for a set of weekdays: `daily`, `weekdays`, or `mon,wed,fri`."""
    if days == ALL_DAYS:
        return "daily"
    if days == WEEKDAYS:
        return "weekdays"
    return ",".join(WEEKDAY_NAMES[index] for index in sorted(days))


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA timezone name that can be scheduled in, sorted (read once from the tz database)."""
    return tuple(sorted(
        name for name in available_timezones() if name not in _NOT_A_ZONE and not name.startswith(_NOT_A_ZONE_FOLDERS)
    ))


@cache
def _names_by_folded_text() -> dict[str, str]:
    return {_fold(name): name for name in timezone_names()}


def _fold(text: str) -> str:
    return str(text).strip().replace(" ", "_").casefold()


def _search_key(name: str) -> str:
    # "America/Argentina/Buenos_Aires" is searched as "america argentina buenos aires".
    return utils.default_process(name.replace("/", " ").replace("_", " "))


@cache
def _search_keys() -> tuple[str, ...]:
    return tuple(_search_key(name) for name in timezone_names())


def suggest_timezones(text: str, limit: int = 3) -> list[str]:
    """The valid timezone names closest to what was typed, best first (for errors and autocomplete)."""
    query = _search_key(str(text)[:200])
    if not query:
        return []
    names = timezone_names()
    found = process.extract(query, _search_keys(), scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
    return [names[index] for _key, _score, index in found]


def timezone_choices(typed: str, limit: int = 25) -> list[str]:
    """Autocomplete: names containing what was typed (as a prefix of a part first), else the closest."""
    folded = _fold(typed)
    if not folded:
        return list(timezone_names()[:limit])
    names = timezone_names()
    starts = [
        n
        for n in names
        if any(part.startswith(folded) for part in _fold(n).split("/")) or _fold(n).startswith(folded)
    ]
    contains = [n for n in names if folded in _fold(n) and n not in starts]
    matches = (starts + contains)[:limit]
    return matches if matches else suggest_timezones(typed, limit)


def parse_timezone(text: str) -> str:
    """An IANA name, matched without regard to case or spaces (`europe/london` -> `Europe/London`)."""
    canonical = _names_by_folded_text().get(_fold(text))
    if canonical is not None:
        try:
            ZoneInfo(canonical)
        except (ZoneInfoNotFoundError, ValueError):
            canonical = None
    if canonical is None:
        suggestions = suggest_timezones(text)
        if suggestions:
            raise UnknownTimezone(N_(
                "`{text}` is not a timezone name. Did you mean {names}? Use an IANA name like `Europe/Paris`, "
                "`America/New_York` or `Asia/Kolkata`."), suggestions, text=_shown(text),
                names=", ".join(f"`{name}`" for name in suggestions))
        raise UnknownTimezone(N_(
            "`{text}` is not a timezone name. Use an IANA name like `Europe/Paris`, `America/New_York` or "
            "`Asia/Kolkata`."), suggestions, text=_shown(text))
    return canonical


def _check_hours(setting: str, value: object, allowed: tuple[int, int]) -> int:
    """`setting`: "grace" or "poll" (each has its own sentences)."""
    low, high = allowed
    if isinstance(value, bool) or not isinstance(value, int):
        if setting == "grace":
            raise ScheduleRuleError(N_("Grace must be a whole number of hours from {low} to {high}."), low=low, high=high)
        raise ScheduleRuleError(N_("Poll duration must be a whole number of hours from {low} to {high}."), low=low,
                                high=high)
    if not low <= value <= high:
        if setting == "grace":
            raise ScheduleRuleError(N_("Grace must be from {low} to {high} hours, not {value}."), low=low, high=high,
                                    value=str(value))
        raise ScheduleRuleError(N_("Poll duration must be from {low} to {high} hours, not {value}."), low=low,
                                high=high, value=str(value))
    return value


@dataclass(frozen=True)
class ScheduleRule:
    """When a schedule posts: a local time on some weekdays in one timezone.

    `grace_hours`: how late a missed post may still go out (never past the end of its local day).
    `poll_hours`: how long a native poll stays open. `paused`: nothing is posted while set.
    Build it with `ScheduleRule.parse(...)` from text; the constructor checks already-typed values.
    """

    local_time: time
    timezone: str
    days: frozenset[int] = ALL_DAYS
    grace_hours: int = DEFAULT_GRACE_HOURS
    poll_hours: int = DEFAULT_POLL_HOURS
    paused: bool = False
    zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.local_time, time) or self.local_time.tzinfo is not None:
            raise ScheduleRuleError(N_("The schedule's time must be a local time without a timezone."))
        if self.local_time.second or self.local_time.microsecond:
            raise ScheduleRuleError(N_("The schedule's time is whole minutes (HH:MM)."))
        canonical = parse_timezone(self.timezone)
        object.__setattr__(self, "timezone", canonical)
        object.__setattr__(self, "zone", ZoneInfo(canonical))
        days = frozenset(self.days)
        if not days or not days <= ALL_DAYS:
            raise ScheduleRuleError(N_("Days must be a non-empty set of weekdays (Monday = 0 to Sunday = 6)."))
        object.__setattr__(self, "days", days)
        _check_hours("grace", self.grace_hours, GRACE_HOURS_RANGE)
        _check_hours("poll", self.poll_hours, POLL_HOURS_RANGE)

    @classmethod
    def parse(
        cls,
        time_text: str,
        timezone: str,
        days: str = "daily",
        grace_hours: int = DEFAULT_GRACE_HOURS,
        poll_hours: int = DEFAULT_POLL_HOURS,
        paused: bool = False,
    ) -> ScheduleRule:
        return cls(parse_time(time_text), timezone, parse_days(days), grace_hours, poll_hours, paused)

    @property
    def time_text(self) -> str:
        return format_time(self.local_time)

    @property
    def days_text(self) -> str:
        return format_days(self.days)

    def describe(self) -> str:
        """`08:00 Europe/London, weekdays` (for `/schedule list`)."""
        paused = " (paused)" if self.paused else ""
        return f"{self.time_text} {self.timezone}, {self.days_text}{paused}"
