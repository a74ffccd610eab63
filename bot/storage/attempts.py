"""Recording an attempt with everything derived from it, in the caller's (batch) transaction.

The attempt row, the study day and streak, the leaderboard period rows, the spaced-repetition state and
the concept tallies are written together, so they can't disagree after a crash.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.core import srs
from bot.core.deck_study import settings_guild
from bot.core.errors import NotAppealable
from bot.core.exam import capped
from bot.core.instants import from_ms, to_ms
from bot.core.messages import N_
from bot.core.study_day import month_start, study_day, travel_safe_day, week_start
from bot.services.records import AppealResult, NewAttempt, StoredAttempt
from bot.storage.deck_study_policy import policy_of
from bot.storage.settings_store import effective_settings
from bot.storage.streak_store import count_study_day, load_streak, load_streak_and_latest, note_latest_attempt

MAX_ANSWER_TEXT = 4000


def _period_rows(guild_day: date) -> list[tuple[str, int]]:
    return [("week", week_start(guild_day).toordinal()), ("month", month_start(guild_day).toordinal()), ("all", 0)]


_ADD_TO_PERIOD = (
    "INSERT INTO period_scores (guild_id, period, starts, user_id, points, attempts, correct)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, period, starts, user_id) DO UPDATE SET"
    " points = points + excluded.points, attempts = attempts + excluded.attempts,"
    " correct = correct + excluded.correct"
)


def add_to_periods(
    conn: sqlite3.Connection, guild_id: int, user_id: int, guild_day: date, points: int, attempts: int, correct: int
) -> tuple[int, int]:
    """Add to the week, month and all-time rows; returns the member's all-time points and answers after it."""
    rows = [(guild_id, period, starts, user_id, points, attempts, correct) for period, starts in _period_rows(guild_day)]
    conn.executemany(_ADD_TO_PERIOD, rows[:2])
    total = conn.execute(_ADD_TO_PERIOD + " RETURNING points, attempts", rows[2]).fetchone()
    return int(total[0]), int(total[1])


# The card's review state and the deck's study settings where the answer was given (/deck retention,
# /deck exam; `settings_guild` picks the server whose settings apply, NULL for none): one statement, as it
# runs for every stored answer.
_CARD_AND_POLICY = (
    "SELECT card.state, card.step, card.stability, card.difficulty, card.due, card.last_review,"
    " policy.retention, policy.exam_at, policy.exam_target"
    " FROM (SELECT 1 AS here) AS one"
    " LEFT JOIN srs_cards AS card ON card.user_id = ? AND card.deck_guild = ? AND card.deck_id = ? AND card.card_id = ?"
    " LEFT JOIN deck_study AS policy ON policy.guild_id = ? AND policy.deck_guild = ? AND policy.deck_id = ?"
)


def _review_card(conn: sqlite3.Connection, attempt: NewAttempt) -> datetime:
    scope = settings_guild(attempt.guild_id, attempt.deck_guild)
    row = conn.execute(
        _CARD_AND_POLICY,
        (attempt.user_id, attempt.deck_guild, attempt.deck_id, attempt.card_id, scope, attempt.deck_guild,
         attempt.deck_id),
    ).fetchone()
    previous = (
        srs.SrsState(row[0], row[1], row[2], row[3], from_ms(row[4]), from_ms(row[5]) if row[5] else None)
        if row[4] is not None
        else None
    )
    retention, exam = policy_of(row[6:], attempt.answered_at)
    state = srs.review(
        previous,
        srs.FlashRating(attempt.srs_rating),
        deck_id=attempt.deck_id,
        card_id=attempt.card_id,
        now=attempt.answered_at,
        rng=attempt.srs_seed,
        desired_retention=retention,
    )
    state = capped(state, exam, attempt.answered_at)
    conn.execute(
        "INSERT INTO srs_cards (user_id, deck_guild, deck_id, card_id, state, step, stability, difficulty, due,"
        " last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, deck_guild, deck_id, card_id)"
        " DO UPDATE SET"
        " state = excluded.state, step = excluded.step, stability = excluded.stability,"
        " difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review",
        (
            attempt.user_id, attempt.deck_guild, attempt.deck_id, attempt.card_id, state.state, state.step,
            state.stability,
            state.difficulty, to_ms(state.due), to_ms(state.last_review) if state.last_review else None,
        ),
    )
    return state.due


def _next_review(conn: sqlite3.Connection, attempt: NewAttempt) -> datetime | None:
    row = conn.execute(
        "SELECT due FROM srs_cards WHERE user_id = ? AND deck_guild = ? AND deck_id = ? AND card_id = ?",
        (attempt.user_id, attempt.deck_guild, attempt.deck_id, attempt.card_id),
    ).fetchone()
    return from_ms(row[0]) if row else None


def _points_total(conn: sqlite3.Connection, guild_id: int | None, user_id: int) -> int:
    if guild_id is None:
        return 0
    row = conn.execute(
        "SELECT points FROM period_scores WHERE guild_id = ? AND period = 'all' AND starts = 0 AND user_id = ?",
        (guild_id, user_id),
    ).fetchone()
    return row[0] if row else 0


def _existing(conn: sqlite3.Connection, attempt: NewAttempt, timezone: str, hour: int) -> StoredAttempt:
    row = conn.execute(
        "SELECT id, correct, points, choice, rating, concepts_hit, concepts_total, self_credited FROM attempts"
        " WHERE user_id = ? AND question_key = ?",
        (attempt.user_id, attempt.question_key),
    ).fetchone()
    streak = load_streak(conn, attempt.guild_id, attempt.user_id) if attempt.guild_id is not None else None
    return StoredAttempt(
        row[0], True, bool(row[1]), row[2], row[3], row[4], row[5], row[6], bool(row[7]), streak, timezone, hour,
        _next_review(conn, attempt),
        _points_total(conn, attempt.guild_id, attempt.user_id),
    )


