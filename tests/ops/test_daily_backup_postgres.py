"""The daily backup runs on a SQLite file only: on PostgreSQL it is off, with a log line saying why."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.ops.daily_backup import started_for


def test_on_postgresql_the_daily_backup_is_off_and_the_log_says_why(caplog: pytest.LogCaptureFixture,
                                                                     tmp_path: Path) -> None:
    with caplog.at_level(logging.INFO, logger="recall.ops.backup"):
        assert not started_for("postgresql://recall:s3cret@db:5432/recall", tmp_path / "backups")
        assert not started_for("postgres://db/recall", tmp_path / "backups")
    assert len(caplog.records) == 2  # one line per start
    for record in caplog.records:
        assert record.levelno == logging.WARNING and "daily backups are off" in record.getMessage()
        assert "pg_dump" in record.getMessage() and "s3cret" not in record.getMessage()
    assert not (tmp_path / "backups").exists()


def test_on_sqlite_it_runs_and_logs_nothing(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    with caplog.at_level(logging.INFO, logger="recall.ops.backup"):
        assert started_for(f"sqlite:///{tmp_path}/recall.db", tmp_path / "backups")
    assert caplog.records == []
