"""The throwaway PostgreSQL server, for the terminal commands that work on PostgreSQL (migrate, doctor):
the session's server (tests/backends.py) and a new, empty database per test (never migrated: the command
under test does that)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import _admin, drop_postgres_database, postgres_server, run_apart  # noqa: F401
from tests.postgres_server import Server


@pytest.fixture
def empty_postgres_url(postgres_server: Server) -> Iterator[str]:  # noqa: F811 - the imported fixture
    """The URL of a new database with no tables, dropped after the test."""
    import uuid

    name = f"recall_test_{uuid.uuid4().hex[:16]}"
    run_apart(lambda: _admin(postgres_server, f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.url(name)
    finally:
        drop_postgres_database(postgres_server, name)


@pytest.fixture(scope="session")
def group_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A study group's SQLite database filled by the real services (tests/terminal/group_data.py); copy it
    before changing it."""
    from tests.terminal.group_data import fill

    path = tmp_path_factory.mktemp("group") / "recall.db"
    asyncio.run(fill(path))
    return path
