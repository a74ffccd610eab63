"""Opening the SQLite file: pragmas, migrations, and turning SQLite failures into user-safe errors."""

from __future__ import annotations

import sqlite3
import time
from functools import cache
from importlib import resources
from pathlib import Path

from bot.core.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    StorageError,
)
from bot.core.messages import N_

BUSY_TIMEOUT_MS = 5000


def numbered_migrations(package: str) -> list[tuple[int, str, str]]:
    """(number, name, sql) of every `NNN_name.sql` in `package`'s `migrations` folder, in order: 001, 002, ...
    without a gap, so a database at version N has had exactly migrations 1..N (a missing file would let a
    later one skip it). PostgreSQL's twin set (`bot.storage.postgres`) is read by the same rule."""
    found = []
    for entry in resources.files(package).joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations of {package} must be numbered 001, 002, ... without gaps: {numbers}")
    return found


def migrations() -> list[tuple[int, str, str]]:
    return numbered_migrations("bot.storage")


LATEST_VERSION = len(migrations())


def split_statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit the surrounding transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise RuntimeError(f"unterminated SQL statement: {buffer[:80]!r}")
    return statements


@cache
def schema_tables(version: int) -> frozenset[str]:
    """The tables migrations 1..version create, found by running them on an empty in-memory database."""
    connection = sqlite3.connect(":memory:")
    try:
        for number, _name, sql in migrations():
            if number <= version:
                for statement in split_statements(sql):
                    connection.execute(statement)
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        connection.close()
    return frozenset(name for (name,) in rows if not name.startswith("sqlite_"))


def storage_error(error: sqlite3.Error, path: Path) -> StorageError:
    """A user-safe error for a SQLite failure (the original stays chained for the log)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    text = str(error).lower()
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return DatabaseCorrupt(
            N_("The database file {path} is damaged or is not a Recall database. Restore it from a backup "
               "or move it aside to start a new one."), path=str(path)
        )
    if code == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(
            N_("The database file {path} (or its folder) is read-only. Give the bot write access to both."),
            path=str(path),
        )
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:  # i18n: not shown (SQLite's own error text)
        return DiskFull(N_("The disk holding {path} is full. Free some space and try again."), path=str(path))
    if code == sqlite3.SQLITE_IOERR:
        return DiskFull(
            N_("Writing to {path} failed (the disk may be full or failing). Free some space and try again."),
            path=str(path),
        )
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return DatabaseBusy(N_("The database is busy right now. Please try again in a moment."))
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return DatabaseReadOnly(
            N_("The database file {path} can't be opened: check that its folder exists and is writable."),
            path=str(path),
        )
    return StorageError(N_("The database {path} can't be used right now ({code})."), path=str(path), code=str(code))


def connect(path: Path, *, max_page_count: int | None = None) -> sqlite3.Connection:
    """A connection with WAL, foreign keys and a busy timeout, migrated to the latest schema.

    Raises a `StorageError` (never a raw sqlite3 error) for corrupt, read-only, full or newer databases.
    """
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseReadOnly(N_("The folder for the database ({folder}) can't be created: {reason}."),
                               folder=str(path.parent), reason=str(error.strerror)) from error
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if max_page_count is not None:  # tests simulate a full disk with this
            conn.execute(f"PRAGMA max_page_count = {int(max_page_count)}")
        mode = _switch_to_wal(conn)
        if str(mode).lower() != "wal":
            raise DatabaseReadOnly(
                N_("The database file {path} can't switch to WAL mode (is it or its folder read-only?)."),
                path=str(path),
            )
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, path)
        return conn
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise storage_error(error, path) from error
    except StorageError:
        if conn is not None:
            conn.close()
        raise


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """`PRAGMA journal_mode = WAL`, retried while another process holds the file.

    Changing the journal mode can answer SQLITE_BUSY at once, without the busy handler, when another
    connection holds a lock (two bots or a bot and a CLI opening a new file together), so it gets its own
    retries up to the same busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not (busy or "locked" in str(error).lower()) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Apply pending migrations in one transaction; refuse a database made by newer code.

    The transaction also proves the file is writable, so a read-only database fails here, at start.
    """
    conn.execute("BEGIN IMMEDIATE")  # i18n: not shown (SQL)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST_VERSION:
            raise DatabaseTooNew(
                N_("The database {path} was written by a newer version of Recall (schema {version}; this "
                   "version knows up to {latest}). Upgrade Recall, or restore an older backup."),
                path=str(path), version=str(version), latest=str(LATEST_VERSION),
            )
        for number, _name, sql in migrations():
            if number > version:
                for statement in split_statements(sql):
                    conn.execute(statement)
        # Written even when nothing was pending: a write at start catches read-only files early.
        conn.execute(f"PRAGMA user_version = {max(version, LATEST_VERSION)}")
        conn.execute("COMMIT")
        return max(version, LATEST_VERSION)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
