"""The ports of roles earned by studying (`bot.services.rewards`): what is stored, and the Discord side.

`RewardStore` is implemented by storage (`bot/storage/role_rewards.py`); `RoleDesk` by the Discord
adapter (`bot/cogs/rewards/desk.py`), which gives and takes roles with the Manage Roles permission only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.errors import RecallError
from bot.core.rewards import RoleReward


@dataclass(frozen=True, slots=True)
class StoredReward:
    guild_id: int
    reward: RoleReward
    added_at_ms: int


@dataclass(frozen=True, slots=True)
class SavedReward:
    """What `add` did: refused (with the reason, nothing written), or stored (new or replacing one)."""

    replaced: bool = False
    refused: RecallError | None = None  # shown to the admin as is


@dataclass(frozen=True, slots=True)
class StreakHolder:
    """A member given a streak role, with their streak as stored (for the daily sweep)."""

    user_id: int
    role_id: int
    current: int
    alive_until_ms: int


class RewardStore(Protocol):
    async def all_rewards(self) -> list[StoredReward]:
        """Every server's rewards (at start: the hot path reads them from memory)."""
        ...

    async def add(self, guild_id: int, reward: RoleReward, added_by: int, now_ms: int, cap: int) -> SavedReward:
        """Store or replace the server's reward for that role; refused when it would make more than `cap`
        (counted in the same transaction)."""
        ...

    async def remove(self, guild_id: int, role_id: int) -> bool:
        """Remove the reward and its grants; False if there was none."""
        ...

    async def held(self, guild_id: int, user_id: int, stale_before_ms: int) -> tuple[frozenset[int], frozenset[int]]:
        """The roles given to the member here, and those being given (claimed after `stale_before_ms`, not
        yet given): one read of the primary key's range."""
        ...

    async def claim(self, guild_id: int, user_id: int, role_id: int, now_ms: int, stale_before_ms: int) -> bool:
        """Mark the role as being given, before the request; False if it was given or is being given (a
        claim made before `stale_before_ms` and never marked given is taken over)."""
        ...

    async def mark_given(self, guild_id: int, user_id: int, role_id: int, now_ms: int) -> None:
        """Discord said yes."""
        ...

    async def unclaim(self, guild_id: int, user_id: int, role_id: int) -> None:
        """Forget a grant: Discord refused it, or the role was taken back."""
        ...

    async def streak_holders(self, guild_id: int, role_ids: list[int], now_ms: int, limit: int) -> list[StreakHolder]:
        """Members given (not just claimed) one of these streak roles whose streak is below the role's threshold at `now_ms`
        (a streak whose `alive_until` has passed counts as none), at most `limit`."""
        ...

    async def add_notice(self, guild_id: int, key: str, text: str, now_ms: int) -> bool:
        """An admin notice (`admin_notices`, delivered like the schedules' ones); False if already there."""
        ...


class RoleDesk(Protocol):
    """The Discord side. `problem` reads the bot's cache only; `give` and `take` make one request each
    and raise `RoleRefused` when Discord said no for a reason the admins must fix."""

    def problem(self, guild_id: int, role_id: int) -> RoleProblem | None:
        """Why the bot can't give that role in that server now, or None."""
        ...

    def role_name(self, guild_id: int, role_id: int) -> str | None: ...

    async def give(self, guild_id: int, user_id: int, role_id: int) -> None: ...

    async def take(self, guild_id: int, user_id: int, role_id: int) -> None: ...

    async def announce(self) -> None:
        """Deliver the admin notices not yet announced (system channel, else `/settings rewards list`)."""
        ...


@dataclass(frozen=True, slots=True)
class RoleProblem:
    """Why a role can't be given: `code` names the notice (once per reward and code), `text` says the fix."""

    code: str  # 'no-permission' | 'role-too-high' | 'role-deleted' | 'role-managed'
    text: str


class RoleRefused(Exception):
    """Discord refused to give or take a role for a reason the admins must fix (carries the problem)."""

    def __init__(self, problem: RoleProblem) -> None:
        super().__init__(problem.text)
        self.problem = problem


class MemberGone(Exception):
    """The member left the server: nothing to give, nothing to tell the admins."""
