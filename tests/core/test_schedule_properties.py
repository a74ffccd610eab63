"""A simulated month of scheduler ticks with restarts, pauses and a wall clock that jumps.

The only state that survives a restart is the "database": the claimed (local date) slots, the
pause flag with its resume time, and, for the indexed scheduler, each schedule's next check. An
oracle written without the code under test (minute scan for due instants, the local date of the
tick for the day bound) says for every tick whether it must post, and which date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from bot.core.schedule import TickDecision, claims_needed_from, decide_tick, occurrence_on
from bot.core.schedule_rule import ScheduleRule

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "America/St_Johns",
]
NEAR_TRANSITIONS = [
    date(2026, 3, 1),
    date(2026, 3, 20),
    date(2026, 3, 27),
    date(2026, 9, 20),
    date(2026, 10, 20),
]
MONTH = timedelta(days=31)
MAX_JUMP_MINUTES = 3 * 24 * 60


class Oracle:
    """Due instants by scanning minutes: the first UTC minute whose local wall clock reads the time."""

    def __init__(self, zone: ZoneInfo, at: time, grace_hours: int) -> None:
        self.zone, self.at, self.grace = zone, at, timedelta(hours=grace_hours)
        self._due: dict[date, datetime] = {}

    def due(self, day: date) -> datetime:
        if day not in self._due:
            target = datetime.combine(day, self.at)
            guess = target.replace(tzinfo=self.zone).astimezone(UTC).replace(second=0)
            minute = guess - timedelta(hours=3)
            while minute.astimezone(self.zone).replace(tzinfo=None) < target:
                minute += timedelta(minutes=1)
            self._due[day] = minute
        return self._due[day]

    def window_date(self, wall: datetime, days: frozenset[int]) -> date | None:
        """The eligible date whose posting window contains this wall-clock instant, if any."""
        day = wall.astimezone(self.zone).date()
        if day.weekday() in days and self.due(day) <= wall < self.due(day) + self.grace:
            return day
        return None


@dataclass
class Database:
    claimed: list[date] = field(default_factory=list)  # in claim order
    claimed_set: set[date] = field(default_factory=set)
    paused: bool = False
    active_since: datetime | None = None
    next_check_at: datetime | None = None  # the indexed scheduler's two columns
    checked_at: datetime | None = None  # wall time of its last decision

    def claim(self, day: date) -> bool:
        if day in self.claimed_set:
            return False
        self.claimed.append(day)
        self.claimed_set.add(day)
        return True

    def recent_claims(self, rule: ScheduleRule, now: datetime) -> set[date]:
        """What storage would read: the claimed dates from `claims_needed_from` on."""
        return {day for day in self.claimed if day >= claims_needed_from(rule, now)}


@dataclass(frozen=True)
class Segment:
    run_minutes: int  # real time the process stays up
    tick_minutes: int  # how often it wakes
    down_minutes: int  # then it is down this long (0: no restart)
    jump_minutes: int  # and the wall clock moves by this much (either way)
    toggle_pause: bool  # and an admin pauses or resumes


segments = st.builds(
    Segment,
    run_minutes=st.integers(10, 8 * 24 * 60),
    tick_minutes=st.sampled_from([1, 1, 2, 5, 17, 60, 180]),
    down_minutes=st.one_of(st.just(0), st.integers(1, 3 * 24 * 60)),
    jump_minutes=st.one_of(st.just(0), st.integers(-MAX_JUMP_MINUTES, MAX_JUMP_MINUTES)),
    toggle_pause=st.sampled_from([False] * 7 + [True]),
)


@st.composite
def rules(draw: st.DrawFn) -> ScheduleRule:
    hour = draw(st.one_of(st.integers(0, 3), st.integers(0, 23)))
    minute = draw(st.sampled_from([0, 1, 15, 30, 44, 45, 59]))
    return ScheduleRule(
        time(hour, minute),
        draw(st.sampled_from(ZONES)),
        draw(st.frozensets(st.integers(0, 6), min_size=1)),
        grace_hours=draw(st.integers(1, 24)),
    )


Decide = Callable[..., TickDecision]


def simulate(
    rule: ScheduleRule, start: date, plan: list[Segment], decide: Decide = decide_tick
) -> list[date]:
    """Run the month; return the dates posted, in order."""
    oracle = Oracle(rule.zone, rule.local_time, rule.grace_hours)
    running, paused_rule = replace(rule, paused=False), replace(rule, paused=True)
    plain, indexed = Database(), Database()  # a tick-everything scheduler and an indexed one
    real = datetime.combine(start, time(0, 0), tzinfo=UTC)
    end = real + MONTH
    offset = timedelta(0)
    window_ticks: set[date] = set()  # dates that had an active tick inside their window
    for index in range(10_000):
        segment = plan[index % len(plan)]
        up_until = min(real + timedelta(minutes=segment.run_minutes), end)
        while real < up_until:
            wall = real + offset
            paused, since = plain.paused, plain.active_since
            current = paused_rule if paused else running
            expected = oracle.window_date(wall, rule.days)
            active = not paused and expected is not None and (since is None or oracle.due(expected) >= since)
            if active and expected is not None:
                window_ticks.add(expected)
            must_post = active and expected is not None and expected not in plain.claimed_set

            decision = decide(current, plain.claimed_set, wall, active_since=since)  # all claims
            assert (decision.post.local_date if decision.post else None) == (
                expected if must_post else None
            ), (
                wall,
                wall.astimezone(rule.zone),
                decision,
            )
            if decision.post is not None:
                assert oracle.due(decision.post.local_date) == decision.post.due_at
                assert plain.claim(decision.post.local_date), "a claimed date was offered again"

            # The indexed scheduler decides only the rows its query returns:
            # `next_check_at IS NULL OR next_check_at <= now OR checked_at > now` (the last catches a
            # row decided by a clock that was ahead and has since come back).
            if (
                indexed.next_check_at is None
                or wall >= indexed.next_check_at
                or (indexed.checked_at is not None and indexed.checked_at > wall)
            ):
                decided = decide(current, indexed.recent_claims(rule, wall), wall, active_since=since)
                indexed.next_check_at, indexed.checked_at = decided.next_check_at, wall
                if decided.post is not None:
                    assert indexed.claim(decided.post.local_date)
            real += timedelta(minutes=segment.tick_minutes)
        if real >= end:
            break
        if segment.down_minutes:
            real += timedelta(minutes=segment.down_minutes)  # nothing in memory: all state is the database
        offset += timedelta(minutes=segment.jump_minutes)
        if segment.toggle_pause:
            resumed = plain.paused
            for database in (plain, indexed):
                database.paused = not database.paused
                if resumed:
                    database.active_since = real + offset
                    database.next_check_at = None

    # Never twice, and the index changes nothing. (No backlog: each tick above posted only the date
    # whose window held it.)
    assert len(set(plain.claimed)) == len(plain.claimed)
    assert indexed.claimed == plain.claimed
    # Exactly once per due date that had an active tick in its window; no other date.
    assert set(plain.claimed) == window_ticks
    return plain.claimed


@settings(max_examples=30, deadline=None)
@given(
    rule=rules(),
    start=st.one_of(st.sampled_from(NEAR_TRANSITIONS), st.dates(date(2026, 1, 1), date(2026, 11, 30))),
    plan=st.lists(segments, min_size=1, max_size=10),
)
@example(  # minute ticks through London's spring forward, a restart across the gap, then a day ahead
    rule=ScheduleRule.parse("01:30", "Europe/London", grace_hours=2),
    start=date(2026, 3, 20),
    plan=[Segment(9 * 24 * 60 + 30, 1, 45, 0, False), Segment(3 * 24 * 60, 1, 0, 24 * 60, False)],
)
@example(  # minute ticks through New York's fall back, the clock going back two days and forward again
    rule=ScheduleRule.parse("01:30", "America/New_York", days="weekdays"),
    start=date(2026, 10, 25),
    plan=[Segment(7 * 24 * 60, 1, 0, -2 * 24 * 60, False), Segment(5 * 24 * 60, 1, 30, 2 * 24 * 60, False)],
)
@example(  # Lord Howe's half-hour spring forward, paused for a week, resumed
    rule=ScheduleRule.parse("02:15", "Australia/Lord_Howe", days="mon,wed,fri,sun"),
    start=date(2026, 9, 28),
    plan=[Segment(5 * 24 * 60, 1, 0, 0, True), Segment(7 * 24 * 60, 5, 0, 0, True)],
)
def test_a_month_of_ticks_posts_each_due_date_exactly_once(
    rule: ScheduleRule, start: date, plan: list[Segment]
) -> None:
    posted = simulate(rule, start, plan)
    event(f"posted {min(len(posted) // 5 * 5, 30)}+ dates")
    event("clock went back" if any(s.jump_minutes < 0 for s in plan) else "clock never went back")
    event("paused at some point" if any(s.toggle_pause for s in plan) else "never paused")


def test_the_simulation_catches_a_scheduler_that_posts_twice() -> None:
    """The harness can fail: a scheduler that ignores the claimed dates is caught."""

    def forgetful(rule: ScheduleRule, claimed: set[date], now: datetime, **kwargs: object) -> TickDecision:
        return decide_tick(rule, set(), now, **kwargs)  # type: ignore[arg-type]

    rule = ScheduleRule.parse("08:00", "Asia/Kolkata")
    try:
        simulate(rule, date(2026, 6, 1), [Segment(3 * 24 * 60, 30, 0, 0, False)], decide=forgetful)
    except AssertionError:
        return
    raise AssertionError("the simulation accepted a scheduler that posts a date twice")


def test_the_simulation_catches_a_scheduler_that_posts_a_backlog() -> None:
    """After a day down, a scheduler that posts the oldest unposted date (a backlog) is caught."""

    def backlogging(rule: ScheduleRule, claimed: set[date], now: datetime, **kwargs: object) -> TickDecision:
        decision = decide_tick(rule, claimed, now, **kwargs)  # type: ignore[arg-type]
        if decision.post is not None and decision.missed:
            return replace(decision, post=occurrence_on(rule, decision.missed[0]))
        return decision

    rule = ScheduleRule.parse("08:00", "Asia/Kolkata")
    plan = [Segment(24 * 60, 1, 30 * 60, 0, False)]
    try:
        simulate(rule, date(2026, 6, 1), plan, decide=backlogging)
    except AssertionError:
        return
    raise AssertionError("the simulation accepted a scheduler that posts a backlog")
