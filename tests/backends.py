"""Every storage backend, as a fresh database URL per test: run a suite against SQLite and PostgreSQL alike.

How to use it: import the fixtures into the conftest.py of the folder whose tests should run on both
backends (pytest finds fixtures by name in a conftest, so import all of them: `backend_url` asks for the
others by name)::

    from tests.backends import *  # noqa: F403 - the backend fixtures (tests/backends.py)

then ask for `backend_url` instead of building `sqlite:///{tmp_path}/recall.db`::

    async def test_something(backend_url: str) -> None:
        services = await open_services(backend_url, decks)

Every test asking for it runs twice, `[sqlite]` and `[postgresql]`. The URL names a database nobody has
written to: for SQLite a file in `tmp_path` (not created yet), for PostgreSQL a new database on the
session's throwaway server (tests/postgres_server.py), copied from a template migrated once per session
(`CREATE DATABASE ... TEMPLATE`, a few ms) and dropped after the test. Opening it migrates as usual (there
is nothing left to do on PostgreSQL). A test about one backend only asks for `sqlite_url` or
`postgres_backend_url`. To seed or look at a database behind the bot's back, `await execute_on(url, sql, params)`
(SQLite's spelling, `?` parameters; a broken constraint raises `sqlite3.IntegrityError` on both). Without PostgreSQL on the machine the `[postgresql]` cases skip saying how to run
them (CI refuses that skip). `RECALL_TEST_BACKENDS=sqlite` runs only SQLite's cases (a quick local run).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.postgres_server import Server, ThrowawayServer, Unavailable, server_from_environment

__all__ = [
    "backend_name",
    "backend_url",
    "execute_on",
    "postgres_backend_url",
    "postgres_server",
    "postgres_template",
    "sqlite_url",
]
T = TypeVar("T")
BACKEND_NAMES = ("sqlite", "postgresql")
ONLY_VARIABLE = "RECALL_TEST_BACKENDS"  # comma-separated subset of BACKEND_NAMES; unset: all


def chosen_backends() -> tuple[str, ...]:
    named = [name.strip() for name in os.environ.get(ONLY_VARIABLE, "").split(",") if name.strip()]
    return tuple(name for name in BACKEND_NAMES if not named or name in named)


def run_apart(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on a private event loop (sync fixtures; never touches the test's own loop)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(make())
    finally:
        loop.close()


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


async def _admin(server: Server, statement: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(server.admin_url)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: Server) -> Iterator[str]:
    """The name of a database migrated to the latest schema once per session, to copy per test."""
    name = f"recall_template_{uuid.uuid4().hex[:12]}"

    async def make() -> None:
        import asyncpg

        from bot.storage.postgres.migrate import migrate

        await _admin(postgres_server, f'CREATE DATABASE "{name}"')
        conn = await asyncpg.connect(postgres_server.url(name))
        try:
            await migrate(conn)
        finally:
            await conn.close()

    run_apart(make)
    try:
        yield name
    finally:
        run_apart(lambda: _admin(postgres_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def new_postgres_database(server: Server, template: str) -> str:
    """A new database copied from `template`; returns its name (drop it with `drop_postgres_database`)."""
    name = f"recall_test_{uuid.uuid4().hex[:16]}"
    run_apart(lambda: _admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return name


def drop_postgres_database(server: Server, name: str) -> None:
    run_apart(lambda: _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def postgres_backend_url(postgres_server: Server, postgres_template: str) -> Iterator[str]:
    """A fresh migrated PostgreSQL database for this test only, dropped after it."""
    name = new_postgres_database(postgres_server, postgres_template)
    try:
        yield postgres_server.url(name)
    finally:
        drop_postgres_database(postgres_server, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/recall.db"


@pytest.fixture(params=chosen_backends())
def backend_url(request: Any, tmp_path: Path) -> str:
    """A fresh database URL of each backend in turn (`[sqlite]`, `[postgresql]`)."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_backend_url"))


@pytest.fixture
def backend_name(backend_url: str) -> str:
    """"sqlite" or "postgresql": the backend `backend_url` names (for the few checks that differ)."""
    return "sqlite" if backend_url.startswith("sqlite") else "postgresql"


async def execute_on(url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """One statement on the database `url` names, outside the bot, committed at once; its rows."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return [tuple(row) for row in conn.execute(sql, tuple(params)).fetchall()]
    import asyncpg

    from bot.storage.postgres.errors import PostgresIntegrityError
    from bot.storage.postgres.sql import Dialect, Schema

    rewritten = Dialect(Schema()).rewrite(sql)
    arguments = rewritten.arguments(params)
    conn = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await conn.fetch(rewritten.render(arguments), *arguments)]
    except asyncpg.IntegrityConstraintViolationError as error:
        raise PostgresIntegrityError(str(error)) from error
    finally:
        await conn.close()
