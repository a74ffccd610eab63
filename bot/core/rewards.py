"""Roles earned by studying: which of a server's rewards a member has earned, and which to take back.

A reward is a role given when a member's count of one kind reaches a threshold in one server:

- `streak`: the current study streak (bot.core.streaks), counted while it is alive;
- `points`: all-time points in the server (bot.core.points);
- `reviews`: answers of any kind recorded in the server.

A role is given once. It is taken back only for a streak reward whose admin chose `remove_on_break`,
when the member's live streak is below the threshold again: a streak only falls by breaking, so that is
the break, however late it is noticed. Points and reviews never fall, so those roles are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from bot.core.errors import InvalidSetting
from bot.core.messages import N_, Marked

RewardKind = Literal["streak", "points", "reviews"]
KINDS: tuple[str, ...] = get_args(RewardKind)

MAX_REWARDS_PER_SERVER = 25
# Inclusive threshold ranges per kind: a 10-year streak, and counts no member reaches by accident.
THRESHOLD_RANGES: dict[str, tuple[int, int]] = {
    "streak": (1, 3650),
    "points": (1, 10_000_000),
    "reviews": (1, 1_000_000),
}
# What earns a reward of each kind, for a threshold of 1 and of more.
_EARNS = {"points": (N_("{count} point"), N_("{count} points")), "reviews": (N_("{count} answer"), N_("{count} answers"))}


@dataclass(frozen=True, slots=True)
class RoleReward:
    role_id: int
    kind: str
    threshold: int
    remove_on_break: bool = False

    def describe(self) -> Marked:
        """`7-day streak`, `500 points`, `100 answers`: what earns it, in words."""
        if self.kind == "streak":
            return Marked(N_("{count}-day streak"), count=str(self.threshold))
        one, many = _EARNS[self.kind]
        return Marked(one if self.threshold == 1 else many, count=self.threshold)


@dataclass(frozen=True, slots=True)
class Progress:
    """A member's counts in one server; `streak` is 0 once the streak broke."""

    streak: int = 0
    points: int = 0
    reviews: int = 0

    def count(self, kind: str) -> int:
        return {"streak": self.streak, "points": self.points, "reviews": self.reviews}.get(kind, 0)


@dataclass(frozen=True, slots=True)
class RoleChanges:
    give: tuple[RoleReward, ...] = ()
    take: tuple[RoleReward, ...] = ()


def checked_reward(role_id: int, kind: str, threshold: int, remove_on_break: bool) -> RoleReward:
    """The reward as asked, or `InvalidSetting` saying what to change."""
    if kind not in KINDS:
        raise InvalidSetting(N_("A reward counts one of: {kinds}."), kinds=", ".join(KINDS))
    low, high = THRESHOLD_RANGES[kind]
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not low <= threshold <= high:
        raise InvalidSetting(N_("A {kind} reward's threshold is a whole number from {low} to {high}."), kind=kind,
                             low=f"{low:,}", high=f"{high:,}")
    if remove_on_break and kind != "streak":
        raise InvalidSetting(N_("Only streak rewards can be taken back: points and answers never go down."))
    if role_id <= 0:
        raise InvalidSetting(N_("Choose a role of this server."))
    return RoleReward(int(role_id), kind, int(threshold), bool(remove_on_break))


def earned(rewards: Iterable[RoleReward], progress: Progress) -> tuple[RoleReward, ...]:
    """The rewards whose threshold the member has reached."""
    return tuple(reward for reward in rewards if progress.count(reward.kind) >= reward.threshold)


def lost(reward: RoleReward, progress: Progress) -> bool:
    """A held role to take back: a streak reward set to `remove_on_break` whose streak fell below it."""
    return reward.kind == "streak" and reward.remove_on_break and progress.streak < reward.threshold


def changes(rewards: Iterable[RoleReward], progress: Progress, held: Iterable[int]) -> RoleChanges:
    """Roles to give (earned, not yet given) and to take back (given, then lost), in the rewards' order."""
    held_ids = set(held)
    listed = tuple(rewards)
    give = tuple(r for r in earned(listed, progress) if r.role_id not in held_ids)
    take = tuple(r for r in listed if r.role_id in held_ids and lost(r, progress))
    return RoleChanges(give, take)

