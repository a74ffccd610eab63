"""PostgreSQL's schema equals SQLite's after all migrations, so a SQLite migration without its twin fails here.

A new SQLite migration (bot/storage/migrations/NNN_*.sql) needs a PostgreSQL one
(bot/storage/postgres/migrations/NNN_*.sql, numbered on its own) that makes the same change; each line of a
failure names the table, column, index or trigger that differs.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.storage.postgres.migrate import VERSION_TABLE, migrate
from bot.storage.sqlite import connect
from tests.storage.postgres.schema_shapes import Column, Schema, differences, postgres_schema, sqlite_schema


@pytest.fixture
def sqlite_conn(tmp_path: Path):
    conn = connect(tmp_path / "recall.db")  # the real opening path: every migration, in order
    yield conn
    conn.close()


async def migrated_postgres_schema(url: str) -> Schema:
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        return await postgres_schema(conn, ignore=frozenset({VERSION_TABLE}))
    finally:
        await conn.close()


async def test_postgresql_schema_equals_sqlite_schema_after_all_migrations(
        postgres_url: str, sqlite_conn: sqlite3.Connection) -> None:
    lite = sqlite_schema(sqlite_conn)
    pg = await migrated_postgres_schema(postgres_url)
    found = differences(lite, pg)
    assert not found, "PostgreSQL's schema differs from SQLite's (add the PostgreSQL twin of the SQLite migration):\n" \
        + "\n".join(found)
    # The comparison saw the whole schema, not an empty one.
    assert len(lite.tables) >= 30 and "attempts" in pg.tables
    assert "attempts_once_per_question" in pg.tables["attempts"].indexes
    assert len(pg.triggers) == 5


async def test_a_sqlite_migration_without_its_postgresql_twin_is_named(
        postgres_url: str, sqlite_conn: sqlite3.Connection) -> None:
    # As if SQLite migration 020 added a column, an index and a table that PostgreSQL lacks.
    sqlite_conn.execute("ALTER TABLE attempts ADD COLUMN hint_used INTEGER NOT NULL DEFAULT 0")
    sqlite_conn.execute("CREATE INDEX attempts_by_hint ON attempts (hint_used)")
    sqlite_conn.execute("CREATE TABLE hints (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    sqlite_conn.execute("DROP INDEX schedules_due")
    sqlite_conn.execute("CREATE INDEX schedules_due ON schedules (paused, next_check_at DESC)")
    found = differences(sqlite_schema(sqlite_conn), await migrated_postgres_schema(postgres_url))
    assert found == [
        "table hints: in SQLite, missing in PostgreSQL",
        "table attempts: column hint_used in SQLite, missing in PostgreSQL",
        "table attempts: index attempts_by_hint differs: SQLite Index(unique=False, columns=('hint_used',), "
        "partial=False) / PostgreSQL None",
        "table schedules: index schedules_due differs: SQLite Index(unique=False, columns=('paused', "
        "'next_check_at DESC'), partial=False) / PostgreSQL Index(unique=False, columns=('paused', "
        "'next_check_at'), partial=False)",
    ]


def test_nullability_types_and_defaults_are_compared() -> None:
    base = Column("x", "bigint", False, "0")
    for changed in (Column("x", "text", False, "0"), Column("x", "bigint", True, "0"),
                    Column("x", "bigint", False, "1")):
        lite, pg = Schema(), Schema()
        from tests.storage.postgres.schema_shapes import Table

        lite.tables["t"] = Table(columns=[base])
        pg.tables["t"] = Table(columns=[changed])
        assert differences(lite, pg) == [f"table t: column x differs: SQLite {base} / PostgreSQL {changed}"]
