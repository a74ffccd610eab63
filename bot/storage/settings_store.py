"""Member and server settings (timezones, day-start hour, leaderboard opt-out): writes, in a job."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.core.study_day import DEFAULT_DAY_START_HOUR, DEFAULT_TIMEZONE


@dataclass(frozen=True, slots=True)
class EffectiveSettings:
    timezone: str  # the member's own, else the server's
    guild_timezone: str
    day_start_hour: int
    member_known: bool = True  # False: no members row yet (the caller creates it)


_EFFECTIVE_SETTINGS = (
    "SELECT server.timezone, server.day_start_hour, member.timezone,"
    " CASE WHEN member.user_id IS NULL THEN 0 ELSE 1 END"
    " FROM (SELECT 1 AS here) AS one"
    " LEFT JOIN guild_settings AS server ON server.guild_id = ?"
    " LEFT JOIN members AS member ON member.user_id = ?"
)


def effective_settings(conn: sqlite3.Connection, user_id: int, guild_id: int | None) -> EffectiveSettings:
    """The member's and the server's settings in one statement (it runs for every stored answer)."""
    server_tz, hour, member_tz, member_known = conn.execute(_EFFECTIVE_SETTINGS, (guild_id, user_id)).fetchone()
    guild_tz = server_tz if server_tz is not None else DEFAULT_TIMEZONE
    hour = hour if server_tz is not None else DEFAULT_DAY_START_HOUR
    return EffectiveSettings(member_tz or guild_tz, guild_tz, hour, bool(member_known))


def set_member_timezone(conn: sqlite3.Connection, user_id: int, timezone: str | None) -> None:
    conn.execute(
        "INSERT INTO members (user_id, timezone) VALUES (?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone",
        (user_id, timezone),
    )


def set_opt_out(conn: sqlite3.Connection, user_id: int, opted_out: bool) -> None:
    conn.execute(
        "INSERT INTO members (user_id, leaderboard_opt_out) VALUES (?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET leaderboard_opt_out = excluded.leaderboard_opt_out",
        (user_id, int(opted_out)),
    )


def set_guild_settings(conn: sqlite3.Connection, guild_id: int, timezone: str, day_start_hour: int) -> None:
    conn.execute(
        "INSERT INTO guild_settings (guild_id, timezone, day_start_hour) VALUES (?, ?, ?)"
        " ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone,"
        " day_start_hour = excluded.day_start_hour",
        (guild_id, timezone, day_start_hour),
    )


def mark_served(conn: sqlite3.Connection, user_id: int, scope: str, deck_guild: int, deck_id: str, card_id: str,
                served_at_ms: int, new_round: bool) -> None:
    """Remember a drill card as served in this round (a new round forgets the previous one)."""
    if new_round:
        conn.execute("DELETE FROM drill_served WHERE user_id = ? AND scope = ?", (user_id, scope))
    conn.execute(
        "INSERT INTO drill_served (user_id, scope, deck_guild, deck_id, card_id, served_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id, scope, deck_guild, deck_id, card_id) DO UPDATE SET served_at = excluded.served_at",
        (user_id, scope, deck_guild, deck_id, card_id, served_at_ms),
    )
