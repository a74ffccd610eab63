"""Fixtures for the PostgreSQL backend's tests: one new empty database per test (no schema), on the session's
throwaway server (`postgres_server`, from tests/backends.py through tests/storage/conftest.py).

Without PostgreSQL the tests skip, saying how to run them (tests/postgres_server.py); CI refuses that
skip (`.ci/allowed-skips.txt` allows none), so on CI they always run.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from tests.postgres_server import Server


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
