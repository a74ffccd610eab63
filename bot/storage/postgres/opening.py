"""Opening a PostgreSQL database for the bot: migrate, learn the schema, start the write connection and the pool.

The write connection lives on a private event loop driven by the writer thread (`PrivateLoop`): the
group-committing `Writer` runs the stores' jobs on it through `PostgresConnection` exactly as on SQLite.
The reads get a pool on the bot's own loop (`PooledReads`). Failing to reach the server, or a database
migrated by a newer Recall, is a `StorageError` naming the database without its password.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import asyncpg

from bot.database_url import parse_database_url, without_password
from bot.storage.postgres.connection import PostgresConnection, PrivateLoop
from bot.storage.postgres.errors import storage_error
from bot.storage.postgres.migrate import migrate
from bot.storage.postgres.pool import PooledReads
from bot.storage.postgres.sql import Dialect, Schema

READ_POOL_SIZE = 8  # concurrent reads of one process; the server's default max_connections is 100
CONNECT_TIMEOUT_S = 10

_KEYS = """
SELECT t.relname, a.attname FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
 WHERE i.indisprimary AND n.nspname = current_schema()
 ORDER BY t.relname, array_position(i.indkey::int2[], a.attnum)"""  # i18n: not shown (SQL)
_COLUMNS = """
SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns
 WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"""  # i18n: not shown (SQL)


async def read_schema(conn: Any) -> Schema:
    """Primary keys, columns and nullable column names of every table (what `Dialect` rewrites need)."""
    keys: dict[str, tuple[str, ...]] = {}
    for table, column in await conn.fetch(_KEYS):
        keys[table] = (*keys.get(table, ()), column)
    columns: dict[str, tuple[str, ...]] = {}
    nullable = set()
    for table, column, may_be_null in await conn.fetch(_COLUMNS):
        columns[table] = (*columns.get(table, ()), column)
        if may_be_null:
            nullable.add(column)
    return Schema(keys, columns, frozenset(nullable))


@dataclass
class OpenedPostgres:
    shown_name: str
    writing: PostgresConnection  # for the writer thread only
    reads: PooledReads


def _open_write_connection(dsn: str, shown_name: str) -> tuple[PostgresConnection, Dialect]:
    """In a worker thread: connect on a private loop, migrate, read the schema."""
    private = PrivateLoop()
    try:
        conn = private.run(asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_S))
    except BaseException:
        private.close()
        raise
    try:
        private.run(migrate(conn, shown_name))
        dialect = Dialect(private.run(read_schema(conn)))
    except BaseException:
        private.run(conn.close())
        private.close()
        raise
    writing = PostgresConnection(conn, private.run, dialect, shown_name=shown_name, on_close=private.close,
                                 reconnect=lambda: asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_S))
    return writing, dialect


async def open_postgres(url: str, *, pool_size: int = READ_POOL_SIZE) -> OpenedPostgres:
    """Migrate the database `url` names and open its write connection and read pool."""
    parsed = parse_database_url(url)
    assert parsed.dsn is not None
    shown_name = without_password(url)
    try:
        writing, dialect = await asyncio.to_thread(_open_write_connection, parsed.dsn, shown_name)
    except (TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
        raise storage_error(error, shown_name) from error
    try:
        pool = await asyncpg.create_pool(parsed.dsn, min_size=1, max_size=pool_size, timeout=CONNECT_TIMEOUT_S)
    except (TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
        await asyncio.to_thread(writing.close)
        raise storage_error(error, shown_name) from error
    return OpenedPostgres(shown_name, writing, PooledReads(pool, dialect, shown_name))
