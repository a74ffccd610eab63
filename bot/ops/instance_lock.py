"""One bot per database: an advisory `flock` on `<db>.lock` that the bot holds while it runs.

`flock` locks belong to the open file, so the kernel drops them when the process exits, even on
SIGKILL or a crash: a lock file left on disk never blocks the next start. `restore` tries the same
lock without waiting, which is how it knows a running bot holds the database.

The lock file sits beside the database's real path (symlinks and `..` resolved), so every spelling
of one file (`sqlite:///data/r.db`, `sqlite:////srv/data/r.db`, a symlink) takes the same lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from bot.core.messages import N_, english


class InstanceLocked(Exception):
    """Another process (a running bot, or a restore) holds the database's lock.

    `str(error)` is English (the log); `template` and `params` let the terminal say it in its language."""

    def __init__(self, lock_path: Path, holder: str) -> None:
        self.lock_path = lock_path
        self.holder = holder
        if holder:
            self.template = N_("{lock} is held by process {holder}: a Recall bot is running on this database. "
                               "Stop it first (docker compose stop bot).")
            self.params: dict[str, object] = {"lock": lock_path, "holder": holder}
        else:
            self.template = N_("{lock} is held by another process: a Recall bot is running on this database. "
                               "Stop it first (docker compose stop bot).")
            self.params = {"lock": lock_path}
        super().__init__(english(self.template, self.params))


class LockFileError(OSError):
    """The lock file (or its folder) can't be created or opened; the message names the file and why.

    Marked like `InstanceLocked`: English as `str`, `template` and `params` for the terminal."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(english(message, params))
        self.template = message
        self.params = params


def lock_path_for(db_path: Path) -> Path:
    real = Path(os.path.realpath(db_path))
    return real.with_name(real.name + ".lock")


class InstanceLock:
    """Exclusive, non-blocking lock for one database file. Use as a context manager or acquire/release."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = lock_path_for(Path(db_path))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        if self._fd is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LockFileError(N_("can't create the database folder {folder}: {reason}"),
                                folder=self.path.parent, reason=error.strerror or str(error)) from error
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise LockFileError(
                N_("can't create or open the lock file {lock} (it keeps a second bot off this database): {reason}"),
                lock=self.path, reason=error.strerror or str(error),
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise InstanceLocked(self.path, holder) from None
        except BaseException:
            os.close(fd)
            raise
        # The pid is for the error message of whoever is refused; the lock itself is the flock.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
