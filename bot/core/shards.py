"""Which shard a server belongs to, and which servers a process serves.

Discord sends a server's events on shard `(guild_id >> 22) % shard_count` (and direct messages on shard 0),
so every part of Recall that works per server (the scheduler, polls, reminders, role sweeps) asks the same
question of the same rule: this module. Pure; the settings parse the operator's text into a `ShardSet`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DM_SHARD = 0  # Discord delivers direct messages on shard 0 only


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that carries `guild_id`'s events when the bot runs `shard_count` shards."""
    if shard_count < 1:
        raise ValueError(f"shard_count must be at least 1, got {shard_count}")
    return (int(guild_id) >> 22) % shard_count


@dataclass(frozen=True)
class ShardSet:
    """The shards one process serves out of `count`: `ids` sorted, each in range(count)."""

    count: int
    ids: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"count must be at least 1, got {self.count}")
        if not self.ids or list(self.ids) != sorted(set(self.ids)) or not all(0 <= i < self.count for i in self.ids):
            raise ValueError(f"ids must be distinct, sorted and below {self.count}, got {self.ids}")

    @classmethod
    def of(cls, count: int, ids: Iterable[int] | None = None) -> ShardSet:
        """`ids` (default: all of them) as a set of `count` shards."""
        return cls(count, tuple(sorted(set(range(count) if ids is None else ids))))

    @property
    def is_all(self) -> bool:
        return len(self.ids) == self.count

    def owns(self, guild_id: int) -> bool:
        """Whether this process serves `guild_id`'s server."""
        return self.is_all or shard_of(guild_id, self.count) in self.ids

    @property
    def share(self) -> float:
        """The part of the bot's servers this process serves: Discord's global limit of requests per second
        is per bot, shared by all its processes, so each one paces its own posts to this part of it."""
        return len(self.ids) / self.count

    @property
    def gets_direct_messages(self) -> bool:
        return DM_SHARD in self.ids

    def with_ids(self, ids: Iterable[int]) -> ShardSet:
        return ShardSet.of(self.count, ids)

    def describe(self) -> str:
        """`0-3 of 8`, `0,2 of 4`: for log lines."""
        return f"{format_shard_ids(self.ids)} of {self.count}"


def parse_shard_ids(text: str, count: int) -> tuple[int, ...]:
    """`0-3`, `0,2`, `0-1,5` -> sorted distinct ids below `count`; ValueError naming the bad part."""
    ids: set[int] = set()
    for part in (piece.strip() for piece in text.split(",")):
        first, dash, last = part.partition("-")
        if not first.strip().isdigit() or (dash and not last.strip().isdigit()):
            raise ValueError(part)
        low, high = int(first), int(last) if dash else int(first)
        if low > high or high >= count:
            raise ValueError(part)
        ids.update(range(low, high + 1))
    return tuple(sorted(ids))


def format_shard_ids(ids: Iterable[int]) -> str:
    """The inverse of `parse_shard_ids`: runs of consecutive ids as ranges (`0-3,5`)."""
    runs: list[list[int]] = []
    for shard in sorted(set(ids)):
        if runs and shard == runs[-1][-1] + 1:
            runs[-1].append(shard)
        else:
            runs.append([shard])
    return ",".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def serves(servers: ShardSet | None, guild_id: int) -> bool:
    """Whether a process serving `servers` (None: every server) handles `guild_id`'s scheduled work."""
    return servers is None or servers.owns(guild_id)
