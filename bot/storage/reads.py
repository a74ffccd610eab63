"""Read queries (aiosqlite): each is one indexed look-up, never a scan of the attempt log.

The rows they return are the services' records (`bot.services.records`)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.study_day import DEFAULT_DAY_START_HOUR, DEFAULT_TIMEZONE
from bot.services.records import ConceptRow, DueRow, ScoreRow, StreakRow, TallyRow
from bot.storage.deck_study_policy import AT_RISK_DUE
from bot.storage.sqlite import BUSY_TIMEOUT_MS, storage_error


class Reads:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    async def open(cls, path: Path) -> Reads:
        try:
            conn = await aiosqlite.connect(path)
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as error:
            raise storage_error(error, path) from error
        return cls(conn, path)

    async def close(self) -> None:
        await self._conn.close()

    async def fetch_all(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        """Every row of one read query (on the query-only connection); SQLite failures become `StorageError`s."""
        try:
            async with self._conn.execute(sql, params) as cursor:
                return list(await cursor.fetchall())
        except sqlite3.Error as error:
            raise storage_error(error, self.path) from error

    async def _one(self, sql: str, params: tuple[Any, ...]) -> Any:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    # --- settings --------------------------------------------------------------------------------
    async def guild_settings(self, guild_id: int) -> tuple[str, int]:
        row = await self._one("SELECT timezone, day_start_hour FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return (row[0], row[1]) if row else (DEFAULT_TIMEZONE, DEFAULT_DAY_START_HOUR)

    async def member(self, user_id: int) -> tuple[str | None, bool]:
        row = await self._one("SELECT timezone, leaderboard_opt_out FROM members WHERE user_id = ?", (user_id,))
        return (row[0], bool(row[1])) if row else (None, False)

    # --- streaks ---------------------------------------------------------------------------------
    async def streak(self, guild_id: int, user_id: int) -> StreakRow | None:
        row = await self._one(
            "SELECT current_streak, longest_streak, freezes, last_day, alive_until FROM member_streaks"
            " WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is None:
            return None
        return StreakRow(row[0], row[1], row[2], date.fromordinal(row[3]) if row[3] else None, row[4])

    async def freeze_days(self, guild_id: int, user_id: int, since: date) -> list[date]:
        rows = await self.fetch_all(
            "SELECT day FROM freeze_days WHERE guild_id = ? AND user_id = ? AND day >= ? ORDER BY day",
            (guild_id, user_id, since.toordinal()),
        )
        return [date.fromordinal(r[0]) for r in rows]

    async def points_total(self, guild_id: int, user_id: int) -> int:
        row = await self._one(
            "SELECT points FROM period_scores WHERE guild_id = ? AND period = 'all' AND starts = 0 AND user_id = ?",
            (guild_id, user_id),
        )
        return row[0] if row else 0

    # --- leaderboards ----------------------------------------------------------------------------
    async def top_points(self, guild_id: int, period: str, starts: int, limit: int) -> list[ScoreRow]:
        rows = await self.fetch_all(
            "SELECT s.user_id, s.points, s.attempts, s.correct FROM period_scores s"
            " LEFT JOIN members m ON m.user_id = s.user_id"
            " WHERE s.guild_id = ? AND s.period = ? AND s.starts = ? AND COALESCE(m.leaderboard_opt_out, 0) = 0"
            " ORDER BY s.points DESC, s.user_id LIMIT ?",
            (guild_id, period, starts, limit),
        )
        return [ScoreRow(*r) for r in rows]

    async def top_accuracy(
        self, guild_id: int, period: str, starts: int, min_attempts: int, limit: int
    ) -> list[ScoreRow]:
        rows = await self.fetch_all(
            "SELECT s.user_id, s.points, s.attempts, s.correct FROM period_scores s"
            " LEFT JOIN members m ON m.user_id = s.user_id"
            " WHERE s.guild_id = ? AND s.period = ? AND s.starts = ? AND s.attempts >= ?"
            " AND COALESCE(m.leaderboard_opt_out, 0) = 0"
            " ORDER BY CAST(s.correct AS REAL) / s.attempts DESC, s.attempts DESC, s.user_id LIMIT ?",
            (guild_id, period, starts, max(1, min_attempts), limit),
        )
        return [ScoreRow(*r) for r in rows]

    async def top_streaks(self, guild_id: int, now_ms: int, limit: int) -> list[ScoreRow]:
        rows = await self.fetch_all(
            "SELECT t.user_id, t.current_streak FROM member_streaks t"
            " LEFT JOIN members m ON m.user_id = t.user_id"
            " WHERE t.guild_id = ? AND t.alive_until > ? AND t.current_streak > 0"
            " AND COALESCE(m.leaderboard_opt_out, 0) = 0"
            " ORDER BY t.current_streak DESC, t.user_id LIMIT ?",
            (guild_id, now_ms, limit),
        )
        return [ScoreRow(r[0], 0, 0, 0, r[1]) for r in rows]

    # --- review and stats ------------------------------------------------------------------------
    async def due(self, user_id: int, now_ms: int, limit: int, *, guild_id: int | None = None,
                  offset: int = 0) -> list[DueRow]:
        """The member's due review cards, most overdue first. With `guild_id`: only those of built-in decks
        and of that server's uploads (what a /review in that server may show); without: all of them.
        After them come the cards an exam puts at risk there (`AT_RISK_DUE`), listed as due now."""
        scope, params = ("", ()) if guild_id is None else (" AND deck_guild IN (0, ?)", (guild_id,))
        rows = await self.fetch_all(
            "SELECT deck_id, card_id, due, deck_guild FROM srs_cards WHERE user_id = ? AND due <= ?" + scope
            + " ORDER BY due LIMIT ? OFFSET ?",
            (user_id, now_ms, *params, limit, offset),
        )
        if len(rows) < limit:  # the overdue cards ran out on this page: the cards at risk follow them
            overdue = offset + len(rows)
            if not rows and offset:
                counted = await self._one(
                    "SELECT COUNT(*) FROM srs_cards WHERE user_id = ? AND due <= ?" + scope, (user_id, now_ms, *params))
                overdue = int(counted[0])
            rows += await self.fetch_all(
                AT_RISK_DUE + scope.replace("deck_guild", "s.deck_guild")
                + " ORDER BY s.deck_guild, s.deck_id, s.card_id LIMIT ? OFFSET ?",
                (now_ms, guild_id, user_id, now_ms, *params, limit - len(rows), max(0, offset - overdue)),
            )
        return [DueRow(*r) for r in rows]

    async def tallies(self, user_id: int, guild_id: int | None) -> list[TallyRow]:
        """Attempts and correct answers by deck and level: in one server, or (None) everywhere."""
        where = "user_id = ?" + (" AND guild_id = ?" if guild_id is not None else "")
        params: tuple[Any, ...] = (user_id, guild_id) if guild_id is not None else (user_id,)
        rows = await self.fetch_all(
            f"SELECT deck_id, level, COUNT(*), SUM(correct), deck_guild FROM attempts WHERE {where}"
            " GROUP BY deck_guild, deck_id, level",
            params,
        )
        return [TallyRow(*r) for r in rows]

    async def weakest_concepts(self, user_id: int, limit: int, guild_id: int | None = None) -> list[ConceptRow]:
        """The concepts the member missed most: those answered in one server, or (None) everywhere."""
        if guild_id is not None:
            rows = await self.fetch_all(
                "SELECT deck_guild, deck_id, card_id, concept, missed, seen FROM concept_stats"
                " WHERE user_id = ? AND guild_id = ? AND missed > 0"
                " ORDER BY missed DESC, CAST(missed AS REAL) / seen DESC, concept LIMIT ?",
                (user_id, guild_id, limit),
            )
        else:
            rows = await self.fetch_all(
                "SELECT deck_guild, deck_id, card_id, concept, SUM(missed) AS missed, SUM(seen) AS seen"
                " FROM concept_stats WHERE user_id = ? GROUP BY deck_guild, deck_id, card_id, concept"
                " HAVING SUM(missed) > 0 ORDER BY missed DESC, CAST(SUM(missed) AS REAL) / SUM(seen) DESC, concept LIMIT ?",
                (user_id, limit),
            )
        return [ConceptRow(*r) for r in rows]

    async def study_days(self, user_id: int, guild_id: int | None, since: date) -> list[date]:
        if guild_id is not None:
            rows = await self.fetch_all(
                "SELECT day FROM study_days WHERE guild_id = ? AND user_id = ? AND day >= ? ORDER BY day",
                (guild_id, user_id, since.toordinal()),
            )
        else:
            rows = await self.fetch_all(
                "SELECT DISTINCT study_day FROM attempts WHERE user_id = ? AND study_day >= ? ORDER BY study_day",
                (user_id, since.toordinal()),
            )
        return [date.fromordinal(r[0]) for r in rows]

    async def served(self, user_id: int, scope: str) -> list[tuple[int, str, str, int]]:
        """(deck owner, deck id, card id, served at ms) of the member's current drill round in `scope`."""
        return await self.fetch_all(
            "SELECT deck_guild, deck_id, card_id, served_at FROM drill_served WHERE user_id = ? AND scope = ?",
            (user_id, scope),
        )

    async def studies_in(self, user_id: int, guild_id: int) -> bool:
        """Whether the member has answered in the server or has review state in its decks: the servers
        whose decks a DM of theirs may name."""
        row = await self._one(
            "SELECT EXISTS (SELECT 1 FROM attempts WHERE user_id = ? AND guild_id = ?)"
            " OR EXISTS (SELECT 1 FROM srs_cards WHERE user_id = ? AND deck_guild = ?)",
            (user_id, guild_id, user_id, guild_id),
        )
        return bool(row and row[0])
