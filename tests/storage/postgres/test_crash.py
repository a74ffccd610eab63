"""A real writer process on PostgreSQL, killed with SIGKILL at a random moment, loses no acknowledged attempt,
and what it committed is whole: every member's all-time score row equals the sum of their stored attempts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backends import execute_on, run_apart
from tests.storage.test_crash_and_concurrency import kill_writers_at_random_moments


def check_database(url: str, acks: dict[str, int]) -> int:
    stored = dict(run_apart(lambda: execute_on(url, "SELECT question_key, id FROM attempts")))
    missing = [key for key in acks if stored.get(key) != acks[key]]
    assert missing == [], f"{len(missing)} acknowledged attempts lost"
    totals = run_apart(lambda: execute_on(
        url, "SELECT a.user_id, SUM(a.points), COUNT(*), MAX(s.points), MAX(s.attempts) FROM attempts a"
             " JOIN period_scores s ON s.guild_id = a.guild_id AND s.user_id = a.user_id AND s.period = 'all'"
             " WHERE a.guild_id = 1 GROUP BY a.user_id"))
    assert totals and all((row[1], row[2]) == (row[3], row[4]) for row in totals), totals
    return len(stored)


@pytest.mark.slow
def test_sigkill_at_a_random_moment_loses_no_acknowledged_attempt(postgres_backend_url: str, tmp_path: Path) -> None:
    kill_writers_at_random_moments(postgres_backend_url, tmp_path / "acks.txt", check_database,  # type: ignore[arg-type]
                                   rounds=2, acks_per_round=(30, 150), wait_s=90)
