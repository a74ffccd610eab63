"""The user-safe errors, defined in the core (storage raises them too) and re-exported here."""

from bot.core.errors import (
    BadDatabaseUrl,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    InvalidAnswer,
    InvalidSetting,
    InvalidTimezone,
    NotAppealable,
    RecallError,
    StorageError,
    UnknownCard,
)

__all__ = [
    "BadDatabaseUrl",
    "DatabaseBusy",
    "DatabaseCorrupt",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DiskFull",
    "InvalidAnswer",
    "InvalidSetting",
    "InvalidTimezone",
    "NotAppealable",
    "RecallError",
    "StorageError",
    "UnknownCard",
]
