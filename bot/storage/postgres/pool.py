"""The read side on PostgreSQL: a pool of connections behind the aiosqlite subset `Reads` uses, and apart reads.

`Reads` and `MemberDataReads` run `async with conn.execute(sql, params) as cursor: await cursor.fetchall()`;
`PooledReads` answers that by borrowing a pool connection per statement (concurrent commands read in
parallel, where SQLite's one read connection took them in turn). `read_apart` runs an `apart.py` read
function, which is synchronous, in a worker thread on one borrowed connection inside a REPEATABLE READ,
READ ONLY transaction: one snapshot for the whole read, as SQLite's read transaction gives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import asyncpg

from bot.storage.postgres.connection import PostgresConnection, on_loop, run_statement
from bot.storage.postgres.errors import map_error
from bot.storage.postgres.sql import Dialect

T = TypeVar("T")


class _Rows:
    """What `async with conn.execute(...) as cursor` gives `Reads`: the rows, already fetched."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    async def __aenter__(self) -> _Rows:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows

    async def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None


class _Pending:
    """`conn.execute(...)`: awaited or used with `async with`, like aiosqlite's."""

    def __init__(self, reads: PooledReads, sql: str, params: Sequence[Any] | Mapping[str, Any] | None) -> None:
        self._reads, self._sql, self._params = reads, sql, params
        self._rows: _Rows | None = None

    def __await__(self) -> Any:
        return self._fetch().__await__()

    async def _fetch(self) -> _Rows:
        if self._rows is None:
            self._rows = _Rows(await self._reads.fetch(self._sql, self._params))
        return self._rows

    async def __aenter__(self) -> _Rows:
        return await self._fetch()

    async def __aexit__(self, *exc: object) -> None:
        return None


class PooledReads:
    """The aiosqlite subset `Reads` uses, and apart reads, over one asyncpg pool."""

    def __init__(self, pool: asyncpg.Pool, dialect: Dialect, shown_name: str) -> None:
        self.pool = pool
        self.dialect = dialect
        self.shown_name = shown_name

    def __str__(self) -> str:  # the name `Reads` shows in its errors: never the password
        return self.shown_name

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = ()) -> _Pending:
        return _Pending(self, sql, params)

    async def fetch(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        rewritten = self.dialect.rewrite(sql)
        try:
            async with self.pool.acquire() as conn:
                rows, _status = await run_statement(conn, None, rewritten, params)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
            raise map_error(error, self.shown_name) from error
        return rows

    async def read_apart(self, read: Callable[[Any], T]) -> T:
        """`read(conn)` in a worker thread, on one pool connection, in one REPEATABLE READ READ ONLY snapshot."""
        loop = asyncio.get_running_loop()
        try:
            async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
                facade = PostgresConnection(conn, on_loop(loop), self.dialect, shown_name=self.shown_name)
                return await asyncio.to_thread(read, facade)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
            raise map_error(error, self.shown_name) from error

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.pool.close(), timeout=10)
        except (TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            self.pool.terminate()
