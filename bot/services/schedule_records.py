"""The rows of scheduled posts and polls, as the scheduling and poll services read and write them.

Storage fills them in (and imports them from here). Times ending in `_ms` are milliseconds (UTC); a
post's `local_date` is the slot it claimed, None for a manual (`/schedule post-now`) post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    id: int
    guild_id: int
    channel_id: int
    deck_id: str
    kind: str
    level: str | None
    time_text: str
    timezone: str
    days_text: str
    grace_hours: int
    poll_hours: int
    paused: bool
    pause_reason: str | None
    active_since_ms: int
    next_check_at_ms: int
    checked_at_ms: int
    reported_through: date | None
    cycle: int
    pick: str = "rotation"  # 'rotation' or 'review' (migration 016)


@dataclass(frozen=True, slots=True)
class PostRow:
    id: int
    schedule_id: int
    guild_id: int
    channel_id: int
    local_date: date | None
    cycle: int
    deck_id: str
    card_id: str
    form: str
    late: bool
    claimed_at_ms: int
    message_id: int | None
    sent_at_ms: int | None
    failure: str | None
    poll_closes_at_ms: int | None
    poll_ended_at_ms: int | None
    reveal_claimed: bool
    reveal_message_id: int | None
    pick_reason: str | None = None  # review schedules: why the card was picked (`bot.core.group_pick`)
    pick_members: int | None = None
    pick_retention: float | None = None


@dataclass(frozen=True, slots=True)
class NewSchedule:
    guild_id: int
    channel_id: int
    deck_id: str
    kind: str
    level: str | None
    time_text: str
    timezone: str
    days_text: str
    grace_hours: int
    poll_hours: int
    created_by: int
    now_ms: int
    pick: str = "rotation"


@dataclass(frozen=True, slots=True)
class TickPlan:
    """The policy's decision for one schedule: the date to claim (or None) and the bookkeeping."""

    post_date: date | None
    late: bool
    next_check_at_ms: int
    reported_through: date | None


@dataclass(frozen=True, slots=True)
class PickWhy:
    """Why a review schedule picked its card, stored with the post (`/schedule list` shows it)."""

    reason: str  # 'memory', 'new' or 'unseen'
    members: int | None = None
    retention: float | None = None


@dataclass(frozen=True, slots=True)
class PostHistory:
    """What a review pick needs from the schedule's own posts (read in the claim transaction)."""

    post_count: int  # posts claimed so far, try-outs included
    posted_cards: frozenset[str]


@dataclass(frozen=True, slots=True)
class CardChoice:
    card_id: str
    form: str
    new_cycle: bool  # the previous cycle is complete: this card opens the next one
    why: PickWhy | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    key: str
    text: str
