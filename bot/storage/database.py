"""The database as the services see it: one group-committing writer plus a read connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bot.storage.reads import Reads
from bot.storage.url import database_path, resolve_database_url
from bot.storage.writer import Writer

T = TypeVar("T")


class Database:
    def __init__(self, path: Path, writer: Writer, reads: Reads) -> None:
        self.path = path
        self.writer = writer
        self.reads = reads

    @classmethod
    async def open(cls, url: str | None = None, *, max_page_count: int | None = None) -> Database:
        """Open (creating it and its folder if needed) and migrate; `StorageError` if it can't be used."""
        path = database_path(resolve_database_url(url))
        writer = await Writer.open(path, max_page_count=max_page_count)
        try:
            reads = await Reads.open(path)
        except BaseException:
            await writer.close()
            raise
        return cls(path, writer, reads)

    async def write(self, job: Callable[[sqlite3.Connection], T]) -> T:
        return await self.writer.run(job)

    async def close(self) -> None:
        # The writer closes last: the last connection checkpoints the WAL and removes it (the read
        # connection is query-only and can't).
        await self.reads.close()
        await self.writer.close()
