"""Exam countdown: review intervals capped so that a deck is remembered on exam day (pure rules).

An exam is a date in the server's time zone; its instant (`exam_instant`) is the start of the server's
study day on that date (`bot.core.study_day.day_start`), so "on exam day" means from the moment that day
begins. Until then, a review's due date is capped (`capped_due`):

- a card may stay due after the exam only if its predicted recall at the exam instant is at least the
  target (FSRS's forgetting curve from the card's new stability and this review, as `fsrs` computes it:
  whole days since the last review);
- any other card is due no later than the last whole day after this review on which its recall is still
  at or above the target (at least one day after the review, so a weak card isn't due again at once),
  and never after the exam instant: it is reviewed before (or as) exam day begins.

The cap only ever brings a due date forward, never pushes one back. A review at or after the exam
instant (the exam is today or past) is scheduled normally, so after the exam normal scheduling resumes by
itself; nothing needs cleaning up. A card with no stability yet (never reviewed) is due by the exam.

Cards scheduled before the exam was set (or before its target was raised) may be due after it with too
little predicted recall: `at_risk` names them, and `/review` and the reminder count them as due now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from bot.core.messages import N_, Marked
from bot.core.srs import SrsState, days_per_stability, recall_after_days, recall_at
from bot.core.study_day import day_start

MIN_TARGET = 0.85
MAX_TARGET = 0.97
DEFAULT_TARGET = 0.90
MAX_DAYS_AHEAD = 3660  # an exam at most ~10 years ahead: a typo like 2206 is refused, not planned for
ONE_DAY = timedelta(days=1)
DAY_MS = 86_400_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class ExamPlan:
    exam_at: datetime  # UTC: the start of the server's study day on the exam date
    target: float  # wanted predicted recall on exam day, 0.85-0.97

    def active(self, now: datetime) -> bool:
        """The countdown runs until the exam day begins; from then on, scheduling is normal."""
        return now < self.exam_at


def validate_target(value: float) -> float:
    """A target of 0.85-0.97 to the hundredth, else ValueError with a readable message."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(Marked(N_("The target must be a number from 0.85 to 0.97.")))
    rounded = round(float(value), 2)
    if not MIN_TARGET <= rounded <= MAX_TARGET:
        raise ValueError(Marked(N_("The target must be from {least} to {most} (got {value})."),
                                least=f"{MIN_TARGET:.2f}", most=f"{MAX_TARGET:.2f}", value=f"{value:g}"))
    return rounded


def parse_exam_date(text: str, today: date) -> date:
    """`YYYY-MM-DD`, today or later and at most ~10 years ahead; ValueError otherwise."""
    value = str(text).strip()
    if not _DATE.fullmatch(value):
        raise ValueError(Marked(N_("Write the date as YYYY-MM-DD, e.g. 2027-01-15 (or `clear` to cancel the exam).")))
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(Marked(N_("{value} is not a date on the calendar."), value=value)) from None
    if day <= today:
        raise ValueError(Marked(N_("{value} is not after today ({today}): set a date still to come."), value=value,
                                today=today.isoformat()))
    if (day - today).days > MAX_DAYS_AHEAD:
        raise ValueError(Marked(N_("{value} is more than 10 years ahead."), value=value))
    return day


def exam_instant(day: date, timezone: str, day_start_hour: int) -> datetime:
    """When exam day begins: the start of the server's study day on that date, in UTC."""
    return day_start(day, timezone, day_start_hour)


def last_day_at_target(stability: float, target: float) -> int:
    """The most whole days after a review for which predicted recall stays >= target (fsrs's curve)."""
    days = max(0, int(stability * days_per_stability(target)))
    start = datetime(2000, 1, 1, tzinfo=UTC)  # any instant: only the whole days between the two matter
    # The curve is exact; these steps only absorb floating-point rounding at the boundary (a step or two).
    for _ in range(4):
        if recall_at(stability, start, start + (days + 1) * ONE_DAY) >= target:
            days += 1
        elif days > 0 and recall_at(stability, start, start + days * ONE_DAY) < target:
            days -= 1
        else:
            break
    return days


def capped_due(state: SrsState, plan: ExamPlan | None, now: datetime) -> datetime:
    """The due date of a card just reviewed at `now` (state from `srs.review`) under the exam plan."""
    due = state.due
    if plan is None or not plan.active(now) or due <= plan.exam_at:
        return due
    if state.stability is None or state.last_review is None:
        return plan.exam_at
    if recall_at(state.stability, state.last_review, plan.exam_at) >= plan.target:
        return due
    days = max(1, last_day_at_target(state.stability, plan.target))
    return min(due, plan.exam_at, state.last_review + days * ONE_DAY)


def capped(state: SrsState, plan: ExamPlan | None, now: datetime) -> SrsState:
    """`state` with its due date capped for the exam (the same state when nothing changes)."""
    due = capped_due(state, plan, now)
    return state if due == state.due else replace(state, due=due)


def at_risk(stability: float | None, last_review: datetime | None, due: datetime, plan: ExamPlan,
            now: datetime) -> bool:
    """A card the countdown must bring forward: due after the exam with predicted recall on exam day below
    the target (it was scheduled before the exam was set). Cards due before the exam come up anyway."""
    if not plan.active(now) or due <= plan.exam_at or last_review is None:
        return False
    return recall_at(stability, last_review, plan.exam_at) < plan.target


def predicted_share(card_ids: list[str], states: dict[str, tuple[float | None, int | None]], exam_at_ms: int) -> float:
    """Mean predicted recall on exam day over a deck's cards; a card not yet seen (no state) counts 0.

    `states`: card id -> (stability, last review in UTC ms), as stored. Cards no longer in the deck are
    ignored. Whole days are counted as fsrs counts them (rounded down), in milliseconds to stay cheap."""
    if not card_ids:
        return 0.0
    total = 0.0
    for card_id in card_ids:
        stability, last_ms = states.get(card_id, (None, None))
        if stability and last_ms is not None:
            total += recall_after_days(stability, (exam_at_ms - last_ms) // DAY_MS)
    return total / len(card_ids)
