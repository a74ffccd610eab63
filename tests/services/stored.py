"""The stored rows behind the services, read or changed on either backend by a test's own SQL (SQLite's
spelling: on PostgreSQL it runs through the same facade as the stores' SQL).

Synchronous, like the `sqlite3.connect` it replaces: on PostgreSQL the database is opened on a private event
loop in a helper thread, so the test's own loop (and the services on it) is never re-entered.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bot.storage.database import Database
from bot.storage.url import database_path

T = TypeVar("T")


def _on_postgres(url: str, job: Callable[[Any], T]) -> T:
    async def run() -> T:
        db = await Database.open(url)
        try:
            return await db.write(job)
        finally:
            await db.close()

    with ThreadPoolExecutor(1) as helper:
        return helper.submit(asyncio.run, run()).result()


def with_connection(url: str, job: Callable[[Any], T]) -> T:
    """`job(conn)` in one committed transaction: `conn` is an `sqlite3.Connection`, or on PostgreSQL the facade
    that offers the same methods."""
    if url.startswith("sqlite"):
        with sqlite3.connect(database_path(url)) as conn:
            return job(conn)
    return _on_postgres(url, job)


def run_sql(url: str, *statements: tuple[str, Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Run (sql, params) statements in one committed transaction; the last one's rows."""
    def job(conn: Any) -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        for sql, params in statements:
            found = [tuple(row) for row in conn.execute(sql, tuple(params)).fetchall()]
        return found
    return with_connection(url, job)


def rows(url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Every row `sql` reads, as tuples."""
    return run_sql(url, (sql, params))


def one(url: str, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    found = rows(url, sql, params)
    return found[0] if found else None
