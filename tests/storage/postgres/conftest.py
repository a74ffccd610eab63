"""Fixtures for the PostgreSQL backend's tests: one throwaway server per session, one new database per test.

Without PostgreSQL the tests skip, saying how to run them (tests/postgres_server.py); CI refuses that
skip (`.ci/allowed-skips.txt` allows none), so on CI they always run.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from tests.postgres_server import Server, ThrowawayServer, Unavailable, server_from_environment


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The server of `RECALL_TEST_POSTGRES_URL`, else a throwaway one started for this session."""
    try:
        given = server_from_environment()
    except Unavailable as reason:
        pytest.skip(str(reason))
    if given is not None:
        yield given
        return
    throwaway = ThrowawayServer()
    try:
        server = throwaway.start()
    except Unavailable as reason:
        pytest.skip(str(reason))
    try:
        yield server
    finally:
        throwaway.stop()


@pytest.fixture
async def postgres_url(postgres_server: Server) -> AsyncIterator[str]:
    """The URL of a new, empty database, dropped after the test (tests never see each other's tables)."""
    name = f"recall_test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(postgres_server.admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield postgres_server.url(name)
    finally:
        admin = await asyncpg.connect(postgres_server.admin_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
