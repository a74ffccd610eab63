"""A member's data as a whole: the study calendar's counts, exports, and deleting everything about them.

Which tables hold a member's data is read from the schema, not listed here: every table with a
`user_id` column belongs to the member of that id (attempts, streaks, study days, leaderboard rows,
review state, concept tallies, drill rounds, settings, and whatever later migrations add, such as poll
votes and reminders). So an export is complete and a deletion leaves nothing behind without this file
having to learn about each new table. Columns that record who did something to the server
(`created_by`, `uploaded_by`) are cleared when they may be NULL.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from bot.services.records import ATTEMPT_COLUMNS, Deletion
from bot.storage.reads import Reads

# Deleted after every other table: attempts and streaks point at it (foreign keys are on).
PARENT_TABLE = "members"
STREAK_COLUMNS = ("guild_id", "user_id", "current_streak", "longest_streak", "freezes", "last_day", "alive_until")
PAGE = 5000


def member_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table with a `user_id` column, `members` last."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    found = [t for t in tables if any(col[1] == "user_id" for col in conn.execute(f'PRAGMA table_info("{t}")'))]
    return sorted(found, key=lambda name: (name == PARENT_TABLE, name))


def _actor_columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, column) of nullable `..._by` columns: who created or uploaded something."""
    result = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        for column in conn.execute(f'PRAGMA table_info("{table}")'):
            if str(column[1]).endswith("_by") and not column[3]:
                result.append((table, column[1]))
    return result


def delete_member(conn: sqlite3.Connection, user_id: int) -> Deletion:
    """Everything about the member, in the caller's transaction (the writer's batch)."""
    removed: dict[str, int] = {}
    tables = member_tables(conn)
    has_reviews = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'appeal_reviews'").fetchone()
    if has_reviews:  # admins' verdicts on the member's appeals are about the member's answers
        count = conn.execute(
            "DELETE FROM appeal_reviews WHERE attempt_id IN (SELECT id FROM attempts WHERE user_id = ?)", (user_id,)
        ).rowcount
        if count:
            removed["appeal_reviews"] = count
    for table in tables:
        count = conn.execute(f'DELETE FROM "{table}" WHERE user_id = ?', (user_id,)).rowcount
        if count:
            removed[table] = count
    cleared: dict[str, int] = {}
    for table, column in _actor_columns(conn):
        count = conn.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE "{column}" = ?', (user_id,)).rowcount
        if count:
            cleared[f"{table}.{column}"] = count
    return Deletion(removed, cleared)


class MemberDataReads(Reads):
    """Read queries for calendars and exports (on the read-only connection)."""

    async def attempts_per_study_day(self, user_id: int, guild_id: int, since: date) -> dict[date, int]:
        rows = await self.fetch_all(
            "SELECT study_day, COUNT(*) FROM attempts WHERE user_id = ? AND guild_id = ? AND study_day >= ?"
            " GROUP BY study_day",
            (user_id, guild_id, since.toordinal()),
        )
        return {date.fromordinal(day): count for day, count in rows}

    async def answer_times(self, user_id: int, since_ms: int) -> list[int]:
        """When the member answered (ms), everywhere, since `since_ms`: DMs have no stored study day."""
        rows = await self.fetch_all(
            "SELECT answered_at FROM attempts WHERE user_id = ? AND answered_at >= ?", (user_id, since_ms)
        )
        return [row[0] for row in rows]

    async def best_streaks(self, user_id: int, now_ms: int) -> tuple[int, int]:
        """(current, longest) over the member's servers: a current streak counts while it is alive."""
        row = await self._one(
            "SELECT MAX(CASE WHEN alive_until > ? THEN current_streak ELSE 0 END), MAX(longest_streak)"
            " FROM member_streaks WHERE user_id = ?",
            (now_ms, user_id),
        )
        return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)

    async def export_attempts(self, guild_id: int | None, user_id: int | None,
                              with_answers: bool) -> list[dict[str, Any]]:
        """The attempt log of a server, a member in a server, or a member everywhere (oldest first)."""
        if guild_id is None and user_id is None:
            raise ValueError("export a server, a member, or both")
        columns = ATTEMPT_COLUMNS + (("answer_text",) if with_answers else ())
        where, params = _scope(guild_id, user_id)
        rows: list[dict[str, Any]] = []
        last = -1
        while True:  # in pages, so a big server doesn't hold the read connection in one long query
            page = await self.fetch_all(
                f"SELECT {', '.join(columns)} FROM attempts WHERE {where} AND id > ? ORDER BY id LIMIT ?",
                (*params, last, PAGE),
            )
            rows.extend(dict(zip(columns, row, strict=True)) for row in page)
            if len(page) < PAGE:
                return rows
            last = page[-1][0]

    async def missed_cards(self, user_id: int, since_ms: int, limit: int,
                           offset: int) -> list[tuple[int, str, str]]:
        """(deck owner, deck id, card id) of every card the member answered wrong since `since_ms`, anywhere,
        the most recently missed first (a page of `limit` from `offset`)."""
        rows = await self.fetch_all(
            "SELECT deck_guild, deck_id, card_id FROM attempts WHERE user_id = ? AND correct = 0 AND answered_at >= ?"
            " GROUP BY deck_guild, deck_id, card_id ORDER BY MAX(answered_at) DESC, deck_guild, deck_id, card_id"
            " LIMIT ? OFFSET ?",
            (user_id, since_ms, limit, offset),
        )
        return [(int(row[0]), str(row[1]), str(row[2])) for row in rows]

    async def export_streaks(self, guild_id: int | None, user_id: int | None) -> list[dict[str, Any]]:
        where, params = _scope(guild_id, user_id)
        rows = await self.fetch_all(
            f"SELECT {', '.join(STREAK_COLUMNS)} FROM member_streaks WHERE {where} ORDER BY guild_id, user_id", params
        )
        return [dict(zip(STREAK_COLUMNS, row, strict=True)) for row in rows]

    async def member_rows(self, user_id: int, skip: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
        """Every other table's rows about the member, as stored (times in ms, days as ordinals)."""
        tables = [row[0] for row in await self.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", ())]
        result: dict[str, list[dict[str, Any]]] = {}
        for table in tables:
            if table in skip:
                continue
            columns = [col[1] for col in await self.fetch_all(f'PRAGMA table_info("{table}")', ())]
            if "user_id" not in columns:
                continue
            rows = await self.fetch_all(f'SELECT * FROM "{table}" WHERE user_id = ?', (user_id,))
            if rows:
                result[table] = [dict(zip(columns, row, strict=True)) for row in rows]
        return result


def _scope(guild_id: int | None, user_id: int | None) -> tuple[str, tuple[int, ...]]:
    clauses, params = [], []
    if guild_id is not None:
        clauses.append("guild_id = ?")
        params.append(guild_id)
    if user_id is not None:
        clauses.append("user_id = ?")
        params.append(user_id)
    return " AND ".join(clauses) or "1", tuple(params)
