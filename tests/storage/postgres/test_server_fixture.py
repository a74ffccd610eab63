"""The throwaway server answers, on 127.0.0.1, as PostgreSQL 15 or newer, with a fresh database per test."""

from __future__ import annotations

import asyncpg


async def test_a_fresh_database_is_empty_and_served_by_postgresql_15_or_newer(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        version = await conn.fetchval("SHOW server_version_num")
        tables = await conn.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    finally:
        await conn.close()
    assert int(version) >= 150000
    assert tables == []
