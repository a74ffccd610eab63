"""What a deck's study settings mean inside a transaction or a read (migration 018, `deck_study`).

`review_policy` runs inside an attempt's transaction (`bot.storage.attempts`), so every way an answer is
recorded (drills, reviews, scheduled posts, polls, rounds) schedules with the settings that apply where
it was given. `AT_RISK_DUE` is the part of the due-cards read (`bot.storage.reads.Reads.due`) that brings
forward the cards an exam puts at risk. Both follow `bot.core.deck_study.settings_guild`. (Kept apart from
the store, `bot.storage.deck_study`, which imports the database module that imports this one.)
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.core.deck_study import settings_guild
from bot.core.exam import ExamPlan
from bot.core.instants import from_ms
from bot.core.srs import DEFAULT_RETENTION

DAY_MS = 86_400_000

# Cards due after an active exam whose predicted recall on exam day is below its target, i.e. whose whole
# days from the last review to the exam exceed stability x risk days (bot.core.exam.at_risk, the same curve
# solved for t). Listed as due "now" (the first parameter). Parameters: now_ms, place guild (None: a DM),
# user_id, now_ms.
AT_RISK_DUE = (
    "SELECT s.deck_id, s.card_id, ? AS due, s.deck_guild FROM srs_cards s"
    " JOIN deck_study e ON e.guild_id = COALESCE(?, s.deck_guild) AND e.deck_guild = s.deck_guild"
    " AND e.deck_id = s.deck_id"
    " WHERE s.user_id = ? AND e.exam_at > ? AND s.due > e.exam_at AND s.stability > 0"
    " AND s.last_review IS NOT NULL AND (e.exam_at - s.last_review) / " + str(DAY_MS) + " > s.stability * e.exam_risk_days"
)


def review_policy(conn: sqlite3.Connection, place_guild: int | None, deck_guild: int, deck_id: str,
                  now: datetime) -> tuple[float, ExamPlan | None]:
    """(desired retention, exam plan or None) for a review of this deck made in `place_guild` (None: a DM)."""
    scope = settings_guild(place_guild, deck_guild)
    if scope is None:
        return DEFAULT_RETENTION, None
    row = conn.execute(
        "SELECT retention, exam_at, exam_target FROM deck_study WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?",
        (scope, deck_guild, deck_id),
    ).fetchone()
    if row is None:
        return DEFAULT_RETENTION, None
    plan = ExamPlan(from_ms(row[1]), float(row[2])) if row[1] is not None else None
    return (float(row[0]) if row[0] is not None else DEFAULT_RETENTION), (plan if plan and plan.active(now) else None)
