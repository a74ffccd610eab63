"""A database failure reaches a member as one generic line; its detail (the host's file paths) goes to the log."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from discord import app_commands

from bot.app.errors import STORAGE_TROUBLE, report_error, user_message
from bot.services.errors import DatabaseBusy, StorageError


class _Interaction:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.response = self
        self.followup = self

    def is_done(self) -> bool:
        return False

    async def send_message(self, text: str, ephemeral: bool) -> None:
        self.sent.append(text)


def real_storage_error(tmp_path: Path) -> StorageError:
    """What the storage layer raises for a damaged file, made from a real SQLite failure."""
    from bot.storage.sqlite import storage_error

    damaged = tmp_path / "secret-folder" / "recall.db"
    damaged.parent.mkdir()
    damaged.write_bytes(b"this is not a database at all" * 100)
    connection = sqlite3.connect(damaged)
    try:
        with pytest.raises(sqlite3.DatabaseError) as raised:
            connection.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        connection.close()
    error = storage_error(raised.value, damaged)
    error.__cause__ = raised.value
    return error


async def test_members_see_a_generic_line_and_the_log_keeps_the_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    error = real_storage_error(tmp_path)
    assert "secret-folder" in error.user_message, "the storage layer's own text names the file"
    wrapped = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    wrapped.original = error
    for failure in (error, wrapped, DatabaseBusy("The database is busy right now.")):
        member = _Interaction()
        with caplog.at_level(logging.ERROR, logger="recall.errors"):
            await report_error(member, failure, "/quiz")  # type: ignore[arg-type]
        assert member.sent == [STORAGE_TROUBLE]
        assert user_message(failure) == STORAGE_TROUBLE
    assert "secret-folder" not in STORAGE_TROUBLE
    logged = caplog.text
    assert "database problem in /quiz" in logged and "secret-folder" in logged
