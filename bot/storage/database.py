"""The database as the services see it: the read queries plus the writes, each a group-committed job.

It implements the services' `Store` and `MemberDataStore` ports (`bot.services.ports`), on SQLite or on
PostgreSQL: on a `postgresql://` URL the same writer runs the same store functions on a facade of
`sqlite3.Connection` over asyncpg, and the reads go to a pool behind the same `Reads`
(bot/storage/postgres). The server features' stores (`guild_decks`, `polls`, `schedules`,
`deck_checks`) run their queries through its public `fetch_all` and `write`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import aiosqlite

from bot.core.errors import StorageError
from bot.core.instants import to_ms
from bot.database_url import parse_database_url
from bot.services.records import AppealResult, Deletion, NewAttempt, StoredAttempt
from bot.storage import settings_store
from bot.storage.attempts import appeal_attempt, record_attempt
from bot.storage.member_data import MemberDataReads, delete_member
from bot.storage.reads import Reads
from bot.storage.url import database_path, resolve_database_url
from bot.storage.writer import Writer

if TYPE_CHECKING:
    from bot.storage.apart import ApartSource

T = TypeVar("T")


class Database(MemberDataReads):
    def __init__(self, path: Path, writer: Writer, reads: Reads) -> None:
        """`path`: the SQLite file, or on PostgreSQL the pool that runs apart reads (`ApartReads` takes either)."""
        super().__init__(reads._conn, path)
        self.writer = writer

    @classmethod
    async def open(cls, url: str | None = None, *, max_page_count: int | None = None) -> Database:  # type: ignore[override]
        """Open (creating it and its folder if needed) and migrate; `StorageError` if it can't be used."""
        resolved = resolve_database_url(url)
        if parse_database_url(resolved).backend == "postgresql":
            return await cls._open_postgres(resolved)
        path = database_path(resolved)
        writer = await Writer.open(path, max_page_count=max_page_count)
        try:
            reads = await Reads.open(path)
        except StorageError:
            await writer.close()
            raise
        return cls(path, writer, reads)

    @classmethod
    async def _open_postgres(cls, url: str) -> Database:
        from bot.storage.postgres.errors import storage_error as postgres_error
        from bot.storage.postgres.opening import open_postgres

        opened = await open_postgres(url)
        shown = opened.shown_name
        writer = Writer(cast(Path, shown), cast(sqlite3.Connection, opened.writing),
                        describe_failure=lambda error: postgres_error(error.__cause__ or error, shown))
        source: ApartSource = opened.reads
        reads = Reads(cast(aiosqlite.Connection, opened.reads), cast(Path, source))
        return cls(cast(Path, source), writer, reads)

    async def write(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run `job` in the next group commit; returns once it is committed."""
        return await self.writer.run(job)

    async def close(self) -> None:
        # The writer closes last: the last connection checkpoints the WAL and removes it (the read
        # connection is query-only and can't).
        await super().close()
        await self.writer.close()

    # --- the writes the services make ------------------------------------------------------------
    async def record_attempt(self, attempt: NewAttempt) -> StoredAttempt:
        return await self.write(lambda conn: record_attempt(conn, attempt))

    async def appeal(self, user_id: int, attempt_id: int, credited_points: int, guild_id: int | None,
                     now: datetime) -> AppealResult:
        return await self.write(lambda conn: appeal_attempt(conn, user_id, attempt_id, credited_points, guild_id,
                                                            to_ms(now)))

    async def mark_served(self, user_id: int, scope: str, deck_guild: int, deck_id: str, card_id: str,
                          served_at: datetime, new_round: bool) -> None:
        await self.write(lambda conn: settings_store.mark_served(
            conn, user_id, scope, deck_guild, deck_id, card_id, to_ms(served_at), new_round))

    async def set_member_timezone(self, user_id: int, timezone: str | None) -> None:
        await self.write(lambda conn: settings_store.set_member_timezone(conn, user_id, timezone))

    async def set_guild_settings(self, guild_id: int, timezone: str, day_start_hour: int) -> None:
        await self.write(lambda conn: settings_store.set_guild_settings(conn, guild_id, timezone, day_start_hour))

    async def set_opt_out(self, user_id: int, opted_out: bool) -> None:
        await self.write(lambda conn: settings_store.set_opt_out(conn, user_id, opted_out))

    async def delete_member(self, user_id: int) -> Deletion:
        """Everything about the member, in one transaction."""
        return await self.write(lambda conn: delete_member(conn, user_id))
