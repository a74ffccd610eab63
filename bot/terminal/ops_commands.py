"""`python -m bot backup [DEST]` and `python -m bot restore SRC`: the database file, safely.

These need no token: they read where the database is (`--database URL`, else RECALL_DATABASE_URL) and
RECALL_BACKUP_DIR through `bot.settings`, exactly as the bot reads them. Backup runs while the bot
runs; restore checks the backup first and refuses while a bot holds the database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.database_url import parse_database_url, without_password
from bot.i18n.voice import say
from bot.terminal.wording import error_text, fixed

DATABASE_HELP = (  # argparse's help, English like all of it
    "database URL: sqlite:///relative/path or sqlite:////absolute/path "  # i18n: not shown (argparse help)
    "(default: RECALL_DATABASE_URL, else sqlite:///data/recall.db)"
)


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
    backup.add_argument("--database", help=DATABASE_HELP)
    backup.set_defaults(handler=_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (stop the bot first)",
        description="Replace the database with a backup after checking it is a Recall database this version "
        "can run; the replaced file is kept as <db>.pre-restore-<UTC time> (the newest 5 are kept).",
    )
    restore.add_argument("src", type=Path, help="the backup file to restore")
    restore.add_argument("--database", help=DATABASE_HELP)
    restore.set_defaults(handler=_restore)


def _backup(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, backup, backup_folder
    from bot.settings import SettingsError, load_storage_settings, refuse

    try:
        settings = load_storage_settings(args.database)
    except SettingsError as error:
        return refuse(error)
    if _on_postgresql(settings.database_url):
        return _refuse_postgresql(say("backup copies a SQLite file, and {url} is a PostgreSQL server: back it up with "
                                      "pg_dump (for example `pg_dump --format=custom --file=recall.dump URL`)",
                                      url=without_password(settings.database_url)))
    db_path = settings.database_path
    try:
        dest = args.dest
        if dest is None and settings.backup_dir is not None:
            dest = backup_folder(db_path, settings.backup_dir)
            dest.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        copy = backup(db_path, dest)
    except (BackupError, OSError) as error:
        print(say("✗ backup failed: {reason}", reason=error_text(error)), file=sys.stderr)
        return 1
    elapsed_ms = (time.perf_counter() - started) * 1000
    size_kib = copy.stat().st_size / 1024
    print(say("✓ backup of {database} written to {copy} ({size} KiB, verified, {elapsed} ms)", database=db_path,
              copy=copy, size=fixed(size_kib, 0), elapsed=fixed(elapsed_ms, 0)))
    return 0


def _on_postgresql(url: str) -> bool:
    return parse_database_url(url).backend == "postgresql"


def _refuse_postgresql(line: str) -> int:
    """One line and exit code 2, like every refused setting: on PostgreSQL the server's own tools back up."""
    print(f"recall: {line}", file=sys.stderr)
    return 2


def _restore(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError
    from bot.ops.restore import restore
    from bot.settings import SettingsError, load_storage_settings, refuse

    try:
        settings = load_storage_settings(args.database)
    except SettingsError as error:
        return refuse(error)
    if _on_postgresql(settings.database_url):
        return _refuse_postgresql(say("restore replaces a SQLite file, and {url} is a PostgreSQL server: restore a "
                                      "pg_dump backup with pg_restore (for example `pg_restore --clean --dbname=URL "
                                      "recall.dump`)", url=without_password(settings.database_url)))
    try:
        done = restore(args.src, settings.database_path)
    except (BackupError, OSError) as error:
        print(say("✗ restore failed: {reason}", reason=error_text(error)), file=sys.stderr)
        return 1
    print(say("✓ restored {database} from {source} (schema version {version})", database=done.database,
              source=done.source, version=str(done.schema_version)))
    if done.previous is not None:
        print("  " + say("the database it replaced is kept as {previous}", previous=done.previous))
    else:
        print("  " + say("there was no database there before"))
    for old in done.dropped:
        print("  " + say("removed the oldest kept database {old} (the newest 5 are kept)", old=old))
    return 0
