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
from typing import TypeVar

from bot.storage.sqlite import BUSY_TIMEOUT_MS, storage_error

T = TypeVar("T")


class ApartReads:
    def __init__(self, path: Path, at_once: int) -> None:
        self.path = path
        self._slots = asyncio.Semaphore(at_once)

    async def run(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """`read(conn)` in a worker thread, in one read transaction; SQLite failures become `StorageError`s."""
        async with self._slots:
            return await asyncio.to_thread(self._run_now, read)

    def _run_now(self, read: Callable[[sqlite3.Connection], T]) -> T:
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
