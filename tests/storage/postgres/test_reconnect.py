"""The server drops the writer's connection (a restart, an administrator's pg_terminate_backend): the batch in
flight fails with a StorageError, never a hang or a dead writer, and the next write goes through on a new
connection, with nothing half-applied."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from bot.core.errors import StorageError
from bot.services.records import NewAttempt
from bot.storage.database import Database
from tests.backends import execute_on

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def attempt(number: int) -> NewAttempt:
    return NewAttempt(user_id=number, guild_id=1, deck_id="d", card_id="c", kind="choice", level="beginner",
                      source="drill", question_key=f"k{number}", choice=0, answer_text=None, rating=None,
                      correct=True, concepts_hit=None, concepts_total=None, points=1, answered_at=NOW,
                      srs_rating=3, srs_seed=1)


async def test_a_dropped_write_connection_is_replaced_at_the_next_write(postgres_backend_url: str) -> None:
    db = await Database.open(postgres_backend_url)
    try:
        await db.record_attempt(attempt(1))
        admin = await asyncpg.connect(postgres_backend_url)
        try:  # every other session on this database: the writer's and the read pool's
            dropped = await admin.fetchval(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()")
        finally:
            await admin.close()
        assert dropped >= 1
        outcomes = []
        for number in (2, 3):
            try:
                outcomes.append((await db.record_attempt(attempt(number))).attempt_id > 0)
            except StorageError:
                outcomes.append(False)
        assert outcomes[-1], outcomes  # the second write after the drop at the latest goes through
        stored = {key for (key,) in await execute_on(postgres_backend_url, "SELECT question_key FROM attempts")}
        assert {"k1", "k3"} <= stored and ("k2" in stored) == outcomes[0]
        (points,) = await execute_on(postgres_backend_url, "SELECT SUM(points) FROM period_scores WHERE period = 'all'")
        assert points[0] == len(stored)
    finally:
        await db.close()
