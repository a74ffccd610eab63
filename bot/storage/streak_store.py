"""Streak summary rows: load, advance in the attempt's transaction, recompute from the attempt log."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

from bot.core import streaks
from bot.core.instants import from_ms, to_ms
from bot.core.streaks import StreakState
from bot.core.study_day import day_start

FREEZE_DAYS_SHOWN = 84


def load_streak(conn: sqlite3.Connection, guild_id: int, user_id: int) -> StreakState:
    return load_streak_and_latest(conn, guild_id, user_id)[0]


_STREAK_AND_FREEZES = (
    "SELECT streak.current_streak, streak.longest_streak, streak.freezes, streak.last_day, streak.latest_at,"
    " streak.latest_day, frozen.day FROM member_streaks AS streak"
    " LEFT JOIN freeze_days AS frozen ON frozen.guild_id = streak.guild_id AND frozen.user_id = streak.user_id"
    " AND frozen.day >= COALESCE(streak.last_day - ?, 0)"
    " WHERE streak.guild_id = ? AND streak.user_id = ? ORDER BY frozen.day"
)


def load_streak_and_latest(
    conn: sqlite3.Connection, guild_id: int, user_id: int
) -> tuple[StreakState, tuple[datetime, date] | None]:
    """The streak with its recent freeze days, and the latest attempt (`latest_attempt`), in one statement
    (a row per freeze day shown): recording an attempt needs both, and statements count under a burst."""
    rows = conn.execute(_STREAK_AND_FREEZES, (FREEZE_DAYS_SHOWN, guild_id, user_id)).fetchall()
    if not rows:
        return StreakState(), None
    row = rows[0]
    latest = (from_ms(row[4]), date.fromordinal(row[5])) if row[5] is not None else None
    last_day = date.fromordinal(row[3]) if row[3] is not None else None
    freeze_days = tuple(date.fromordinal(day) for *_, day in rows if day is not None)
    return StreakState(row[0], row[1], row[2], last_day, freeze_days), latest


def save_streak(
    conn: sqlite3.Connection,
    guild_id: int,
    user_id: int,
    state: StreakState,
    new_freeze_days: tuple[date, ...],
    timezone: str,
    day_start_hour: int,
) -> None:
    last_alive = streaks.last_alive_day(state)
    alive_until = to_ms(day_start(last_alive + timedelta(days=1), timezone, day_start_hour)) if last_alive else 0
    conn.execute(
        "INSERT INTO member_streaks (guild_id, user_id, current_streak, longest_streak, freezes, last_day,"
        " alive_until) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (guild_id, user_id) DO UPDATE SET current_streak = excluded.current_streak,"
        " longest_streak = excluded.longest_streak, freezes = excluded.freezes,"
        " last_day = excluded.last_day, alive_until = excluded.alive_until",
        (
            guild_id,
            user_id,
            state.current,
            state.longest,
            state.freezes,
            state.last_day.toordinal() if state.last_day else None,
            alive_until,
        ),
    )
    conn.executemany(
        "INSERT INTO freeze_days (guild_id, user_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [(guild_id, user_id, day.toordinal()) for day in new_freeze_days],
    )


def count_study_day(
    conn: sqlite3.Connection, guild_id: int, user_id: int, day: date, timezone: str, day_start_hour: int,
    state: StreakState | None = None,
) -> StreakState:
    """Add a study day to the streak; a day already counted changes nothing, an earlier one refolds.

    `state`: the streak as read earlier in this transaction, if the caller has it (saves a read, and on the
    day already last counted, the insert: the streak's last day is always one of its study days)."""
    if state is not None and state.last_day == day:
        return state
    inserted = conn.execute(
        "INSERT INTO study_days (guild_id, user_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (guild_id, user_id, day.toordinal()),
    ).rowcount
    if state is None:
        state = load_streak(conn, guild_id, user_id)
    if not inserted:
        return state
    if state.last_day is None or day > state.last_day:
        updated = streaks.advance(state, day)
        save_streak(conn, guild_id, user_id, updated, updated.freeze_days[len(state.freeze_days):],
                    timezone, day_start_hour)
        return updated
    days = [
        date.fromordinal(d)
        for (d,) in conn.execute(
            "SELECT day FROM study_days WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
    ]
    updated = streaks.recompute(days)
    conn.execute("DELETE FROM freeze_days WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
    save_streak(conn, guild_id, user_id, updated, updated.freeze_days, timezone, day_start_hour)
    return load_streak(conn, guild_id, user_id)


def latest_attempt(conn: sqlite3.Connection, guild_id: int, user_id: int) -> tuple[datetime, date] | None:
    row = conn.execute(
        "SELECT latest_at, latest_day FROM member_streaks WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
    ).fetchone()
    if row is None or row[1] is None:
        return None
    return from_ms(row[0]), date.fromordinal(row[1])


def note_latest_attempt(conn: sqlite3.Connection, guild_id: int, user_id: int, at: datetime, day: date) -> None:
    """Remember the most recent attempt in real time (a late arrival for an earlier time changes nothing)."""
    conn.execute(
        "UPDATE member_streaks SET latest_at = ?, latest_day = ? WHERE guild_id = ? AND user_id = ?"
        " AND latest_at <= ?",
        (to_ms(at), day.toordinal(), guild_id, user_id, to_ms(at)),
    )


def recompute_from_attempts(conn: sqlite3.Connection, guild_id: int, user_id: int) -> StreakState:
    """The streak as the attempt log alone says it is (used by tests and repair)."""
    days = [
        date.fromordinal(d)
        for (d,) in conn.execute(
            "SELECT DISTINCT study_day FROM attempts WHERE guild_id = ? AND user_id = ? AND study_day IS NOT NULL",
            (guild_id, user_id),
        )
    ]
    return streaks.recompute(days)
