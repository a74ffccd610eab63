"""Roles earned by studying: the admins' rewards, giving a role once a member earns it, and a daily sweep
that takes streak roles back after a break (when the admin asked for that).

The answer path stays cheap: every server's rewards are held in memory (at most 25 each), and the stored
attempt brings the member's streak, points and answer count, so an answer in a server without rewards
costs a dictionary look-up and one that earns nothing new costs the rule in memory. The roles a member
holds are remembered once read (at most one indexed read per member and process, and only when a role
is earned); each new role is claimed in the database before the one request that gives it, so two answers
at once give it once. The work runs after the answer was stored, in a task of its own, so the member's
reply never waits for it; the next answer tries again if it was dropped. (The remembered roles are this
process's: a member whose data was deleted with `/mydata delete` gets a role again after a restart.)

A role that can't be given (no Manage Roles permission, a role above the bot's, a deleted or managed role)
becomes one admin notice per reward and problem, delivered like the schedules' notices, and is logged.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.core.errors import InvalidSetting
from bot.core.instants import to_ms, utc
from bot.core.messages import N_, Marked
from bot.core.rewards import (
    MAX_REWARDS_PER_SERVER,
    Progress,
    RoleReward,
    changes,
    checked_reward,
    earned,
    lost,
)
from bot.core.shards import ShardSet, serves
from bot.services.records import NewAttempt, StoredAttempt
from bot.services.reward_ports import (
    MemberGone,
    RewardStore,
    RoleDesk,
    RoleProblem,
    RoleRefused,
    StoredReward,
)

log = logging.getLogger("recall.rewards")

MAX_PENDING = 256  # answers being looked at at once; past it an answer is skipped (the next one retries)
SWEEP_EVERY = timedelta(days=1)
SWEEP_LIMIT = 200  # roles taken back per server and sweep; a server with more is swept again at the next tick
NOTICES_REMEMBERED = 10_000
HELD_REMEMBERED = 100_000  # members whose roles are remembered; past it the memory starts again
STALE_CLAIM = timedelta(minutes=10)  # a claim never marked given (the bot stopped in between) is retried after it


class RewardService:
    def __init__(self, store: RewardStore) -> None:
        self.store = store
        self.desk: RoleDesk | None = None
        self._rewards: dict[int, tuple[StoredReward, ...]] = {}
        self._pending: set[asyncio.Task[None]] = set()
        self._noticed: set[str] = set()
        self._next_sweep: dict[int, datetime] = {}
        # (server, member) -> roles given or being given, as last read or done by this process
        self._held: dict[tuple[int, int], set[int]] = {}

    async def load(self) -> None:
        """Read every server's rewards into memory (at start)."""
        grouped: dict[int, list[StoredReward]] = {}
        for stored in await self.store.all_rewards():
            grouped.setdefault(stored.guild_id, []).append(stored)
        self._rewards = {guild_id: tuple(rows) for guild_id, rows in grouped.items()}

    def attach(self, desk: RoleDesk) -> None:
        """The Discord side; without it (the terminal) answers give no roles."""
        self.desk = desk

    # --- the admins' settings ---------------------------------------------------------------------
    def rewards(self, guild_id: int) -> tuple[StoredReward, ...]:
        return self._rewards.get(guild_id, ())

    async def add(self, guild_id: int, role_id: int, kind: str, threshold: int, remove_on_break: bool, *,
                  added_by: int, now: datetime) -> tuple[RoleReward, bool]:
        """Store the reward (replacing the role's earlier one); the reward and whether it replaced one."""
        reward = checked_reward(role_id, kind, threshold, remove_on_break)
        now_ms = to_ms(utc(now))
        saved = await self.store.add(guild_id, reward, added_by, now_ms, MAX_REWARDS_PER_SERVER)
        if saved.refused is not None:
            raise InvalidSetting(saved.refused.template, **saved.refused.params)
        others = tuple(s for s in self.rewards(guild_id) if s.reward.role_id != reward.role_id)
        self._rewards[guild_id] = (*others, StoredReward(guild_id, reward, now_ms))
        self._next_sweep.pop(guild_id, None)
        return reward, saved.replaced

    async def remove(self, guild_id: int, role_id: int) -> bool:
        removed = await self.store.remove(guild_id, int(role_id))
        for key in [key for key in self._held if key[0] == guild_id]:  # its grants went with it
            del self._held[key]
        kept = tuple(s for s in self.rewards(guild_id) if s.reward.role_id != role_id)
        if kept:
            self._rewards[guild_id] = kept
        else:
            self._rewards.pop(guild_id, None)
        return removed

    # --- after an answer --------------------------------------------------------------------------
    def attempt_recorded(self, attempt: NewAttempt, stored: StoredAttempt) -> None:
        """Called by the learning service once an attempt is stored; returns at once and never raises (the
        answer is stored and must be answered whatever happens here)."""
        try:
            self._look_at(attempt, stored)
        except Exception:
            log.exception("role rewards: an answer of member %d could not be looked at", attempt.user_id)

    def _look_at(self, attempt: NewAttempt, stored: StoredAttempt) -> None:
        guild_id = attempt.guild_id
        if guild_id is None or stored.duplicate or self.desk is None:
            return
        rewards = self._rewards.get(guild_id)
        if not rewards:
            return
        progress = Progress(streak=stored.streak.current if stored.streak else 0, points=stored.points_total,
                            reviews=stored.answers_total)
        reached = earned((s.reward for s in rewards), progress)
        if not reached:
            return
        held = self._held.get((guild_id, attempt.user_id))
        if held is not None and all(r.role_id in held or self._blocked(guild_id, r) for r in reached):
            return  # everything earned is given, or can't be and the admins were told
        if len(self._pending) >= MAX_PENDING:
            log.warning("role rewards: %d answers already being looked at; skipping one", len(self._pending))
            return
        task = asyncio.get_running_loop().create_task(
            self._settle_guarded(guild_id, attempt.user_id, progress, attempt.answered_at))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for the answers being looked at (tests; shutdown), without cancelling them; False if some
        were still running after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._pending:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return False
            await asyncio.wait(set(self._pending), timeout=left)
        return True

    async def _settle_guarded(self, guild_id: int, user_id: int, progress: Progress, now: datetime) -> None:
        try:
            await self.settle(guild_id, user_id, progress, now=now)
        except Exception:
            log.exception("role rewards: looking at member %d in server %d failed", user_id, guild_id)

    async def settle(self, guild_id: int, user_id: int, progress: Progress, *, now: datetime) -> list[int]:
        """Give the member the roles they earned and don't have; returns the role ids given."""
        desk, rewards = self.desk, self.rewards(guild_id)
        if desk is None or not rewards:
            return []
        key = (guild_id, user_id)
        held = self._held.get(key)
        being_given: frozenset[int] = frozenset()
        if held is None:
            given_roles, being_given = await self.store.held(guild_id, user_id, to_ms(utc(now) - STALE_CLAIM))
            if len(self._held) >= HELD_REMEMBERED:
                self._held.clear()
            # One set per member, shared by answers looked at together. A claim in progress is not
            # remembered as given: if it never completes, a later answer takes it over.
            held = self._held.setdefault(key, set(given_roles))
        given: list[int] = []
        for reward in changes([s.reward for s in rewards], progress, held | being_given).give:
            if await self._give(desk, self._stored(guild_id, reward), user_id, now):
                held.add(reward.role_id)
                given.append(reward.role_id)
        return given

    def _blocked(self, guild_id: int, reward: RoleReward) -> bool:
        """The role can't be given now and the admins were already told: no work until that changes."""
        problem = self.desk.problem(guild_id, reward.role_id) if self.desk is not None else None
        return problem is not None and self._memo(self._stored(guild_id, reward), problem) in self._noticed

    async def _give(self, desk: RoleDesk, stored: StoredReward, user_id: int, now: datetime) -> bool:
        guild_id, role_id = stored.guild_id, stored.reward.role_id
        problem = desk.problem(guild_id, role_id)
        if problem is not None:
            await self._notice(desk, stored, problem, now)
            return False
        now_ms = to_ms(utc(now))
        if not await self.store.claim(guild_id, user_id, role_id, now_ms, to_ms(utc(now) - STALE_CLAIM)):
            return False  # given already, or being given by an answer a moment earlier
        try:
            await desk.give(guild_id, user_id, role_id)
        except RoleRefused as refused:
            await self.store.unclaim(guild_id, user_id, role_id)
            await self._notice(desk, stored, refused.problem, now)
            return False
        except MemberGone:
            await self.store.unclaim(guild_id, user_id, role_id)
            return False
        except Exception:
            await self.store.unclaim(guild_id, user_id, role_id)
            log.warning("role rewards: giving role %d to %d in %d failed; the next answer tries again",
                        role_id, user_id, guild_id, exc_info=True)
            return False
        await self.store.mark_given(guild_id, user_id, role_id, now_ms)
        log.info("role rewards: gave role %d to member %d in server %d (%s)", role_id, user_id, guild_id,
                 stored.reward.describe())
        return True

    def _stored(self, guild_id: int, reward: RoleReward) -> StoredReward:
        for stored in self.rewards(guild_id):
            if stored.reward == reward:
                return stored
        return StoredReward(guild_id, reward, 0)

    @staticmethod
    def _notice_key(stored: StoredReward, problem: RoleProblem) -> str:
        return f"reward:{stored.reward.role_id}:{problem.code}:{stored.added_at_ms}"

    def _memo(self, stored: StoredReward, problem: RoleProblem) -> str:
        return f"{stored.guild_id}:{self._notice_key(stored, problem)}"

    async def _notice(self, desk: RoleDesk, stored: StoredReward, problem: RoleProblem, now: datetime) -> None:
        """Tell the admins once per reward and problem (re-adding the reward re-arms it); log it once."""
        key = self._notice_key(stored, problem)
        memo = self._memo(stored, problem)
        if memo in self._noticed:
            return
        if len(self._noticed) >= NOTICES_REMEMBERED:
            self._noticed.clear()
        self._noticed.add(memo)
        name = desk.role_name(stored.guild_id, stored.reward.role_id) or f"#{stored.reward.role_id}"
        text = Marked(N_("I can't give the role **{role}** (reward: {reward}): {problem} Members who earned it get it "
                         "with their next answer once that is fixed."), role=name, reward=stored.reward.describe(),
                      problem=problem.text)
        log.warning("role rewards: server %d, role %d: %s", stored.guild_id, stored.reward.role_id, problem.text)
        if await self.store.add_notice(stored.guild_id, key, text, to_ms(utc(now))):
            try:
                await desk.announce()
            except Exception:
                log.warning("role rewards: could not announce a notice in %d", stored.guild_id, exc_info=True)

    # --- the daily sweep of broken streaks --------------------------------------------------------
    def _breakable(self, guild_id: int) -> list[StoredReward]:
        return [s for s in self.rewards(guild_id) if s.reward.kind == "streak" and s.reward.remove_on_break]

    async def sweep_due(self, *, now: datetime, servers: ShardSet | None = None) -> int:
        """Sweep each server whose daily sweep is due (all of them at start); returns roles taken back.
        `servers`: only those shards' servers (None: every server)."""
        now = utc(now)
        taken = 0
        for guild_id in list(self._rewards):
            due = self._next_sweep.get(guild_id)
            if not serves(servers, guild_id) or (due is not None and now < due):
                continue
            count, complete = await self.sweep(guild_id, now=now)
            taken += count
            self._next_sweep[guild_id] = now + SWEEP_EVERY if complete else now
        return taken

    async def sweep(self, guild_id: int, *, now: datetime) -> tuple[int, bool]:
        """Take back the streak roles of members whose streak broke; (roles taken, whether all were seen)."""
        desk, breakable = self.desk, self._breakable(guild_id)
        if desk is None or not breakable:
            return 0, True
        now = utc(now)
        now_ms = to_ms(now)
        by_role = {s.reward.role_id: s for s in breakable}
        holders = await self.store.streak_holders(guild_id, sorted(by_role), now_ms, SWEEP_LIMIT)
        taken = 0
        for holder in holders:
            stored = by_role[holder.role_id]
            live = holder.current if holder.alive_until_ms > now_ms else 0
            if not lost(stored.reward, Progress(streak=live)):
                continue
            if await self._take(desk, stored, holder.user_id, now):
                taken += 1
        return taken, len(holders) < SWEEP_LIMIT

    async def _take(self, desk: RoleDesk, stored: StoredReward, user_id: int, now: datetime) -> bool:
        guild_id, role_id = stored.guild_id, stored.reward.role_id
        problem = desk.problem(guild_id, role_id)
        if problem is not None and problem.code != "role-deleted":
            await self._notice(desk, stored, problem, now)
            return False
        try:
            if problem is None:
                await desk.take(guild_id, user_id, role_id)
        except RoleRefused as refused:
            await self._notice(desk, stored, refused.problem, now)
            return False
        except MemberGone:
            pass
        except Exception:
            log.warning("role rewards: taking role %d from %d in %d failed; the next sweep tries again",
                        role_id, user_id, guild_id, exc_info=True)
            return False
        await self.store.unclaim(guild_id, user_id, role_id)
        self._held.get((guild_id, user_id), set()).discard(role_id)
        log.info("role rewards: took role %d back from member %d in server %d (streak broke)", role_id, user_id,
                 guild_id)
        return True
