"""Bringing a PostgreSQL database to the latest schema, once, however many processes start together.

The migrations are `migrations/NNN_name.sql` beside this module, numbered 001, 002, ... without a gap,
kept equal to SQLite's by tests/storage/postgres/test_schema_parity.py. `recall_schema_version` records
each one applied. Migrating runs in one transaction that first takes a transaction-level advisory lock
(`pg_advisory_xact_lock`): a second process starting at the same moment waits on the lock, then finds
every migration applied and does nothing. A migration that fails rolls the whole transaction back.
"""

from __future__ import annotations

from functools import cache

import asyncpg

from bot.core.errors import DatabaseTooNew
from bot.core.messages import N_
from bot.storage.sqlite import numbered_migrations

# Any fixed 64-bit number, the same in every Recall process: the advisory lock that serialises migrating.
MIGRATION_LOCK_KEY = 0x5245_4341_4C4C_0001  # "RECALL" + 1
VERSION_TABLE = "recall_schema_version"


@cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """(number, file name, SQL) of every migration, in order; a gap in the numbers is a packaging error."""
    return tuple(numbered_migrations("bot.storage.postgres"))


def latest_version() -> int:
    return len(migrations())


async def schema_version(conn: asyncpg.Connection) -> int:
    """The highest migration applied (0 for a database Recall never migrated)."""
    exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", VERSION_TABLE)
    if not exists:
        return 0
    return int(await conn.fetchval(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}"))


async def migrate(conn: asyncpg.Connection, shown_name: str = "PostgreSQL") -> int:
    """Apply the missing migrations; returns the version the database is at.

    `DatabaseTooNew` when the database was migrated by a newer Recall (it would misread its tables);
    `shown_name` names the database in that message (never the URL: it may hold a password)."""
    latest = latest_version()
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
                                   version     INTEGER PRIMARY KEY,
                                   name        TEXT NOT NULL,
                                   applied_at  TIMESTAMPTZ NOT NULL DEFAULT now())""")
        version = await schema_version(conn)
        if version > latest:
            raise DatabaseTooNew(
                N_("The database {path} was written by a newer version of Recall (schema {version}; this "
                   "version knows up to {latest}). Upgrade Recall, or restore an older backup."),
                path=shown_name, version=str(version), latest=str(latest),
            )
        for number, name, sql in migrations()[version:]:
            await conn.execute(sql)  # no arguments: the simple protocol, so a file may hold many statements
            await conn.execute(f"INSERT INTO {VERSION_TABLE} (version, name) VALUES ($1, $2)", number, name)
        return max(version, latest)
