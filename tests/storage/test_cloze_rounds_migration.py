"""Migration 012 (cloze in rounds): a version 11 database with a round keeps every round row (its
questions, players and answers were not cascaded away by the rebuild), the kind 'cloze' is accepted
where it was refused, and deleting a round still cascades to its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage.sqlite import LATEST_VERSION, connect, migrations, split_statements

ROUND = (1, 100, 200, 7, 0, "tiny", "mixed", None, 20, 2, "finished", 4, 1000, 1500, 9, 5000, 1, 77)
QUESTION = (1, 0, "f1", "flashcard", None, 1600, 21600, 555, 2000, 1)
PLAYER = (1, 7, 2, 1200, "Ann")
ANSWER = (1, 0, 7, 42, 1, 90, 1700)


def _version_11(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for number, _name, sql in migrations():
        if number <= 11:
            for statement in split_statements(sql):
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 11")
    conn.execute("INSERT INTO rounds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ROUND)
    conn.execute("INSERT INTO round_questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", QUESTION)
    conn.execute("INSERT INTO round_players VALUES (?, ?, ?, ?, ?)", PLAYER)
    conn.execute("INSERT INTO round_answers VALUES (?, ?, ?, ?, ?, ?, ?)", ANSWER)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE round_questions SET kind = 'cloze'")
    conn.close()


def test_rounds_keep_their_rows_and_accept_cloze(tmp_path: Path) -> None:
    path = tmp_path / "recall.db"
    _version_11(path)
    conn = connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 12
        assert conn.execute("SELECT * FROM rounds").fetchall() == [ROUND]
        assert conn.execute("SELECT * FROM round_questions").fetchall() == [QUESTION]
        assert conn.execute("SELECT * FROM round_players").fetchall() == [PLAYER]
        assert conn.execute("SELECT * FROM round_answers").fetchall() == [ANSWER]
        conn.execute("UPDATE rounds SET kind = 'cloze'")
        conn.execute("INSERT INTO round_questions (round_id, position, card_id, kind) VALUES (1, 1, 'c1:c2', 'cloze')")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE rounds SET kind = 'essay'")
        with pytest.raises(sqlite3.IntegrityError):  # the children still point at the rounds table
            conn.execute("INSERT INTO round_players VALUES (99, 1, 0, 0, '')")
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"rounds_one_per_channel", "rounds_by_guild", "round_answers_by_member"} <= indexes
        assert "_012" not in " ".join(row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
        conn.execute("DELETE FROM rounds WHERE id = 1")
        for table in ("round_questions", "round_players", "round_answers"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    finally:
        conn.close()
