"""Real processes that hold a database: a writer under load and a bot-like lock holder."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LOCK_HOLDER = textwrap.dedent(
    """
    import sys
    from bot.ops.instance_lock import InstanceLock
    lock = InstanceLock(sys.argv[1]).acquire()
    print("locked", flush=True)
    sys.stdin.read()  # hold until the test closes our stdin (or kills us)
    """
)


def add_recall_schema(connection: sqlite3.Connection, version: int | None = None) -> None:
    """Recall's tables as migrations 1..version (default: all) create them, and that schema version."""
    from bot.storage.sqlite import LATEST_VERSION, migrations, split_statements

    version = LATEST_VERSION if version is None else version
    for number, _name, sql in migrations():
        if number <= version:
            for statement in split_statements(sql):
                connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {version}")


def python(code: str, *args: str, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", code, *args], cwd=ROOT, text=True, **popen
    )


@pytest.fixture
def lock_holder() -> Iterator[object]:
    """Start a process that takes the instance lock on a database, as the bot does at start."""
    started: list[subprocess.Popen[str]] = []

    def start(db_path: Path) -> subprocess.Popen[str]:
        process = python(LOCK_HOLDER, str(db_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert process.stdout is not None and process.stdout.readline().strip() == "locked"
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
