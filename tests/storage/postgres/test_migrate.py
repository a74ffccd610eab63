"""The PostgreSQL migration runner: once per database, however often and however many processes run it."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.core.errors import DatabaseTooNew
from bot.storage.postgres.migrate import VERSION_TABLE, latest_version, migrate, migrations, schema_version


async def applied(url: str) -> list[tuple[int, str]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(f"SELECT version, name FROM {VERSION_TABLE} ORDER BY version")
        return [(row["version"], row["name"]) for row in rows]
    finally:
        await conn.close()


def every_migration() -> list[tuple[int, str]]:
    return [(number, name) for number, name, _ in migrations()]


async def test_migrating_twice_applies_each_migration_once(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        assert await schema_version(conn) == 0
        assert await migrate(conn) == latest_version()
        await conn.execute("INSERT INTO members (user_id) VALUES (1)")
        assert await migrate(conn) == latest_version()  # nothing to do: no error, the data stays
        assert await schema_version(conn) == latest_version()
        assert await conn.fetchval("SELECT count(*) FROM members") == 1
    finally:
        await conn.close()
    assert await applied(postgres_url) == every_migration()


async def test_two_processes_starting_together_migrate_once(postgres_url: str) -> None:
    # Separate connections are separate server sessions, as two bot processes are: the advisory lock
    # makes the second wait, then find nothing to do (without it, one CREATE TABLE would fail).
    conns = [await asyncpg.connect(postgres_url) for _ in range(4)]
    try:
        versions = await asyncio.gather(*(migrate(conn) for conn in conns))
    finally:
        for conn in conns:
            await conn.close()
    assert versions == [latest_version()] * 4
    assert await applied(postgres_url) == every_migration()


async def test_a_database_migrated_by_a_newer_recall_is_refused(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        await migrate(conn)
        await conn.execute(f"INSERT INTO {VERSION_TABLE} (version, name) VALUES ($1, 'from_the_future.sql')",
                           latest_version() + 1)
        with pytest.raises(DatabaseTooNew, match=r"recall_test_\w+ was written by a newer version"):
            await migrate(conn, shown_name=postgres_url.rsplit("/", 1)[1])
    finally:
        await conn.close()


async def test_row_ids_triggers_and_claims_work_as_on_sqlite(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        await migrate(conn)
        await conn.execute("INSERT INTO members (user_id) VALUES ($1)", 2**62)  # a Discord id needs 64 bits
        insert = ("INSERT INTO attempts (user_id, deck_id, card_id, kind, level, source, question_key, correct, "
                  "points, answered_at) VALUES ($1, 'd', 'c', 'choice', 'easy', 'poll', $2, 1, 1, $3) RETURNING id")
        first = await conn.fetchval(insert, 2**62, "q1", 1_700_000_000_000)
        second = await conn.fetchval(insert, 2**62, None, 1_700_000_000_001)
        assert (first, second) == (1, 2)
        with pytest.raises(asyncpg.UniqueViolationError):  # the exactly-once rule of an attempt key
            await conn.fetchval(insert, 2**62, "q1", 1_700_000_000_002)
        await conn.execute("INSERT INTO guild_decks (guild_id, deck_id, source_text, uploaded_at) VALUES (5, 'd', '', 0)")
        await conn.execute("INSERT INTO deck_study (guild_id, deck_guild, deck_id, updated_at) VALUES (5, 5, 'd', 0)")
        await conn.execute("INSERT INTO period_scores (guild_id, period, starts, user_id) VALUES (5, 'all', 0, 1)")
        await conn.execute("DELETE FROM guild_decks WHERE guild_id = 5")
        assert await conn.fetchval("SELECT count(*) FROM deck_study") == 0  # the trigger followed the upload
    finally:
        await conn.close()
