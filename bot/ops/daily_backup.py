"""The bot's daily automatic backup: a background task that copies the database once a day.

It runs the blocking copy in a worker thread (the event loop keeps answering members), logs one line
per backup, and survives failures (a full disk today must not stop tomorrow's copy). Clock and sleep
are arguments so tests drive a day in microseconds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.ops.backup import BackupError, backup_rotating

log = logging.getLogger("recall.ops.backup")
DEFAULT_TIME = time(4, 0)  # UTC: a quiet hour for most study groups in Europe and the Americas


def started_for(database_url: str, folder: Path) -> bool:
    """Whether the daily backup (RECALL_BACKUP_DIR is set: `folder`) runs for this database: only on a SQLite
    file. On PostgreSQL the server's own tools back up (pg_dump, or its WAL archiving), so it is off there,
    with a log line saying why (an operator who set RECALL_BACKUP_DIR expects copies to appear)."""
    from bot.database_url import parse_database_url

    if parse_database_url(database_url).backend != "sqlite":
        log.warning("daily backups are off: RECALL_BACKUP_DIR is set, but the database is on a PostgreSQL server, "
                    "which Recall can't copy file by file; back it up with pg_dump (or the server's WAL archiving)",
                    extra={"folder": str(folder)})
        return False
    return True


def next_run(now: datetime, at: time = DEFAULT_TIME) -> datetime:
    """The next `at` (UTC) strictly after `now`."""
    moment = now.astimezone(UTC)
    candidate = datetime.combine(moment.date(), at, tzinfo=UTC)
    return candidate if candidate > moment else candidate + timedelta(days=1)


async def daily_backups(
    db_path: Path,
    folder: Path,
    keep: int,
    *,
    at: time = DEFAULT_TIME,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    runs: int | None = None,
) -> None:
    """Back up at `at` UTC every day until cancelled (or after `runs` backups, for tests)."""
    done = 0
    while runs is None or done < runs:
        wait = (next_run(clock(), at) - clock()).total_seconds()
        await sleep(max(wait, 0.0))
        now = clock()
        try:
            copy = await asyncio.to_thread(backup_rotating, db_path, folder, keep, now)
        except (BackupError, OSError) as error:
            log.error("daily backup failed: %s", error, extra={"folder": str(folder)})
        else:
            log.info(
                "daily backup written",
                extra={"path": str(copy), "size_bytes": copy.stat().st_size, "keep": keep},
            )
        done += 1
