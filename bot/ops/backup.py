"""Consistent copies of the live database (`bot.ops.restore` puts one back).

`backup` uses SQLite's online backup API from a read transaction held open for the whole copy, so the
copy is one snapshot. In WAL mode (the bot's mode) readers never block writers, so the bot keeps
writing while the copy runs in small steps. In rollback-journal mode a held read would block writers
for the whole copy, so the copy first runs without it (each step takes the lock briefly); if writers
keep changing the file (SQLite then restarts the copy) it falls back to a held snapshot.

Every copy is checked with `PRAGMA integrity_check`, switched to a self-contained single file
(journal_mode=DELETE), and renamed into place only when complete: a crash never leaves a half copy
under the final name.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.core.messages import N_, english

SQLITE_MAGIC = b"SQLite format 3\x00"
PAGES_PER_STEP = 256
MAX_RESTARTS = 3
_SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why and what to do.

    Like a `RecallError`, it keeps its English `template` (marked `N_`) and `params`: `str(error)` is the
    English text (for the log), the terminal shows it in its language (`bot.terminal.wording.error_text`)."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(english(message, params))
        self.template = message
        self.params = params


class _TooManyRestarts(Exception):
    pass


def backup_filename(db_path: Path, now: datetime) -> str:
    """`recall.db` at 2026-11-27 22:00:05 UTC -> `recall-20261127T220005Z.db` (sorts by time)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{db_path.stem}-{stamp}{db_path.suffix or '.db'}"


def backup(
    db_path: Path | str,
    dest: Path | str | None = None,
    *,
    now: datetime | None = None,
    pages_per_step: int = PAGES_PER_STEP,
) -> Path:
    """Copy the database at `db_path` to `dest` and return the copy's path.

    `dest` may be a file, an existing folder (a timestamped file goes inside), or None (a timestamped
    file in `backups/` beside the database). Never overwrites the database itself.
    """
    db_path = Path(db_path)
    _require_sqlite_file(db_path, "database")
    when = now or datetime.now(UTC)
    if dest is None:
        target = db_path.parent / "backups" / backup_filename(db_path, when)
    else:
        target = Path(dest)
        if target.is_dir():
            target = target / backup_filename(db_path, when)
    if target.exists() and target.resolve() == db_path.resolve():
        raise BackupError(N_("{target} is the database itself; choose another destination"), target=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _require_free_space(target.parent, _size_with_wal(db_path))
    temporary = target.with_name(f".{target.name}.partial-{os.getpid()}")
    _remove_with_side_files(temporary)
    try:
        source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
        try:
            _copy(source, temporary, pages_per_step)
        finally:
            source.close()
        _finish_copy(temporary)
        os.chmod(temporary, 0o600)  # a backup holds members' answers: owner only
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except sqlite3.Error as error:
        raise BackupError(N_("backup of {database} failed: {reason}"), database=db_path, reason=error) from error
    finally:
        _remove_with_side_files(temporary)
    return target


def backup_folder(db_path: Path | str, setting: Path | str) -> Path:
    """RECALL_BACKUP_DIR: an absolute folder, or one relative to the database's folder.

    So `backups` means /data/backups in Docker and ./data/backups on a laptop, from one `.env`.
    """
    return Path(db_path).parent / Path(setting)


def backup_rotating(db_path: Path | str, folder: Path | str, keep: int, now: datetime) -> Path:
    """The daily automatic backup: a timestamped copy in `folder`, keeping the newest `keep` copies.

    A relative `folder` is relative to the database's folder. Only files named like this database's
    backups are ever deleted.
    """
    if keep < 1:
        raise BackupError(N_("RECALL_BACKUP_KEEP must be at least 1, got {keep}"), keep=str(keep))
    db_path = Path(db_path)
    folder = backup_folder(db_path, folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = backup(db_path, folder / backup_filename(db_path, now), now=now)
    for old in backups_in(folder, db_path)[:-keep]:
        old.unlink(missing_ok=True)
    return made


def backups_in(folder: Path, db_path: Path) -> list[Path]:
    """This database's timestamped backups in `folder`, oldest first."""
    pattern = re.compile(
        rf"{re.escape(db_path.stem)}-\d{{8}}T\d{{6}}Z{re.escape(db_path.suffix or '.db')}"
    )
    return sorted(p for p in folder.iterdir() if p.is_file() and pattern.fullmatch(p.name))


def _copy(source: sqlite3.Connection, target_path: Path, pages_per_step: int) -> None:
    target = sqlite3.connect(target_path)
    try:
        wal = source.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        if not wal:
            try:
                source.backup(target, pages=pages_per_step, progress=_restart_guard(), sleep=0.01)
                return
            except _TooManyRestarts:
                pass  # writers keep changing the file: take a snapshot and hold it instead
        source.execute("BEGIN")
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the read snapshot
            source.backup(target, pages=pages_per_step, sleep=0.01)
        finally:
            source.rollback()
    finally:
        target.close()


def _restart_guard() -> Callable[[int, int, int], None]:
    last_remaining: list[int] = []
    restarts = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal restarts
        if last_remaining and remaining > last_remaining[0]:
            restarts += 1
            if restarts > MAX_RESTARTS:
                raise _TooManyRestarts
        last_remaining[:] = [remaining]

    return progress


def _finish_copy(path: Path) -> None:
    """Verify the copy and make it one self-contained file."""
    check = sqlite3.connect(path)
    try:
        problems = [row[0] for row in check.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(N_("the copy failed its integrity check: {problems}"), problems="; ".join(problems[:5]))
        check.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        check.close()


def _size_with_wal(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _require_free_space(folder: Path, needed: int) -> None:
    """Refuse up front rather than fail half-way with a full disk (10% and 1 MiB of headroom)."""
    free = shutil.disk_usage(folder).free
    if free < needed * 1.1 + 2**20:
        raise BackupError(
            N_("not enough free space in {folder}: {free} MiB free, about {needed} MiB needed. "
               "Free some space or choose another destination."),
            folder=folder, free=str(free // 2**20), needed=str(needed // 2**20 + 1),
        )


def _require_sqlite_file(path: Path, role: str) -> None:
    """`role` is "database" (the live one) or "backup"."""
    if not path.is_file():
        missing = N_("database {path} does not exist or is not a file") if role == "database" else N_(
            "backup {path} does not exist or is not a file")
        raise BackupError(missing, path=path)
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        foreign = (N_("database {path} is not a SQLite database (its first bytes are not 'SQLite format 3')")
                   if role == "database" else
                   N_("backup {path} is not a SQLite database (its first bytes are not 'SQLite format 3')"))
        raise BackupError(foreign, path=path)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
