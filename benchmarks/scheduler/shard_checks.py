"""The sharded scheduler benchmark's correctness checks, worked out apart from the code under test.

Which slots were due is computed here from each schedule's local time and timezone with `zoneinfo` (not with
the bot's schedule rule): every daily slot after the schedule was created and no later than the last tick.
The checks then say whether each due slot was claimed by exactly one shard, and whether any shard claimed a
server of another shard (Discord's rule, `(guild_id >> 22) % count`, written out again here).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DISCORD_EPOCH_MS = 1_420_070_400_000  # 2015-01-01, the epoch of Discord's snowflakes


@dataclass(frozen=True)
class Planted:
    """One server's schedule as the benchmark added it."""

    schedule_id: int
    guild_id: int
    at: str  # "HH:MM", local
    zone: str


def snowflake_guilds(count: int, rng: random.Random) -> list[int]:
    """`count` distinct snowflake-like server ids: a creation time in milliseconds since Discord's epoch (drawn
    over 2015-2026) shifted left by 22, plus 22 random low bits. Their shard, the creation millisecond modulo the
    shard count, is then spread evenly, as real servers' are (ids 1..N would all be on shard 0)."""
    span_ms = 11 * 365 * 24 * 3600 * 1000
    found: set[int] = set()
    ids: list[int] = []
    while len(ids) < count:
        guild_id = (rng.randrange(span_ms) << 22) | rng.getrandbits(22)
        if guild_id not in found:
            found.add(guild_id)
            ids.append(guild_id)
    return ids


def shard_of(guild_id: int, count: int) -> int:
    return (guild_id >> 22) % count


def due_slots(planted: Iterable[Planted], created: datetime, last_tick: datetime) -> set[tuple[int, int]]:
    """(schedule id, local date ordinal) of every daily slot in [created, last_tick]: a slot due at the very
    instant the schedule was created is still posted (only those due before it are not)."""
    due = set()
    for schedule in planted:
        zone = ZoneInfo(schedule.zone)
        hour, minute = (int(part) for part in schedule.at.split(":"))
        first = created.astimezone(zone).date() - timedelta(days=1)
        last = last_tick.astimezone(zone).date() + timedelta(days=1)
        day = first
        while day <= last:
            slot = datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)
            if created <= slot <= last_tick:
                due.add((schedule.schedule_id, day.toordinal()))
            day += timedelta(days=1)
    return due


@dataclass(frozen=True)
class Verdict:
    due: int
    claimed_once: int
    claimed_twice_or_more: int
    missed: int
    not_due_but_claimed: int
    foreign: int  # posts a shard claimed for a server of another shard
    stored_posts: int  # schedule_posts rows in the database after the run
    missed_examples: tuple[tuple[int, str], ...] = ()

    @property
    def exactly_once(self) -> bool:
        return (self.claimed_once == self.due and not self.claimed_twice_or_more and not self.missed
                and not self.not_due_but_claimed and self.stored_posts == self.due)

    @property
    def owned_only(self) -> bool:
        return self.foreign == 0


def judge(claims: dict[int, list[tuple[int, int, int]]], count: int, due: set[tuple[int, int]],
          stored_posts: int) -> Verdict:
    """`claims`: per shard, the (schedule id, guild id, local date ordinal) it claimed over the run."""
    times = Counter((schedule_id, day) for slots in claims.values() for schedule_id, _, day in slots)
    foreign = sum(1 for shard, slots in claims.items() for _, guild_id, _ in slots if shard_of(guild_id, count) != shard)
    missed = sorted(due - times.keys())
    return Verdict(
        due=len(due),
        claimed_once=sum(1 for slot, n in times.items() if n == 1 and slot in due),
        claimed_twice_or_more=sum(1 for n in times.values() if n > 1),
        missed=len(missed),
        not_due_but_claimed=len(times.keys() - due),
        foreign=foreign,
        stored_posts=stored_posts,
        missed_examples=tuple((s, date.fromordinal(d).isoformat()) for s, d in missed[:3]),
    )
