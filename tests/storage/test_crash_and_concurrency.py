"""Real processes: a writer killed with SIGKILL loses no acknowledged attempt; two writers lose nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.storage.streak_store import recompute_from_attempts

ROOT = Path(__file__).resolve().parents[2]


def start_writer(db: Path, acks: Path, name: str, count: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.storage.writer_process", str(db), str(acks), name, str(count)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def acknowledged(acks: Path) -> dict[str, int]:
    if not acks.exists():
        return {}
    found = {}
    for line in acks.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:  # a line cut by the kill is not an acknowledgement
            found[parts[0]] = int(parts[1])
    return found


def check_database(db: Path, acks: dict[str, int]) -> int:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = dict(conn.execute("SELECT question_key, id FROM attempts"))
        missing = [key for key in acks if stored.get(key) != acks[key]]
        assert missing == [], f"{len(missing)} acknowledged attempts lost"
        for (user,) in conn.execute("SELECT DISTINCT user_id FROM attempts").fetchall():
            row = conn.execute("SELECT current_streak, longest_streak, freezes, last_day FROM member_streaks"
                               " WHERE guild_id = 1 AND user_id = ?", (user,)).fetchone()
            expected = recompute_from_attempts(conn, 1, user)
            assert (row[0], row[1], row[2], date.fromordinal(row[3])) == (
                expected.current, expected.longest, expected.freezes, expected.last_day)
            points = conn.execute("SELECT points, attempts FROM period_scores WHERE guild_id = 1 AND period = 'all'"
                                  " AND user_id = ?", (user,)).fetchone()
            assert points == conn.execute("SELECT SUM(points), COUNT(*) FROM attempts WHERE guild_id = 1"
                                          " AND user_id = ?", (user,)).fetchone()
        return len(stored)


def kill_writers_at_random_moments(database: Path | str, acks: Path, check: Callable[[Path | str, dict[str, int]], int],
                                   *, rounds: int, acks_per_round: tuple[int, int], wait_s: float) -> None:
    """Start a writer process on `database`, SIGKILL it once a random number of attempts is acknowledged, and
    check (`check` -> stored count) that every acknowledged attempt is stored; `rounds` times, resuming."""
    rng = random.Random()
    for round_ in range(rounds):
        before = len(acknowledged(acks))
        writer = start_writer(database, acks, f"r{round_}", 0)  # type: ignore[arg-type]
        target = before + rng.randint(*acks_per_round)
        deadline = time.monotonic() + wait_s
        while len(acknowledged(acks)) < target and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.2))
        assert writer.poll() is None, writer.stderr.read().decode() if writer.stderr else ""
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        count = check(database, acknowledged(acks))
        assert count >= len(acknowledged(acks)) > before


@pytest.mark.slow
def test_sigkill_at_a_random_moment_loses_no_acknowledged_attempt(tmp_path: Path) -> None:
    kill_writers_at_random_moments(tmp_path / "crash.db", tmp_path / "acks.txt", check_database,  # type: ignore[arg-type]
                                   rounds=3, acks_per_round=(50, 400), wait_s=60)


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db, acks_a, acks_b = tmp_path / "two.db", tmp_path / "a.txt", tmp_path / "b.txt"
    writers = [start_writer(db, acks_a, "a", 40), start_writer(db, acks_b, "b", 40)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    both = {**acknowledged(acks_a), **acknowledged(acks_b)}
    assert len(both) == 2 * 20 * 40
    assert check_database(db, both) == 2 * 20 * 40
