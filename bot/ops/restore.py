"""`restore`: put a backup in place of the live database, in a way that can't destroy data.

Before anything on disk changes, the backup must prove it is a Recall database this version can run:
`PRAGMA integrity_check` passes, its schema version is one the migrations know (1 to the latest), and
it has every table those migrations create. A refused restore leaves the live database and its folder
exactly as they were.

The database it replaces is kept as `<db>.pre-restore-YYYYmmddTHHMMSSZ` (`-2`, `-3` on a collision);
the newest `PRE_RESTORE_KEEP` of them are kept. A restore is refused while a bot holds the instance
lock, which is taken on the database's real path, so any spelling of the path collides with it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.messages import N_
from bot.database_url import file_url
from bot.ops.backup import (
    _SIDE_FILES,
    PAGES_PER_STEP,
    BackupError,
    _copy,
    _finish_copy,
    _fsync,
    _fsync_folder,
    _remove_with_side_files,
    _require_free_space,
    _require_sqlite_file,
    _size_with_wal,
)
from bot.ops.instance_lock import InstanceLock, InstanceLocked

if TYPE_CHECKING:
    from bot.app.wiring import Backend

PRE_RESTORE_KEEP = 5


@dataclass(frozen=True)
class Restored:
    database: Path  # the file written (its real path)
    source: Path
    schema_version: int
    previous: Path | None  # where the database it replaced is kept; None if there was none
    dropped: tuple[Path, ...]  # older kept databases removed to keep PRE_RESTORE_KEEP


def restore(
    src: Path | str, db_path: Path | str, *, now: datetime | None = None, keep: int = PRE_RESTORE_KEEP
) -> Restored:
    """Replace the database at `db_path` with the backup `src`, if `src` is fit and no bot runs on it."""
    src = Path(src)
    live = Path(os.path.realpath(db_path))  # a symlinked database is replaced where it really is
    _require_sqlite_file(src, "backup")
    if live.exists() and src.resolve() == live:
        raise BackupError(N_("{source} is the database itself; nothing to restore"), source=src)
    version = verify_recall_database(src)
    live.parent.mkdir(parents=True, exist_ok=True)
    _require_free_space(live.parent, _size_with_wal(src))
    previous: Path | None = None
    with _lock_or_refuse(live):
        temporary = live.with_name(f".{live.name}.restore-{os.getpid()}")
        _remove_with_side_files(temporary)
        try:
            source = _open_read_only(src)
            try:
                _copy(source, temporary, PAGES_PER_STEP)
            finally:
                source.close()
            _finish_copy(temporary)
            verify_recall_database(temporary)  # the backup may have changed since it was checked
            os.chmod(temporary, live.stat().st_mode & 0o777 if live.exists() else 0o600)
            _fsync(temporary)
            if live.exists():
                _checkpoint(live)
                previous = _keep_previous(live, now or datetime.now(UTC))
            # A stale -wal beside the new file would be replayed into it: remove side files first.
            for suffix in _SIDE_FILES:
                Path(f"{live}{suffix}").unlink(missing_ok=True)
            os.replace(temporary, live)
            _fsync_folder(live.parent)
        except sqlite3.Error as error:
            raise BackupError(N_("{source} is not a usable SQLite database: {reason}"), source=src, reason=error) from error
        finally:
            _remove_with_side_files(temporary)
    dropped = tuple(pre_restore_files(live)[:-keep]) if keep > 0 else ()
    for old in dropped:
        old.unlink(missing_ok=True)
    return Restored(live, src, version, previous, dropped)


def verify_recall_database(path: Path) -> int:
    """The schema version of a Recall database this code can run, or `BackupError` saying why not."""
    latest = _backend(path).latest_version
    try:
        connection = _open_read_only(path)
        try:
            problems = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(N_("{path} is damaged or not a SQLite database ({reason}); nothing was changed"), path=path,
                          reason=error) from error
    if problems != ["ok"]:
        raise BackupError(N_("{path} is damaged: it fails SQLite's integrity check ({problems}); nothing was changed"),
                          path=path, problems="; ".join(problems[:3])[:300])
    if version > latest:
        raise BackupError(
            N_("{path} has schema version {version}, newer than this Recall knows ({latest}): upgrade Recall first, "
               "or restore a backup made by this version; nothing was changed"),
            path=path, version=str(version), latest=str(latest),
        )
    missing = sorted(_backend(path).schema_tables(version) - tables) if version >= 1 else []
    if version < 1 or missing:
        if missing:
            raise BackupError(N_("{path} is not a Recall database (tables missing: {tables}); nothing was changed"),
                              path=path, tables=", ".join(missing[:5]))
        raise BackupError(N_("{path} is not a Recall database (schema version {version}); nothing was changed"),
                          path=path, version=str(version))
    return version


def _backend(path: Path) -> Backend:
    """The schema facts of a database file (the newest version, each version's tables), from the wiring."""
    from bot.app.wiring import backend_for

    return backend_for(file_url(path))


def pre_restore_files(db_path: Path) -> list[Path]:
    """The databases earlier restores replaced, oldest first."""
    pattern = re.compile(rf"{re.escape(db_path.name)}\.pre-restore-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?")
    found = []
    for path in db_path.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found.append(((match[1], int(match[2] or 1)), path))
    return [path for _key, path in sorted(found)]


def _open_read_only(path: Path) -> sqlite3.Connection:
    # Without a -wal beside it the file is read as immutable: no lock, no -shm left behind.
    options = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True, timeout=30)


@contextlib.contextmanager
def _lock_or_refuse(db_path: Path) -> Iterator[None]:
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except InstanceLocked as error:
        raise BackupError(N_("refusing to restore: {reason}"), reason=error) from error
    try:
        yield
    finally:
        lock.release()


def _checkpoint(db_path: Path) -> None:
    """Fold the old database's WAL into it, so the kept previous copy is complete."""
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(db_path, timeout=5)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()


def _keep_previous(db_path: Path, now: datetime) -> Path:
    """Keep the live file under a new timestamped name (a hard link: the old file is never copied)."""
    stem = f"{db_path.name}.pre-restore-{now.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    previous, number = db_path.with_name(stem), 1
    while previous.exists():
        number += 1
        previous = db_path.with_name(f"{stem}-{number}")
    try:
        os.link(db_path, previous)
    except OSError:
        shutil.copy2(db_path, previous)
    return previous
