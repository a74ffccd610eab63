"""Migration 016 (`pick: review`): existing schedules keep the rotation, the pick is checked, posts can say why."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage.sqlite import connect, migrations, split_statements

SCHEDULE = (1, 100, 200, "tiny", "flashcard", None, "08:00", "UTC", "daily", 6, 24, 0, None, 1000, 0, 0, None, 1,
            7, 1000)
POST = (1, 1, 100, 200, 739000, 1, "tiny", "f1", "flashcard", 0, 1000)


def _version_15(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for number, _name, sql in migrations():
        if number <= 15:
            for statement in split_statements(sql):
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 15")
    conn.execute("INSERT INTO schedules (id, guild_id, channel_id, deck_id, kind, level, time_text, timezone,"
                 " days_text, grace_hours, poll_hours, paused, pause_reason, active_since, next_check_at, checked_at,"
                 " reported_through, cycle, created_by, created_at) VALUES"
                 " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", SCHEDULE)
    conn.execute("INSERT INTO schedule_posts (id, schedule_id, guild_id, channel_id, local_date, cycle, deck_id,"
                 " card_id, form, late, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", POST)
    conn.close()


def test_existing_schedules_keep_the_rotation_and_the_pick_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "recall.db"
    _version_15(path)
    conn = connect(path)
    try:
        assert conn.execute("SELECT pick FROM schedules").fetchall() == [("rotation",)]
        assert conn.execute("SELECT pick_reason, pick_members, pick_retention FROM schedule_posts").fetchall() == [
            (None, None, None)]
        conn.execute("UPDATE schedules SET pick = 'review'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE schedules SET pick = 'random'")
        conn.execute("UPDATE schedule_posts SET pick_reason = 'memory', pick_members = 3, pick_retention = 0.5")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE schedule_posts SET pick_reason = 'guess'")
        plan = " ".join(str(r) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT DISTINCT card_id, user_id FROM attempts"
            " WHERE guild_id = 1 AND deck_guild = 0 AND deck_id = 'x'").fetchall())
        assert "attempts_by_server_card" in plan
    finally:
        conn.close()
