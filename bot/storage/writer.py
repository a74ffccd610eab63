"""Group commit: one writer thread owns the write connection and commits jobs that arrive together.

Each job is a function of the connection run inside the batch's transaction under its own SAVEPOINT,
so one failing job (a bad answer) is rolled back alone. Callers are answered only after COMMIT
returned: an acknowledged attempt is on disk (WAL, synchronous=NORMAL: durable across a process crash).
One thread hop per batch instead of one per statement is what makes this fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.core.errors import DatabaseBusy, StorageError
from bot.core.messages import N_
from bot.storage.sqlite import connect, storage_error

T = TypeVar("T")
MAX_BATCH = 512
BEGIN_RETRIES = 20


@dataclass(slots=True)
class _Job:
    run: Callable[[sqlite3.Connection], Any]
    future: asyncio.Future[Any]


_STOP = object()


def _belongs_to_the_job(error: Exception) -> bool:
    """Bad input, a broken rule, a constraint or a bug in one job, as opposed to a database failure."""
    if isinstance(error, StorageError):
        return False
    if isinstance(error, sqlite3.Error):
        return isinstance(error, sqlite3.IntegrityError)
    return True


class _JobFailed(Exception):
    """A job of a savepoint-free batch failed: redo the batch with one savepoint per job."""


class Writer:
    """The single writer of this process (other processes may write too: WAL + busy timeout + retries)."""

    def __init__(self, path: Path, conn: sqlite3.Connection,
                 describe_failure: Callable[[sqlite3.Error], StorageError] | None = None) -> None:
        """`describe_failure`: the user-safe error for a database failure (default: SQLite's, naming `path`);
        `conn` may be PostgreSQL's facade (bot/storage/postgres/connection.py), which speaks sqlite3's errors."""
        self.path = path
        self._conn = conn
        self._describe_failure = describe_failure or (lambda error: storage_error(error, self.path))
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self.batches = 0
        self.jobs = 0
        self._thread = threading.Thread(target=self._loop, name="recall-writer", daemon=True)  # i18n: not shown (a thread name)
        self._thread.start()

    @classmethod
    async def open(cls, path: Path, *, max_page_count: int | None = None) -> Writer:
        conn = await asyncio.to_thread(connect, path, max_page_count=max_page_count)
        return cls(path, conn)

    async def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run `job(conn)` in the next batch; return its result once the batch committed."""
        if self._closed:
            raise StorageError(N_("The database is closed."))
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put(_Job(job, future))
        return await future

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        await asyncio.to_thread(self._thread.join)

    # --- the writer thread ----------------------------------------------------------------------
    def _loop(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            batch: list[_Job] = []
            if first is _STOP:
                stopping = True
            else:
                batch.append(first)
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                else:
                    batch.append(item)
            if batch:
                self._commit(batch)
        self._conn.close()

    def _begin(self) -> None:
        delay = 0.005
        for _ in range(BEGIN_RETRIES):
            try:
                self._conn.execute("BEGIN IMMEDIATE")  # i18n: not shown (SQL)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
        raise DatabaseBusy(N_("The database stayed busy too long. Please try again in a moment."))

    def _run_batch(self, batch: list[_Job], isolated: bool) -> list[tuple[bool, Any]]:
        """One transaction for the batch. Fast path: no savepoints; if a job fails, the caller redoes the
        batch `isolated`, each job under its own SAVEPOINT so that only the failing one is rolled back."""
        conn = self._conn
        outcomes: list[tuple[bool, Any]] = []
        self._begin()
        for job in batch:
            if not isolated:
                try:
                    outcomes.append((True, job.run(conn)))
                except Exception as error:
                    if not _belongs_to_the_job(error):
                        raise
                    conn.execute("ROLLBACK")
                    raise _JobFailed from None
                continue
            conn.execute("SAVEPOINT job")  # i18n: not shown (SQL)
            try:
                outcomes.append((True, job.run(conn)))
                conn.execute("RELEASE job")  # i18n: not shown (SQL)
            except Exception as error:
                if not _belongs_to_the_job(error):
                    raise
                conn.execute("ROLLBACK TO job")  # i18n: not shown (SQL)
                conn.execute("RELEASE job")  # i18n: not shown (SQL)
                outcomes.append((False, error))
        conn.execute("COMMIT")
        return outcomes

    def _commit(self, batch: list[_Job]) -> None:
        conn = self._conn
        try:
            try:
                outcomes = self._run_batch(batch, isolated=False)
            except _JobFailed:
                outcomes = self._run_batch(batch, isolated=True)
        except (sqlite3.Error, StorageError) as error:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error, StorageError):  # StorageError: PostgreSQL's lost connection
                    conn.execute("ROLLBACK")
            failure = error if isinstance(error, StorageError) else self._describe_failure(error)
            if failure.__cause__ is None and failure is not error:
                failure.__cause__ = error
            outcomes = [(False, failure)] * len(batch)
        except Exception as error:  # a bug in the writer itself: fail the batch, keep the writer alive
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error, StorageError):
                    conn.execute("ROLLBACK")
            outcomes = [(False, error)] * len(batch)
        self.batches += 1
        self.jobs += len(batch)
        # One wake-up per batch, not one per job: each wake-up is a write to the loop's self-pipe and a
        # hand-over of the interpreter lock to the loop, which under a burst of new answers cost more
        # than the answers themselves (benchmarks/discord, scenario "distinct").
        settled = [(job.future, ok, value) for job, (ok, value) in zip(batch, outcomes, strict=True)]
        loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], bool, Any]]] = {}
        for item in settled:
            loops.setdefault(item[0].get_loop(), []).append(item)
        for loop, items in loops.items():
            with contextlib.suppress(RuntimeError):  # the caller's event loop is gone; nobody is waiting
                loop.call_soon_threadsafe(_settle, items)


def _settle(settled: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in settled:
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
