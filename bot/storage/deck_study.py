"""A server's per-deck study settings (migration 018, `deck_study`): retention and exam, and the review
states the forecasts read. What the settings do to a review is in `bot.storage.deck_study_policy`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from bot.services.deck_study_ports import CardMemory, DeckStudyRow, ExamSetting
from bot.storage.apart import ApartReads
from bot.storage.database import Database

T = TypeVar("T")

_ROW = "SELECT guild_id, deck_guild, deck_id, retention, exam_day, exam_at, exam_target FROM deck_study"


class SqliteDeckStudyStore:
    """Implements `bot.services.deck_study_ports.DeckStudyStore`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._apart = ApartReads(db.path, 1)

    async def deck_settings(self, guild_id: int, deck_guild: int, deck_id: str) -> DeckStudyRow | None:
        rows = await self.db.fetch_all(_ROW + " WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?",
                                       (guild_id, deck_guild, deck_id))
        return DeckStudyRow(*rows[0]) if rows else None

    async def settings_of(self, guild_ids: list[int]) -> list[DeckStudyRow]:
        found: list[DeckStudyRow] = []
        for guild_id in sorted(set(guild_ids))[:100]:
            rows = await self.db.fetch_all(_ROW + " WHERE guild_id = ? LIMIT 500", (guild_id,))
            found += [DeckStudyRow(*row) for row in rows]
        return found

    async def set_retention(self, guild_id: int, deck_guild: int, deck_id: str, retention: float | None,
                            now_ms: int) -> None:
        def job(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO deck_study (guild_id, deck_guild, deck_id, retention, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, deck_guild, deck_id) DO UPDATE SET retention = excluded.retention,"
                " updated_at = excluded.updated_at",
                (guild_id, deck_guild, deck_id, retention, now_ms))
            _drop_if_empty(conn, guild_id, deck_guild, deck_id)

        await self.db.write(job)

    async def set_exam(self, guild_id: int, deck_guild: int, deck_id: str, exam: ExamSetting | None,
                       now_ms: int) -> bool:
        values = (exam.exam_day, exam.exam_at_ms, exam.target, exam.risk_days) if exam else (None, None, None, None)

        def job(conn: sqlite3.Connection) -> bool:
            before = conn.execute(
                "SELECT exam_day FROM deck_study WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?",
                (guild_id, deck_guild, deck_id)).fetchone()
            conn.execute(
                "INSERT INTO deck_study (guild_id, deck_guild, deck_id, exam_day, exam_at, exam_target,"
                " exam_risk_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, deck_guild, deck_id) DO UPDATE SET exam_day = excluded.exam_day,"
                " exam_at = excluded.exam_at, exam_target = excluded.exam_target,"
                " exam_risk_days = excluded.exam_risk_days, updated_at = excluded.updated_at",
                (guild_id, deck_guild, deck_id, *values, now_ms))
            _drop_if_empty(conn, guild_id, deck_guild, deck_id)
            return before is not None and before[0] is not None

        return await self.db.write(job)

    async def member_decks(self, user_id: int, guild_id: int | None, limit: int) -> list[tuple[int, str, int]]:
        scope, params = ("", ()) if guild_id is None else (" AND deck_guild IN (0, ?)", (guild_id,))
        rows = await self.db.fetch_all(
            "SELECT deck_guild, deck_id, COUNT(*) AS cards FROM srs_cards WHERE user_id = ?" + scope
            + " GROUP BY deck_guild, deck_id ORDER BY cards DESC, deck_guild, deck_id LIMIT ?",
            (user_id, *params, limit))
        return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def member_memories(self, user_id: int, decks: list[tuple[int, str]], limit: int) -> list[CardMemory]:
        def read(conn: sqlite3.Connection) -> list[CardMemory]:
            found: list[CardMemory] = []
            for deck_guild, deck_id in decks:
                found += conn.execute(
                    "SELECT user_id, deck_guild, deck_id, card_id, stability, last_review FROM srs_cards"
                    " WHERE user_id = ? AND deck_guild = ? AND deck_id = ? LIMIT ?",
                    (user_id, deck_guild, deck_id, max(0, limit - len(found)))).fetchall()
            return found

        return await self._read_apart(read)

    async def group_memories(self, guild_id: int, deck_guild: int, deck_id: str,
                             limit: int) -> tuple[list[int], list[CardMemory]]:
        def read(conn: sqlite3.Connection) -> tuple[list[int], list[CardMemory]]:
            members = [int(r[0]) for r in conn.execute(
                "SELECT DISTINCT user_id FROM attempts WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?"
                " ORDER BY user_id", (guild_id, deck_guild, deck_id))]
            rows = conn.execute(
                "SELECT s.user_id, s.deck_guild, s.deck_id, s.card_id, s.stability, s.last_review FROM srs_cards s"
                " WHERE s.deck_guild = ? AND s.deck_id = ? AND s.user_id IN (SELECT DISTINCT user_id FROM attempts"
                " WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?) ORDER BY s.user_id LIMIT ?",
                (deck_guild, deck_id, guild_id, deck_guild, deck_id, limit + 1)).fetchall()
            if len(rows) > limit:  # keep whole members: drop the one cut short, and those after it
                last = rows[limit][0]
                rows = [row for row in rows[:limit] if row[0] != last]
                members = [member for member in members if member < last]
            return members, rows

        return await self._read_apart(read)

    async def _read_apart(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """A large read apart from the shared read connection (`bot.storage.apart`), one at a time."""
        return await self._apart.run(read)


def _drop_if_empty(conn: sqlite3.Connection, guild_id: int, deck_guild: int, deck_id: str) -> None:
    conn.execute("DELETE FROM deck_study WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?"
                 " AND retention IS NULL AND exam_day IS NULL", (guild_id, deck_guild, deck_id))
