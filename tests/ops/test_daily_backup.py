"""The daily backup task, driven by a fake clock: it runs at the hour, rotates, and survives failures."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.ops.backup import backups_in
from bot.ops.daily_backup import daily_backups, next_run
from tests.ops.test_backup import item_count, make_database


class FakeTime:
    def __init__(self, start: datetime) -> None:
        self.now = start
        self.slept: list[float] = []

    def clock(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 27, 3, 59, tzinfo=UTC), datetime(2026, 11, 27, 4, 0, tzinfo=UTC)),
        (datetime(2026, 11, 27, 4, 0, tzinfo=UTC), datetime(2026, 11, 28, 4, 0, tzinfo=UTC)),
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), datetime(2027, 1, 1, 4, 0, tzinfo=UTC)),
    ],
)
def test_next_run(now: datetime, expected: datetime) -> None:
    assert next_run(now, time(4, 0)) == expected


async def test_backs_up_once_a_day_and_keeps_the_newest(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = make_database(tmp_path / "recall.db", rows=10)
    fake = FakeTime(datetime(2026, 11, 27, 22, 0, tzinfo=UTC))
    with caplog.at_level(logging.INFO, logger="recall.ops.backup"):
        await daily_backups(db, tmp_path / "backups", keep=2, clock=fake.clock, sleep=fake.sleep, runs=3)
    assert fake.slept[0] == 6 * 3600
    assert fake.slept[1:] == [24 * 3600, 24 * 3600]
    copies = backups_in(tmp_path / "backups", db)
    assert [c.name for c in copies] == ["recall-20261129T040000Z.db", "recall-20261130T040000Z.db"]
    assert all(item_count(c) == 10 for c in copies)
    assert [r.message for r in caplog.records].count("daily backup written") == 3


async def test_a_failed_backup_is_logged_and_the_next_day_still_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "recall.db"  # missing on day one
    fake = FakeTime(datetime(2026, 11, 27, 5, 0, tzinfo=UTC))

    async def sleep_then_create(seconds: float) -> None:
        await fake.sleep(seconds)
        if len(fake.slept) == 2:
            make_database(db, rows=4)

    with caplog.at_level(logging.INFO, logger="recall.ops.backup"):
        await daily_backups(db, tmp_path / "backups", keep=5, clock=fake.clock, sleep=sleep_then_create, runs=2)
    assert [r.levelname for r in caplog.records] == ["ERROR", "INFO"]
    assert "does not exist" in caplog.records[0].getMessage()
    [copy] = backups_in(tmp_path / "backups", db)
    assert item_count(copy) == 4
