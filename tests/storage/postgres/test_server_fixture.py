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


def test_without_server_programs_the_reason_says_how_to_run_the_tests(monkeypatch) -> None:
    import pytest

    from tests import postgres_server

    monkeypatch.setattr(postgres_server, "server_program", lambda name: None)
    with pytest.raises(postgres_server.Unavailable) as raised:
        postgres_server.ThrowawayServer().start()
    reason = str(raised.value)
    assert "initdb" in reason and "apt-get install postgresql-15" in reason
    assert postgres_server.URL_VARIABLE in reason


def test_a_malformed_test_url_is_refused_with_its_expected_form(monkeypatch) -> None:
    import pytest

    from tests import postgres_server

    monkeypatch.setenv(postgres_server.URL_VARIABLE, "mysql://somewhere/db")
    with pytest.raises(postgres_server.Unavailable, match=r"postgresql://user@host:port/db"):
        postgres_server.server_from_environment()
