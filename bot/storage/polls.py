"""Native poll bookkeeping: votes as they arrive, the final voters at the end, the reveal claimed once."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from bot.services.schedule_records import PostRow
from bot.storage.database import Database
from bot.storage.schedules import POST_COLUMNS, post_row


class SqlitePollStore:
    """Implements the services' `PollStore` port (`bot.services.server_ports`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def post_by_message(self, message_id: int) -> PostRow | None:
        rows = await self.db.fetch_all(f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE message_id = ?", (message_id,))
        return post_row(rows[0]) if rows else None

    async def record_vote(self, post_id: int, user_id: int, answer_id: int, *, added: bool, now_ms: int) -> None:
        if added:
            await self.db.write(lambda conn: conn.execute(
                "INSERT INTO poll_votes (post_id, user_id, answer_id, voted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING", (post_id, user_id, answer_id, now_ms)))
        else:
            await self.db.write(lambda conn: conn.execute(
                "DELETE FROM poll_votes WHERE post_id = ? AND user_id = ? AND answer_id = ?",
                (post_id, user_id, answer_id)))

    async def votes(self, post_id: int) -> list[tuple[int, int, int]]:
        """(user id, answer id, voted at ms) as stored, by user."""
        rows = await self.db.fetch_all(
            "SELECT user_id, answer_id, voted_at FROM poll_votes WHERE post_id = ? ORDER BY user_id, answer_id",
            (post_id,))
        return [(r[0], r[1], r[2]) for r in rows]

    async def polls_to_close(self, now_ms: int) -> list[PostRow]:
        """Sent polls whose expiry has passed and whose reveal was not claimed yet."""
        rows = await self.db.fetch_all(
            f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE form = 'poll' AND reveal_claimed = 0"
            " AND poll_closes_at <= ? AND message_id IS NOT NULL ORDER BY poll_closes_at", (now_ms,))
        return [post_row(r) for r in rows]

    async def open_poll_of(self, guild_id: int, schedule_id: int) -> PostRow | None:
        rows = await self.db.fetch_all(
            f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE schedule_id = ? AND guild_id = ? AND form = 'poll'"
            " AND reveal_claimed = 0 AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1", (schedule_id, guild_id))
        return post_row(rows[0]) if rows else None

    async def unrevealed_claims(self) -> list[PostRow]:
        """Polls whose reveal was claimed but whose reply id was never recorded (a crash in between)."""
        rows = await self.db.fetch_all(
            f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE form = 'poll' AND reveal_claimed = 1"
            " AND reveal_message_id IS NULL", ())
        return [post_row(r) for r in rows]

    async def set_final_votes(self, post_id: int, voters: Mapping[int, set[int]], now_ms: int) -> None:
        """Replace what was seen with the API's final voters (answer id -> user ids); a vote seen earlier
        keeps the time it was first seen, a vote only the API knew is dated `now_ms`."""
        def job(conn: sqlite3.Connection) -> None:
            seen = {(r[0], r[1]): r[2] for r in conn.execute(
                "SELECT user_id, answer_id, voted_at FROM poll_votes WHERE post_id = ?", (post_id,))}
            conn.execute("DELETE FROM poll_votes WHERE post_id = ?", (post_id,))
            conn.executemany(
                "INSERT INTO poll_votes (post_id, user_id, answer_id, voted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [(post_id, user, answer, seen.get((user, answer), now_ms))
                 for answer, users in voters.items() for user in users])
            conn.execute("UPDATE schedule_posts SET poll_ended_at = COALESCE(poll_ended_at, ?) WHERE id = ?",
                         (now_ms, post_id))
        await self.db.write(job)

    async def claim_reveal(self, post_id: int) -> bool:
        """True for exactly one caller (across processes): that one sends the reveal."""
        return bool(await self.db.write(lambda conn: conn.execute(
            "UPDATE schedule_posts SET reveal_claimed = 1 WHERE id = ? AND reveal_claimed = 0", (post_id,)).rowcount))

    async def set_reveal_message(self, post_id: int, message_id: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE schedule_posts SET reveal_message_id = ? WHERE id = ?", (message_id, post_id)))
