"""`python -m bot backup [DEST]` and `python -m bot restore SRC`: the database file, safely.

These need no token: they read only where the database is (`--database`, else RECALL_DATABASE_URL from
the environment or `.env`). Backup runs while the bot runs; restore refuses while a bot holds the file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DATABASE_HELP = "the SQLite file (default: from RECALL_DATABASE_URL, else data/recall.db)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="copy the live database (safe while the bot runs)",
        description="Make a verified, consistent copy of the database with SQLite's online backup API.",
    )
    backup.add_argument(
        "dest",
        nargs="?",
        type=Path,
        help="file or folder for the copy (default: RECALL_BACKUP_DIR, else backups/ beside the database; "
        "a relative RECALL_BACKUP_DIR is relative to the database's folder)",
    )
    backup.add_argument("--database", type=Path, help=DATABASE_HELP)
    backup.set_defaults(handler=_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (stop the bot first)",
        description="Replace the database with a verified backup; the previous file is kept as <db>.pre-restore.",
    )
    restore.add_argument("src", type=Path, help="the backup file to restore")
    restore.add_argument("--database", type=Path, help=DATABASE_HELP)
    restore.set_defaults(handler=_restore)


def _setting(name: str, env_file: Path = Path(".env")) -> str | None:
    """The environment wins over `.env`, as for the bot's own settings."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    try:
        lines = env_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, sep, raw = line.strip().removeprefix("export ").partition("=")
        if sep and key.strip() == name:
            text = raw.strip()
            if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
                text = text[1:-1]
            return text or None
    return None


def _database(args: argparse.Namespace) -> Path:
    from bot.ops.database_url import DEFAULT_DATABASE_URL, database_path_from_url

    if args.database is not None:
        return Path(args.database)
    return database_path_from_url(_setting("RECALL_DATABASE_URL") or DEFAULT_DATABASE_URL)


def _backup(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, backup, backup_folder
    from bot.ops.database_url import DatabaseUrlError

    try:
        db_path = _database(args)
        dest = args.dest
        if dest is None and (folder := _setting("RECALL_BACKUP_DIR")):
            dest = backup_folder(db_path, folder)
            dest.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        copy = backup(db_path, dest)
    except (BackupError, DatabaseUrlError, OSError) as error:
        print(f"✗ backup failed: {error}", file=sys.stderr)
        return 1
    elapsed_ms = (time.perf_counter() - started) * 1000
    size_kib = copy.stat().st_size / 1024
    print(f"✓ backup of {db_path} written to {copy} ({size_kib:.0f} KiB, verified, {elapsed_ms:.0f} ms)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, restore
    from bot.ops.database_url import DatabaseUrlError

    try:
        db_path = _database(args)
        restore(args.src, db_path)
    except (BackupError, DatabaseUrlError, OSError) as error:
        print(f"✗ restore failed: {error}", file=sys.stderr)
        return 1
    previous = db_path.with_name(db_path.name + ".pre-restore")
    kept = f"; the previous database is kept as {previous}" if previous.exists() else ""
    print(f"✓ restored {db_path} from {args.src}{kept}")
    return 0
