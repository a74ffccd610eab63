"""What `doctor` asks of a PostgreSQL server: does it answer in time, and which Recall schema does it hold."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg

from bot.storage.postgres.migrate import latest_version, schema_version


@dataclass(frozen=True)
class Probe:
    server_version: str  # e.g. "15.18"
    schema_version: int  # the highest Recall migration applied (0: never migrated)
    latest: int  # the newest this Recall knows


async def probe(dsn: str, timeout_s: float) -> Probe:
    """Connect (within `timeout_s` for the whole probe) and read; only reads, so safe beside running bots.

    Raises asyncpg's errors, OSError or TimeoutError: the caller words them."""
    async def read() -> Probe:
        conn = await asyncpg.connect(dsn, timeout=timeout_s)
        try:
            server = str(await conn.fetchval("SHOW server_version")).split(" ")[0]  # i18n: not shown (SQL)
            return Probe(server, await schema_version(conn), latest_version())
        finally:
            await conn.close(timeout=timeout_s)

    return await asyncio.wait_for(read(), timeout_s)
