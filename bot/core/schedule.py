"""When a scheduled question is due, and what one scheduler tick should do about it.

Pure: `now` is an argument (aware; converted to UTC), nothing here reads a clock or storage.

Slots. A schedule posts at most once per *local date* of its timezone; the pair
(schedule_id, local_date) is the slot. `decide_tick` says which slot to post now, if any. The
caller makes it exactly once; these functions can't, so the caller must:

1. Claim the slot atomically in storage before sending anything (a unique key on
   (schedule_id, local_date), `INSERT ... ON CONFLICT DO NOTHING`, in the same transaction that
   records the intent: card, channel, time). If the insert changed no row, another process or an
   earlier run owns the slot: do nothing more.
2. Send the message (its content carries a marker with the schedule id and local date, e.g. in the
   button ids or the footer), then record the message id on the slot.
3. On start, reconcile every slot that has an intent but no message id: look for the marked message
   in the channel's recent history; found -> record its id; not found -> send it now (the slot is
   already claimed, so no other process will). Never delete a claim to "retry" a slot.

`decide_tick` gets the schedule's claimed dates (see `claims_needed_from`) and only ever offers the
latest due date, if it is unclaimed and its window is open at `now`; so a wall clock that jumps back
can't post a date again, and one that jumps forward posts at most one date and reports the others
as missed: a backlog is never posted. Missed dates are logged, not claimed (a clock that ran ahead
must not block the real dates later); keep the latest reported one as `reported_through` to log
each once. A manual post (`/schedule post-now`) is not a slot and
claims nothing.

Ticks cost O(due schedules) if the caller stores, per schedule, `next_check_at` (from the last
decision) and `checked_at` (the wall time of that decision), and decides only the rows where
`next_check_at <= now OR checked_at > now`: the second part re-decides rows decided by a clock that
was ahead and has come back. Paused rows are left out; creating or resuming a schedule sets
`active_since` to now and `next_check_at` to NULL (decide it at the next tick).

Times: 08:00 stays 08:00 local across DST; a local time that doesn't exist (spring forward) is due
at the first instant after the gap; a repeated local time (fall back) is due at its first
occurrence only. Windows are measured in real elapsed hours from the due instant and never reach
past the end of that local day.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.core.instants import utc
from bot.core.schedule_rule import ScheduleRule

LATE_AFTER = timedelta(minutes=5)  # a post this far past its time is labelled late
MISSED_REPORT_MAX_DAYS = 31  # missed dates further back than this are not listed one by one
_MIDNIGHT = time(0, 0)
_ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Occurrence:
    """One slot of a schedule: its local date and the instant (UTC) it is due."""

    local_date: date
    due_at: datetime


@dataclass(frozen=True)
class TickDecision:
    """What to do for one schedule at one tick.

    `post`: the slot to claim and post now, or None. `late`: the post is past its time by at least
    LATE_AFTER (say so in the message or the log). `missed`: eligible dates that will never be posted,
    oldest first, to log once. `next_check_at`: when this schedule next needs a tick (None if paused).
    """

    post: Occurrence | None
    late: bool
    missed: tuple[date, ...]
    reason: str
    next_check_at: datetime | None


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None, fold=0)


@lru_cache(maxsize=16384)  # pure; a tick over thousands of schedules asks for few distinct (date, time, zone)
def resolve_local_time(local_date: date, local_time: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time on a date, following the DST rules above."""
    wall = datetime.combine(local_date, local_time)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == wall:
        return first  # exists; if it is repeated, fold=0 is the first occurrence
    # In a gap: fold=0 reads it with the offset before the gap, fold=1 with the one after; the
    # transition instant lies between, and it is the first instant whose wall time is >= `wall`.
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = min(first, second), max(first, second)
    if _wall(high, zone) < wall:  # not a simple gap (never seen in the tz database): walk forward
        while _wall(high, zone) < wall:
            high += timedelta(minutes=1)
        return high
    while high - low > _ONE_SECOND:  # whole seconds: zone offsets and HH:MM times have no fractions
        middle = low + timedelta(seconds=int((high - low).total_seconds()) // 2)
        if _wall(middle, zone) >= wall:
            high = middle
        else:
            low = middle
    return high


def occurrence_on(rule: ScheduleRule, local_date: date) -> Occurrence:
    """The slot of a local date (whether or not the rule's days include it)."""
    return Occurrence(local_date, resolve_local_time(local_date, rule.local_time, rule.zone))


def window_end(rule: ScheduleRule, occurrence: Occurrence) -> datetime:
    """The first instant at which the slot can no longer be posted: grace elapsed, or the local day over."""
    next_midnight = resolve_local_time(occurrence.local_date + timedelta(days=1), _MIDNIGHT, rule.zone)
    return min(occurrence.due_at + timedelta(hours=rule.grace_hours), next_midnight)


def next_due(rule: ScheduleRule, after: datetime) -> Occurrence:
    """The first slot due strictly after `after` on one of the rule's days (ignores `paused`).

    Strictly: `next_due(rule, occurrence.due_at)` is the following slot, never the same one.
    """
    after = utc(after, "after")
    start = after.astimezone(rule.zone).date() - timedelta(days=1)
    for offset in range(10):  # the day before (a gap may push a time past midnight) plus a week and margin
        day = start + timedelta(days=offset)
        if day.weekday() in rule.days:
            occurrence = occurrence_on(rule, day)
            if occurrence.due_at > after:
                return occurrence
    raise AssertionError("a rule with at least one weekday is due within ten days")


def latest_due(rule: ScheduleRule, at: datetime) -> Occurrence:
    """The latest slot due at or before `at` on one of the rule's days (ignores `paused`)."""
    at = utc(at, "at")
    start = at.astimezone(rule.zone).date() + timedelta(days=1)
    for offset in range(10):
        day = start - timedelta(days=offset)
        if day.weekday() in rule.days:
            occurrence = occurrence_on(rule, day)
            if occurrence.due_at <= at:
                return occurrence
    raise AssertionError("a rule with at least one weekday was due within ten days")


def claims_needed_from(rule: ScheduleRule, now: datetime) -> date:
    """The earliest local date whose claim `decide_tick` looks at: pass the claimed dates from here on."""
    return utc(now, "now").astimezone(rule.zone).date() - timedelta(days=MISSED_REPORT_MAX_DAYS + 9)


def _unclaimed_dates_before(
    rule: ScheduleRule, floor: date, latest: date, claimed: Collection[date]
) -> list[date]:
    """Eligible, unclaimed dates after `floor` and before `latest`, at most the last few weeks."""
    first = max(floor + timedelta(days=1), latest - timedelta(days=MISSED_REPORT_MAX_DAYS))
    found = []
    for index in range((latest - first).days):
        day = first + timedelta(days=index)
        if day.weekday() in rule.days and day not in claimed:
            found.append(day)
    return found


def decide_tick(
    rule: ScheduleRule,
    claimed: Collection[date],
    now: datetime,
    *,
    active_since: datetime | None = None,
    reported_through: date | None = None,
) -> TickDecision:
    """Decide one tick for one schedule. Idempotent: the same inputs give the same decision.

    `claimed`: the local dates already claimed for this schedule, at least those from
    `claims_needed_from(rule, now)` on (only membership is used; any container with `in`).
    `active_since`: when the schedule was created or last resumed; slots due before it are neither
    posted nor reported (a new 08:00 schedule added at 10:00 starts tomorrow).
    `reported_through`: the latest date already logged as missed; it only silences repeated
    reports, it never blocks a post.
    """
    now = utc(now, "now")
    if rule.paused:
        return TickDecision(None, False, (), "paused", None)
    next_check_at = next_due(rule, now).due_at
    latest = latest_due(rule, now)
    since = None if active_since is None else utc(active_since, "active_since")
    if latest.local_date in claimed:
        return TickDecision(
            None, False, (), f"{latest.local_date.isoformat()} already claimed", next_check_at  # i18n: not shown (logged)
        )
    if since is not None and latest.due_at < since:
        idle = "nothing due since the schedule became active"  # i18n: not shown (logged)
        return TickDecision(None, False, (), idle, next_check_at)

    # Missed dates are listed above a known floor only: without one there is no history to speak of.
    lookback = claims_needed_from(rule, now)
    last_claimed = max((day for day in claimed if day >= lookback), default=None)
    floors = [day for day in (reported_through, last_claimed) if day is not None]
    if since is not None:
        floors.append(since.astimezone(rule.zone).date() - timedelta(days=1))
    earlier = _unclaimed_dates_before(rule, max(floors), latest.local_date, claimed) if floors else []
    if since is not None:
        earlier = [day for day in earlier if occurrence_on(rule, day).due_at >= since]

    if now < window_end(rule, latest):
        lateness = now - latest.due_at
        late = lateness >= LATE_AFTER
        minutes = int(lateness.total_seconds() // 60)
        reason = f"posting {latest.local_date.isoformat()}" + (f", {minutes} min late" if late else "")  # i18n: not shown (logged)
        return TickDecision(latest, late, tuple(earlier), reason, next_check_at)

    if reported_through is None or latest.local_date > reported_through:
        earlier.append(latest.local_date)
    reason = (
        f"missed {latest.local_date.isoformat()}: no tick between {rule.time_text} and the end of its "  # i18n: not shown (logged)
        f"{rule.grace_hours} h grace window (or of that local day) in {rule.timezone}"  # i18n: not shown (logged)
    )
    return TickDecision(None, False, tuple(earlier), reason, next_check_at)
