"""Large reads apart from the bot's shared read connection: each on a read-only connection of its own, in a
worker thread, at most a few at once.

`/deck report`, a `pick: review` post and the exam and review-load forecasts read up to millions of rows:
on the shared connection they would hold up every command's reads, and on the event loop everything. One
read transaction (`BEGIN`) makes each of them a consistent snapshot while answers keep being written.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bot.storage.sqlite import BUSY_TIMEOUT_MS, storage_error

T = TypeVar("T")


class ApartSource(Protocol):
    """A database other than a SQLite file that runs apart reads itself (PostgreSQL: bot/storage/postgres/pool.py,
    on a pool connection in a REPEATABLE READ, READ ONLY transaction)."""

    async def read_apart(self, read: Callable[[Any], T]) -> T: ...


class ApartReads:
    def __init__(self, path: Path | ApartSource, at_once: int) -> None:
        self.path = path
        self._slots = asyncio.Semaphore(at_once)

    async def run(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """`read(conn)` in a worker thread, in one read transaction; SQLite failures become `StorageError`s."""
        async with self._slots:
            if not isinstance(self.path, Path):
                return await self.path.read_apart(read)
            return await asyncio.to_thread(self._run_now, read)

    def _run_now(self, read: Callable[[sqlite3.Connection], T]) -> T:
        assert isinstance(self.path, Path)
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error as error:
            raise storage_error(error, self.path) from error
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("BEGIN")
            return read(conn)
        except sqlite3.Error as error:
            raise storage_error(error, self.path) from error
        finally:
            conn.close()
