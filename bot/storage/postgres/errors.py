"""asyncpg's failures as the rest of the storage layer knows them (SQLite's behaviour, the same messages).

- a broken constraint (unique, foreign key, check, not null) -> `PostgresIntegrityError`, an
  `sqlite3.IntegrityError`: the writer rolls back only the job that broke it, as on SQLite;
- a lost connection, a server refusing or shutting down, a lock or serialization conflict -> `StorageError`s
  (`DatabaseBusy` for what a retry may cure), with the password-free name of the database;
- a full disk -> `DiskFull`; a read-only server (a standby) -> `DatabaseReadOnly`;
- anything else (a statement PostgreSQL can't run: a bug) -> `PostgresOperationalError`, an
  `sqlite3.OperationalError`, so the writer fails the whole batch as it does for SQLite's.
"""

from __future__ import annotations

import sqlite3

import asyncpg

from bot.core.errors import DatabaseBusy, DatabaseReadOnly, DiskFull, StorageError
from bot.core.messages import N_


class PostgresIntegrityError(sqlite3.IntegrityError):
    """A constraint PostgreSQL enforced (the original asyncpg error is the cause)."""


class PostgresOperationalError(sqlite3.OperationalError):
    """A statement PostgreSQL refused for another reason (the original asyncpg error is the cause)."""


_BUSY = (asyncpg.SerializationError, asyncpg.DeadlockDetectedError, asyncpg.LockNotAvailableError,
         asyncpg.TooManyConnectionsError, asyncpg.CannotConnectNowError, asyncpg.QueryCanceledError)
_GONE = (asyncpg.PostgresConnectionError, asyncpg.AdminShutdownError, asyncpg.InterfaceError,
         asyncpg.InsufficientResourcesError, asyncpg.InvalidCatalogNameError,
         asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InsufficientPrivilegeError, OSError)


def storage_error(error: BaseException, shown_name: str) -> StorageError:
    """The user-safe `StorageError` for a failure of the server or of the way to it."""
    if isinstance(error, StorageError):
        return error
    if isinstance(error, _BUSY):
        return DatabaseBusy(N_("The database is busy right now. Please try again in a moment."))
    if isinstance(error, asyncpg.DiskFullError):
        return DiskFull(N_("The disk holding {path} is full. Free some space and try again."), path=shown_name)
    if isinstance(error, asyncpg.ReadOnlySQLTransactionError):
        return DatabaseReadOnly(N_("The database {path} can't be used right now ({code})."), path=shown_name,
                                code="read-only")
    code = getattr(error, "sqlstate", None) or type(error).__name__
    return StorageError(N_("The database {path} can't be used right now ({code})."), path=shown_name, code=str(code))


def map_error(error: BaseException, shown_name: str) -> Exception:
    """What a store's statement raises for `error` (see the module docstring)."""
    if isinstance(error, asyncpg.IntegrityConstraintViolationError):
        return PostgresIntegrityError(str(error))
    if isinstance(error, (*_BUSY, *_GONE, asyncpg.DiskFullError, asyncpg.ReadOnlySQLTransactionError)):
        return storage_error(error, shown_name)
    return PostgresOperationalError(f"{type(error).__name__}: {error}")
