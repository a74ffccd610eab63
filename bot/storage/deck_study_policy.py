"""What a deck's study settings mean inside a transaction or a read (migration 018, `deck_study`).

`policy_of` reads the settings row that an attempt's transaction fetches with the card's review state
(`bot.storage.attempts`), so every way an answer is recorded (drills, reviews, scheduled posts, polls,
rounds) schedules with the settings that apply where it was given. `AT_RISK_DUE` is the part of the due-cards read (`bot.storage.reads.Reads.due`) that brings
forward the cards an exam puts at risk. Both follow `bot.core.deck_study.settings_guild`. (Kept apart from
the store, `bot.storage.deck_study`, which imports the database module that imports this one.)
"""

from __future__ import annotations

from datetime import datetime

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


def policy_of(row: tuple[float | None, int | None, float | None] | None,
              now: datetime) -> tuple[float, ExamPlan | None]:
    """(retention, exam_at, exam_target) as read from deck_study (None or NULLs: the deck has no settings)."""
    if row is None:
        return DEFAULT_RETENTION, None
    plan = ExamPlan(from_ms(row[1]), float(row[2])) if row[1] is not None and row[2] is not None else None
    return (float(row[0]) if row[0] is not None else DEFAULT_RETENTION), (plan if plan and plan.active(now) else None)
