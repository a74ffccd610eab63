"""Live rounds in SQLite: the round, its questions, players and answers (migration 009).

Each claim is one conditional UPDATE in the writer's transaction, so it holds against a second caller;
an answer is stored with its attempt (streak, review state, leaderboards: `record_attempt`) in the same
transaction, and only while its question is the round's open current one.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.services.records import NewAttempt
from bot.services.round_records import NewRound, QuestionRow, RecordedAnswer, RoundAnswerRow, RoundRow
from bot.storage.attempts import record_attempt
from bot.storage.database import Database

ROUND_COLUMNS = (
    "r.id, r.guild_id, r.channel_id, r.started_by, r.deck_guild, r.deck_id, r.kind, r.level, r.seconds, r.teams,"
    " r.state, r.current, r.created_at, r.join_ends_at, r.join_message_id, r.ended_at, r.final_claimed,"
    " r.final_message_id, (SELECT COUNT(*) FROM round_questions q WHERE q.round_id = r.id)"
)
QUESTION_COLUMNS = (
    "round_id, position, card_id, kind, option_order, opens_at, deadline, message_id, closed_at, close_shown"
)


def _round(r: Any) -> RoundRow:
    return RoundRow(int(r[0]), int(r[1]), int(r[2]), r[3], int(r[4]), str(r[5]), str(r[6]), r[7], int(r[8]),
                    int(r[9]), r[10], int(r[11]), int(r[12]), r[13], r[14], r[15], bool(r[16]), r[17], int(r[18]))


def _question(r: Any) -> QuestionRow:
    order = tuple(int(part) for part in str(r[4]).split(",")) if r[4] else ()
    return QuestionRow(int(r[0]), int(r[1]), str(r[2]), str(r[3]), order, r[5], r[6], r[7], r[8], bool(r[9]))


def _insert_round(conn: sqlite3.Connection, new: NewRound) -> int | None:
    busy = conn.execute(
        "SELECT 1 FROM rounds WHERE channel_id = ? AND state IN ('joining', 'running')", (new.channel_id,)).fetchone()
    if busy:
        return None
    state = "joining" if new.teams else "running"
    round_id = conn.execute(
        "INSERT INTO rounds (guild_id, channel_id, started_by, deck_guild, deck_id, kind, level, seconds, teams,"
        " state, created_at, join_ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (new.guild_id, new.channel_id, new.started_by, new.deck_guild, new.deck_id, new.kind, new.level,
         new.seconds, new.teams, state, new.created_at_ms, new.join_ends_at_ms),
    ).fetchone()[0]
    conn.executemany(
        "INSERT INTO round_questions (round_id, position, card_id, kind, option_order) VALUES (?, ?, ?, ?, ?)",
        [(round_id, position, q.card_id, q.kind, ",".join(map(str, q.option_order)) or None)
         for position, q in enumerate(new.questions)])
    return int(round_id)


def _record(conn: sqlite3.Connection, attempt: NewAttempt, round_id: int, position: int, points: int,
            now_ms: int, name: str) -> RecordedAnswer:
    open_now = conn.execute(
        "SELECT 1 FROM rounds r JOIN round_questions q ON q.round_id = r.id AND q.position = r.current"
        " WHERE r.id = ? AND r.current = ? AND r.state = 'running' AND q.closed_at IS NULL"
        " AND q.message_id IS NOT NULL", (round_id, position)).fetchone()
    kept = conn.execute("SELECT points, correct FROM round_answers WHERE round_id = ? AND position = ? AND user_id = ?",
                        (round_id, position, attempt.user_id)).fetchone()
    if open_now is None and kept is None:
        return RecordedAnswer(refused=True)
    stored = record_attempt(conn, attempt)  # a second answer is recognised by its question key
    if kept is None:
        conn.execute(
            "INSERT INTO round_answers (round_id, position, user_id, attempt_id, correct, points, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (round_id, position, attempt.user_id, stored.attempt_id, int(stored.correct), points, now_ms))
        kept = (points, int(stored.correct))
        conn.execute("INSERT INTO round_players (round_id, user_id, team, joined_at, name) VALUES (?, ?, 0, ?, ?)"
                     " ON CONFLICT (round_id, user_id) DO NOTHING", (round_id, attempt.user_id, now_ms, name[:100]))
    answered = frozenset(row[0] for row in conn.execute(
        "SELECT user_id FROM round_answers WHERE round_id = ? AND position = ?", (round_id, position)))
    return RecordedAnswer(False, stored, int(kept[0]), bool(kept[1]), answered)


def _claim_final(conn: sqlite3.Connection, round_id: int, state: str, now_ms: int) -> bool:
    claimed = conn.execute(
        "UPDATE rounds SET state = ?, ended_at = ?, final_claimed = 1"
        " WHERE id = ? AND state IN ('joining', 'running')", (state, now_ms, round_id)).rowcount
    if claimed:
        conn.execute("UPDATE round_questions SET closed_at = ? WHERE round_id = ? AND closed_at IS NULL"
                     " AND opens_at IS NOT NULL", (now_ms, round_id))
    return bool(claimed)


class SqliteRoundStore:
    """Implements `bot.services.round_ports.RoundStore`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def round_role(self, guild_id: int) -> int | None:
        rows = await self.db.fetch_all("SELECT role_id FROM round_settings WHERE guild_id = ?", (guild_id,))
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    async def set_round_role(self, guild_id: int, role_id: int | None) -> None:
        await self.db.write(lambda conn: conn.execute(
            "INSERT INTO round_settings (guild_id, role_id) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET role_id = excluded.role_id", (guild_id, role_id)))

    async def create_round(self, new: NewRound) -> int | None:
        return await self.db.write(lambda conn: _insert_round(conn, new))

    async def _rounds(self, where: str, params: tuple[object, ...]) -> list[RoundRow]:
        rows = await self.db.fetch_all(f"SELECT {ROUND_COLUMNS} FROM rounds r WHERE {where}", params)
        return [_round(row) for row in rows]

    async def round(self, round_id: int) -> RoundRow | None:
        found = await self._rounds("r.id = ?", (round_id,))
        return found[0] if found else None

    async def active_round(self, guild_id: int, channel_id: int) -> RoundRow | None:
        found = await self._rounds("r.guild_id = ? AND r.channel_id = ? AND r.state IN ('joining', 'running')",
                                   (guild_id, channel_id))
        return found[0] if found else None

    async def active_rounds(self) -> list[RoundRow]:
        """Active rounds, and ended ones whose last messages may not be out yet (a crash at the end)."""
        return await self._rounds(
            "r.state IN ('joining', 'running') OR (r.final_claimed = 1 AND r.final_message_id IS NULL)"
            " OR EXISTS (SELECT 1 FROM round_questions q WHERE q.round_id = r.id AND q.closed_at IS NOT NULL"
            " AND q.close_shown = 0 AND q.message_id IS NOT NULL) ORDER BY r.id", ())

    async def latest_round(self, guild_id: int, channel_id: int) -> RoundRow | None:
        found = await self._rounds("r.guild_id = ? AND r.channel_id = ? ORDER BY r.id DESC LIMIT 1",
                                   (guild_id, channel_id))
        return found[0] if found else None

    async def questions(self, round_id: int) -> list[QuestionRow]:
        rows = await self.db.fetch_all(
            f"SELECT {QUESTION_COLUMNS} FROM round_questions WHERE round_id = ? ORDER BY position", (round_id,))
        return [_question(row) for row in rows]

    async def join(self, round_id: int, user_id: int, team: int, now_ms: int, name: str) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            joining = conn.execute(
                "SELECT 1 FROM rounds WHERE id = ? AND state = 'joining' AND join_ends_at > ? AND ? BETWEEN 1 AND teams",
                (round_id, now_ms, team)).fetchone()
            if joining is None:
                return False
            conn.execute(
                "INSERT INTO round_players (round_id, user_id, team, joined_at, name) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (round_id, user_id) DO UPDATE SET team = excluded.team, name = excluded.name",
                (round_id, user_id, team, now_ms, name[:100]))
            return True
        return await self.db.write(job)

    async def players(self, round_id: int) -> dict[int, tuple[int, str]]:
        rows = await self.db.fetch_all("SELECT user_id, team, name FROM round_players WHERE round_id = ?", (round_id,))
        return {int(user): (int(team), str(name)) for user, team, name in rows}

    async def begin_question(self, round_id: int, position: int, opens_ms: int, deadline_ms: int) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            moved = conn.execute(
                "UPDATE rounds SET state = 'running', current = ? WHERE id = ? AND state IN ('joining', 'running')"
                " AND current = ?", (position, round_id, position - 1)).rowcount
            if not moved:
                return False
            conn.execute("UPDATE round_questions SET opens_at = ?, deadline = ? WHERE round_id = ? AND position = ?"
                         " AND opens_at IS NULL", (opens_ms, deadline_ms, round_id, position))
            return True
        return await self.db.write(job)

    async def retime_question(self, round_id: int, position: int, opens_ms: int, deadline_ms: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE round_questions SET opens_at = ?, deadline = ? WHERE round_id = ? AND position = ?"
            " AND message_id IS NULL AND closed_at IS NULL", (opens_ms, deadline_ms, round_id, position)))

    async def question_posted(self, round_id: int, position: int, message_id: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE round_questions SET message_id = ? WHERE round_id = ? AND position = ? AND message_id IS NULL",
            (message_id, round_id, position)))

    async def close_question(self, round_id: int, position: int, now_ms: int) -> bool:
        return bool(await self.db.write(lambda conn: conn.execute(
            "UPDATE round_questions SET closed_at = ? WHERE round_id = ? AND position = ? AND closed_at IS NULL",
            (now_ms, round_id, position)).rowcount))

    async def close_shown(self, round_id: int, position: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE round_questions SET close_shown = 1 WHERE round_id = ? AND position = ?", (round_id, position)))

    async def record_answer(self, attempt: NewAttempt, round_id: int, position: int, points: int,
                            now_ms: int, name: str) -> RecordedAnswer:
        return await self.db.write(lambda conn: _record(conn, attempt, round_id, position, points, now_ms, name))

    async def answers(self, round_id: int) -> list[RoundAnswerRow]:
        rows = await self.db.fetch_all(
            "SELECT position, user_id, correct, points, answered_at FROM round_answers WHERE round_id = ?"
            " ORDER BY position, answered_at, user_id", (round_id,))
        return [RoundAnswerRow(int(p), int(u), bool(c), int(pts), int(at)) for p, u, c, pts, at in rows]

    async def answered(self, round_id: int, position: int) -> frozenset[int]:
        rows = await self.db.fetch_all(
            "SELECT user_id FROM round_answers WHERE round_id = ? AND position = ?", (round_id, position))
        return frozenset(int(row[0]) for row in rows)

    async def claim_final(self, round_id: int, state: str, now_ms: int) -> bool:
        return await self.db.write(lambda conn: _claim_final(conn, round_id, state, now_ms))

    async def final_posted(self, round_id: int, message_id: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE rounds SET final_message_id = ? WHERE id = ? AND final_message_id IS NULL", (message_id, round_id)))
