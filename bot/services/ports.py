"""What the services need from storage, as a typed port (a PostgreSQL backend would implement it too)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Protocol, TypeVar

from bot.storage.reads import Reads

T = TypeVar("T")


class Store(Protocol):
    reads: Reads

    async def write(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run a storage write job in the next group commit; returns after COMMIT."""
        ...

    async def close(self) -> None: ...
