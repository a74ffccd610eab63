"""A member's own data: the study calendar, exports (JSON or CSV) and deleting everything about them.

Exports are for people: times become ISO 8601 UTC, study days ISO dates, flags booleans, and a streak
that has already broken reads 0 (the stored row only changes at the member's next answer).
Answer text appears only in a member's own export: a server-wide export is for the organisers, who
need scores and streaks, not what each member wrote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.instants import from_ms, to_ms, utc
from bot.core.study_day import day_start, study_day
from bot.services.api import DataDeletion, DataExport, Learner, StreakView, StudyCalendar
from bot.services.ports import MemberDataStore
from bot.services.records import ATTEMPT_COLUMNS

CALENDAR_WEEKS = 12
FLAGS = ("correct", "self_credited")
DAY_COLUMNS = ("study_day", "last_day")
# Sections of `other` already given in readable form (attempts, streaks) or derived from them.
CURATED_TABLES = ("attempts", "member_streaks")


async def study_calendar(store: MemberDataStore, learner: Learner, *, now: datetime, timezone: str,
                         day_start_hour: int, streak: StreakView | None) -> StudyCalendar:
    """The calendar of `learner` as of `now`, study days counted in `timezone` from `day_start_hour`."""
    today = study_day(now, timezone, day_start_hour)
    since = today - timedelta(weeks=CALENDAR_WEEKS)
    if learner.guild_id is not None:
        counts = await store.attempts_per_study_day(learner.user_id, learner.guild_id, since)
        current, longest = (streak.current, streak.longest) if streak else (0, 0)
        if streak is not None and streak.today > today:
            today = streak.today  # a traveller's study day may run ahead of the local date
    else:
        counts = {}
        start_ms = to_ms(day_start(since, timezone, day_start_hour))
        for answered_ms in await store.answer_times(learner.user_id, start_ms):
            day = study_day(from_ms(answered_ms), timezone, day_start_hour)
            counts[day] = counts.get(day, 0) + 1
        current, longest = await store.best_streaks(learner.user_id, to_ms(now))
    shown = {day: count for day, count in counts.items() if since <= day <= today}
    return StudyCalendar(today, shown, current, longest)


async def export_data(store: MemberDataStore, *, guild_id: int | None, user_id: int | None, now: datetime,
                      with_answers: bool) -> DataExport:
    if guild_id is None and user_id is None:
        raise ValueError("export needs a server, a member, or both")
    now_ms = to_ms(now)
    attempts = [_readable_attempt(row) for row in await store.export_attempts(guild_id, user_id, with_answers)]
    streaks = [_readable_streak(row, now_ms) for row in await store.export_streaks(guild_id, user_id)]
    other: dict[str, list[dict[str, Any]]] = {}
    if guild_id is None and user_id is not None:
        other = await store.member_rows(user_id, CURATED_TABLES)
    return DataExport(utc(now), guild_id, user_id, with_answers, attempts, streaks, other)


async def delete_member_data(store: MemberDataStore, user_id: int) -> DataDeletion:
    deletion = await store.delete_member(user_id)
    return DataDeletion(dict(deletion.removed))


def _iso_day(value: Any) -> str | None:
    return date.fromordinal(value).isoformat() if isinstance(value, int) and value > 0 else None


def _iso_time(ms: Any) -> str | None:
    return from_ms(ms).isoformat().replace("+00:00", "Z") if isinstance(ms, int) else None


def _readable_attempt(row: dict[str, Any]) -> dict[str, Any]:
    readable = dict(row)
    for flag in FLAGS:
        readable[flag] = bool(readable[flag])
    readable["study_day"] = _iso_day(readable["study_day"])
    readable["answered_at"] = _iso_time(readable["answered_at"])
    return readable


def _readable_streak(row: dict[str, Any], now_ms: int) -> dict[str, Any]:
    alive = int(row.pop("alive_until") or 0) > now_ms
    readable = dict(row)
    readable["current_streak"] = int(row["current_streak"]) if alive else 0
    readable["last_study_day"] = _iso_day(readable.pop("last_day"))
    return readable


# --- files ---------------------------------------------------------------------------------------
def to_json(export: DataExport) -> str:
    document: dict[str, Any] = {
        "generated_at": _iso_time(to_ms(export.generated_at)),
        "guild_id": export.guild_id,
        "user_id": export.user_id,
        "answers_included": export.with_answers,
        "attempts": export.attempts,
        "streaks": export.streaks,
    }
    if export.other:
        document["other_records"] = {
            "note": "stored as is: times in milliseconds since 1970-01-01 UTC, days as proleptic Gregorian ordinals",
            **export.other,
        }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: Iterable[dict[str, Any]], columns: Iterable[str]) -> str:
    """One CSV table; text that a spreadsheet would run as a formula is prefixed with a quote."""
    out = io.StringIO()
    names = list(columns)
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _cell(row.get(name)) for name in names})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def attempt_columns(export: DataExport) -> list[str]:
    return list(ATTEMPT_COLUMNS) + (["answer_text"] if export.with_answers else [])


STREAK_COLUMNS = ("guild_id", "user_id", "current_streak", "longest_streak", "freezes", "last_study_day")
