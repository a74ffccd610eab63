"""The bot's clock: the test clock only in test mode, a fixed offset from the system clock, a clear error
for an unusable instant (in the module and from `python -m bot` itself)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import clock
from bot.cogs.common import utcnow as cogs_utcnow

REPO_ROOT = Path(__file__).resolve().parents[2]
REAL_START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def system_clock_after() -> Iterator[None]:
    yield
    clock.start_clock({})  # other tests in this process must see the system clock


def test_without_test_mode_the_test_instant_is_ignored_with_a_warning() -> None:
    note = clock.start_clock({"RECALL_TEST_NOW": "2030-01-01T00:00:00Z"}, real_now=lambda: REAL_START)
    assert note is not None
    level, message = note
    assert level == logging.WARNING and "ignored" in message and "RECALL_TEST_MODE=1" in message
    assert clock.offset() == timedelta(0)
    assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize("mode", ["0", "true", "yes", ""])
def test_only_the_value_1_turns_test_mode_on(mode: str) -> None:
    clock.start_clock({"RECALL_TEST_MODE": mode, "RECALL_TEST_NOW": "2030-01-01T00:00:00Z"})
    assert clock.offset() == timedelta(0)


def test_nothing_set_says_nothing() -> None:
    assert clock.start_clock({}) is None
    assert clock.offset() == timedelta(0)


def test_in_test_mode_the_clock_starts_at_the_instant_and_runs_on() -> None:
    note = clock.start_clock(
        {"RECALL_TEST_MODE": "1", "RECALL_TEST_NOW": "2026-03-02T07:59:35Z"}, real_now=lambda: REAL_START
    )
    assert note is not None and note[1].startswith("test mode: clock starts at 2026-03-02T07:59:35+00:00")
    start = datetime(2026, 3, 2, 7, 59, 35, tzinfo=UTC)
    assert clock.offset() == start - REAL_START
    # Every later reading is the system clock plus that offset: it runs on in real time.
    before = datetime.now(UTC)
    now = clock.utcnow()
    after = datetime.now(UTC)
    assert before + clock.offset() <= now <= after + clock.offset()
    assert now.tzinfo is UTC
    # The cogs' clock is the same clock.
    assert abs(cogs_utcnow() - clock.utcnow()) < timedelta(seconds=1)


def test_an_offset_instant_is_converted_to_utc() -> None:
    clock.start_clock({"RECALL_TEST_MODE": "1", "RECALL_TEST_NOW": "2026-03-29T02:30:00+01:00"},
                      real_now=lambda: REAL_START)
    assert REAL_START + clock.offset() == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_test_mode_without_an_instant_keeps_the_system_clock_and_says_so() -> None:
    note = clock.start_clock({"RECALL_TEST_MODE": "1"})
    assert note is not None and "test mode" in note[1] and "not set" in note[1]
    assert clock.offset() == timedelta(0)


@pytest.mark.parametrize(
    ("value", "needle"),
    [("yesterday", "not an ISO 8601 instant"), ("2026-13-01T00:00:00Z", "not an ISO 8601 instant"),
     ("2026-03-02T08:00:00", "no UTC offset")],
)
def test_a_bad_instant_in_test_mode_is_a_clear_error(value: str, needle: str) -> None:
    with pytest.raises(clock.ClockError) as raised:
        clock.start_clock({"RECALL_TEST_MODE": "1", "RECALL_TEST_NOW": value})
    assert needle in str(raised.value) and "RECALL_TEST_NOW" in str(raised.value)
    assert clock.offset() == timedelta(0)


def test_the_bot_refuses_to_start_with_a_bad_instant_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "RECALL_"))}
    env.update(
        DISCORD_TOKEN="MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123",
        DISCORD_API_BASE="http://127.0.0.1:9/api/v10",
        RECALL_DATABASE_URL=f"sqlite:///{tmp_path / 'recall.db'}",
        RECALL_CONTENT_DIR=str(REPO_ROOT / "content"),
        RECALL_TEST_MODE="1",
        RECALL_TEST_NOW="next tuesday",
    )
    done = subprocess.run([sys.executable, "-m", "bot"], cwd=tmp_path, env=env | {"PYTHONPATH": str(REPO_ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "recall: RECALL_TEST_NOW='next tuesday' is not an ISO 8601 instant (e.g. 2026-03-02T07:59:35Z)"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "recall.db").exists()  # refused before anything was opened