def record_attempt(conn: sqlite3.Connection, attempt: NewAttempt) -> StoredAttempt:
    """Store one attempt (or recognise a duplicate question_key) and update what derives from it."""
    settings = effective_settings(conn, attempt.user_id, attempt.guild_id)
    if not settings.member_known:
        conn.execute("INSERT INTO members (user_id) VALUES (?) ON CONFLICT DO NOTHING", (attempt.user_id,))
    member_day = guild_day = None
    known_streak = None
    if attempt.guild_id is not None:
        known_streak, latest = load_streak_and_latest(conn, attempt.guild_id, attempt.user_id)
        member_day = travel_safe_day(
            study_day(attempt.answered_at, settings.timezone, settings.day_start_hour),
            latest_day=latest[1] if latest else None,
            latest_at=latest[0] if latest else None,
            now=attempt.answered_at,
        )
        guild_day = study_day(attempt.answered_at, settings.guild_timezone, settings.day_start_hour)
    row = conn.execute(
        "INSERT INTO attempts (user_id, guild_id, deck_guild, deck_id, card_id, kind, level, source, question_key,"
        " choice, answer_text, rating, correct, concepts_hit, concepts_total, points, study_day, guild_day,"
        " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id, question_key) WHERE question_key IS NOT NULL DO NOTHING RETURNING id",
        (
            attempt.user_id, attempt.guild_id, attempt.deck_guild, attempt.deck_id, attempt.card_id, attempt.kind,
            attempt.level, attempt.source, attempt.question_key, attempt.choice,
            attempt.answer_text[:MAX_ANSWER_TEXT] if attempt.answer_text is not None else None,
            attempt.rating, int(attempt.correct), attempt.concepts_hit, attempt.concepts_total, attempt.points,
            member_day.toordinal() if member_day else None, guild_day.toordinal() if guild_day else None,
            to_ms(attempt.answered_at),
        ),
    ).fetchone()
    if row is None:
        return _existing(conn, attempt, settings.timezone, settings.day_start_hour)
    streak, points_total, answers_total = None, 0, 0
    if attempt.guild_id is not None and member_day is not None and guild_day is not None:
        points_total, answers_total = add_to_periods(
            conn, attempt.guild_id, attempt.user_id, guild_day, attempt.points, 1, int(attempt.correct)
        )
        streak = count_study_day(
            conn, attempt.guild_id, attempt.user_id, member_day, settings.timezone, settings.day_start_hour,
            known_streak,
        )
        note_latest_attempt(conn, attempt.guild_id, attempt.user_id, attempt.answered_at, member_day)
    next_review = _review_card(conn, attempt)
    if attempt.concepts:
        conn.executemany(
            "INSERT INTO concept_stats (user_id, guild_id, deck_guild, deck_id, card_id, concept, seen, missed)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (user_id, guild_id, deck_guild, deck_id, card_id, concept)"
            " DO UPDATE SET seen = seen + 1, missed = missed + excluded.missed",
            [(attempt.user_id, attempt.guild_id or 0, attempt.deck_guild, attempt.deck_id, attempt.card_id, name,
              int(not hit)) for name, hit in attempt.concepts],
        )
    return StoredAttempt(
        row[0], False, attempt.correct, attempt.points, attempt.choice, attempt.rating, attempt.concepts_hit,
        attempt.concepts_total, False, streak, settings.timezone, settings.day_start_hour, next_review, points_total,
        answers_total,
    )


def appeal_attempt(conn: sqlite3.Connection, user_id: int, attempt_id: int, credited_points: int,
                   guild_id: int | None, now_ms: int) -> AppealResult:
    """Mark the member's own open attempt correct and self-credited, moving its points in the periods.

    An attempt is appealed at most once, ever (`appealed_at`): after an admin's verdict a replayed click
    changes nothing. The appeal must come from where the answer was given (`guild_id`, None for a DM).
    """
    row = conn.execute(
        "SELECT user_id, kind, correct, points, self_credited, guild_id, guild_day, appealed_at FROM attempts"
        " WHERE id = ?",
        (attempt_id,),
    ).fetchone()
    if row is None or row[0] != user_id or row[5] != guild_id:
        raise NotAppealable(N_("That answer isn't one of yours here, so it can't be appealed."))
    if row[1] != "open":
        raise NotAppealable(N_("Only open answers can be appealed; choices and flashcards are marked exactly."))
    if row[7] is not None:
        raise NotAppealable(N_("You already appealed this answer."))
    if row[2] or row[4]:
        return AppealResult(attempt_id, True, row[3], row[5])
    points = max(row[3], credited_points)
    # Conditional, so that of two processes appealing at once (PostgreSQL) only one moves the points.
    if not conn.execute("UPDATE attempts SET correct = 1, self_credited = 1, points = ?, appealed_at = ?"
                        " WHERE id = ? AND appealed_at IS NULL AND correct = 0 AND self_credited = 0",
                        (points, now_ms, attempt_id)).rowcount:
        raise NotAppealable(N_("You already appealed this answer."))
    if row[5] is not None and row[6] is not None:
        add_to_periods(conn, row[5], user_id, date.fromordinal(row[6]), points - row[3], 0, 1)
    return AppealResult(attempt_id, False, points, row[5])
