"""Roles earned by studying, on each backend (SQLite, PostgreSQL): settings, grants once, notices once, the sweep.

The Discord side is a recording `RoleDesk`; everything else (the learning service, the writer, the
migrations) is the real thing the bot runs.
"""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from typing import Any

import pytest

from bot.core.errors import InvalidSetting
from bot.services.api import Learner
from bot.services.bundle import Services
from bot.services.reward_ports import MemberGone, RoleProblem, RoleRefused
from tests.services import stored
from tests.services.conftest import NOW

GUILD, OTHER_GUILD = 500, 600
ALICE, BOB = 11, 12
ROLE, ROLE2 = 9001, 9002
NO_PERMISSION = RoleProblem("no-permission", "I don't have the Manage Roles permission.")


class Desk:
    """Records what the service asked Discord for; `problems` and `refuse` simulate what can go wrong."""

    def __init__(self) -> None:
        self.given: list[tuple[int, int, int]] = []
        self.taken: list[tuple[int, int, int]] = []
        self.announced = 0
        self.problems: dict[tuple[int, int], RoleProblem] = {}
        self.refuse: Exception | None = None

    def problem(self, guild_id: int, role_id: int) -> RoleProblem | None:
        return self.problems.get((guild_id, role_id))

    def role_name(self, guild_id: int, role_id: int) -> str | None:
        return f"role-{role_id}"

    async def give(self, guild_id: int, user_id: int, role_id: int) -> None:
        await asyncio.sleep(0)  # let a concurrent answer interleave
        if self.refuse is not None:
            raise self.refuse
        self.given.append((guild_id, user_id, role_id))

    async def take(self, guild_id: int, user_id: int, role_id: int) -> None:
        self.taken.append((guild_id, user_id, role_id))

    async def announce(self) -> None:
        self.announced += 1


@pytest.fixture
def desk(services: Services) -> Desk:
    desk = Desk()
    services.rewards.attach(desk)
    return desk


async def answer(services: Services, user_id: int, *, guild_id: int = GUILD, days: int = 0,
                 rng: random.Random | None = None) -> None:
    await services.recall.answer_choice(Learner(user_id, guild_id), "tiny", "c1", 0, now=NOW + timedelta(days=days),
                                        rng=rng or random.Random(1))
    await services.rewards.drain()


def rows(url: str, sql: str) -> list[Any]:
    return stored.rows(url, sql)


async def test_settings_add_list_replace_remove(services: Services) -> None:
    rewards = services.rewards
    reward, replaced = await rewards.add(GUILD, ROLE, "streak", 7, True, added_by=1, now=NOW)
    assert (reward.kind, reward.threshold, reward.remove_on_break, replaced) == ("streak", 7, True, False)
    _, replaced = await rewards.add(GUILD, ROLE, "points", 100, False, added_by=1, now=NOW)
    assert replaced
    assert [s.reward.describe() for s in rewards.rewards(GUILD)] == ["100 points"]
    assert rewards.rewards(OTHER_GUILD) == ()  # per server
    await rewards.load()  # what a restart reads back
    assert [(s.reward.role_id, s.reward.kind) for s in rewards.rewards(GUILD)] == [(ROLE, "points")]
    assert await rewards.remove(GUILD, ROLE) and not await rewards.remove(GUILD, ROLE)
    assert rewards.rewards(GUILD) == ()


async def test_a_server_holds_at_most_25_rewards(services: Services, backend_url: str) -> None:
    for index in range(25):
        await services.rewards.add(GUILD, 100 + index, "points", 10 + index, False, added_by=1, now=NOW)
    with pytest.raises(InvalidSetting, match="at most 25"):
        await services.rewards.add(GUILD, 200, "points", 5, False, added_by=1, now=NOW)
    await services.rewards.add(GUILD, 100, "reviews", 3, False, added_by=1, now=NOW)  # replacing is fine
    await services.rewards.add(OTHER_GUILD, 200, "points", 5, False, added_by=1, now=NOW)  # another server
    assert rows(backend_url, "SELECT COUNT(*) FROM role_rewards WHERE guild_id = 500") == [(25,)]


async def test_bad_thresholds_are_refused_and_nothing_is_stored(services: Services, backend_url: str) -> None:
    with pytest.raises(InvalidSetting, match="from 1 to 3,650"):
        await services.rewards.add(GUILD, ROLE, "streak", 0, False, added_by=1, now=NOW)
    with pytest.raises(InvalidSetting, match="Only streak rewards"):
        await services.rewards.add(GUILD, ROLE, "reviews", 10, True, added_by=1, now=NOW)
    assert rows(backend_url, "SELECT COUNT(*) FROM role_rewards") == [(0,)]


async def test_reaching_the_threshold_gives_the_role_once(services: Services, desk: Desk, backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "streak", 2, False, added_by=1, now=NOW)
    await services.rewards.add(GUILD, ROLE2, "points", 30, False, added_by=1, now=NOW)
    await answer(services, ALICE)  # streak 1, 10 points
    assert desk.given == []
    await answer(services, ALICE, days=1)  # streak 2, 20 points
    assert desk.given == [(GUILD, ALICE, ROLE)]
    await answer(services, ALICE, days=1)  # 30 points: the second role; the first is not given again
    await answer(services, ALICE, days=2)
    assert desk.given == [(GUILD, ALICE, ROLE), (GUILD, ALICE, ROLE2)]
    assert rows(backend_url, "SELECT user_id, role_id FROM role_reward_grants ORDER BY role_id") == [
        (ALICE, ROLE), (ALICE, ROLE2)]
    await answer(services, ALICE, guild_id=OTHER_GUILD, days=3)  # no rewards there
    assert len(desk.given) == 2


async def test_answers_at_the_same_moment_give_the_role_once(services: Services, desk: Desk) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=1, now=NOW)
    await asyncio.gather(*(services.recall.answer_choice(Learner(ALICE, GUILD), "tiny", "c1", 0, now=NOW,
                                                         rng=random.Random(i)) for i in range(8)))
    await services.rewards.drain()
    assert desk.given == [(GUILD, ALICE, ROLE)]


async def test_reviews_count_answers_in_that_server(services: Services, desk: Desk) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 3, False, added_by=1, now=NOW)
    await answer(services, BOB, guild_id=OTHER_GUILD)
    await answer(services, BOB)
    await answer(services, BOB)
    assert desk.given == []
    await answer(services, BOB)
    assert desk.given == [(GUILD, BOB, ROLE)]


class CountingStore:
    """The reward store, counting the reads the answer path makes."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.held_reads = inner, 0

    async def held(self, *args: Any, **kwargs: Any) -> Any:
        self.held_reads += 1
        return await self.inner.held(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_the_answer_path_reads_once_per_member_and_only_when_a_role_is_earned(services: Services, desk: Desk) -> None:
    counting = CountingStore(services.rewards.store)
    services.rewards.store = counting
    await answer(services, ALICE)  # no rewards in the server
    await services.rewards.add(GUILD, ROLE, "streak", 5, False, added_by=1, now=NOW)
    await answer(services, ALICE, days=1)  # streak 2 of 5: nothing can be earned
    assert counting.held_reads == 0
    await services.rewards.add(GUILD, ROLE2, "points", 20, False, added_by=1, now=NOW)
    await answer(services, ALICE, days=2)  # 30 points: one read, one grant
    assert counting.held_reads == 1 and desk.given == [(GUILD, ALICE, ROLE2)]
    await answer(services, ALICE, days=3)  # the roles she holds are remembered: no read
    await answer(services, ALICE, days=4)  # a 5-day streak: the second role, still no read
    assert counting.held_reads == 1 and desk.given == [(GUILD, ALICE, ROLE2), (GUILD, ALICE, ROLE)]


async def test_a_role_that_cant_be_given_makes_one_notice(services: Services, desk: Desk, backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=1, now=NOW)
    desk.problems[(GUILD, ROLE)] = NO_PERMISSION
    for user_id in (ALICE, BOB, ALICE):
        await answer(services, user_id)
    assert desk.given == [] and desk.announced == 1
    notices = rows(backend_url, "SELECT guild_id, notice_key, text FROM admin_notices")
    assert len(notices) == 1 and notices[0][0] == GUILD
    assert "role-9001" in notices[0][2] and "Manage Roles" in notices[0][2] and "<@" not in notices[0][2]
    assert rows(backend_url, "SELECT COUNT(*) FROM role_reward_grants") == [(0,)]
    # Fixed: the next answer gives it.
    desk.problems.clear()
    await answer(services, ALICE)
    assert desk.given == [(GUILD, ALICE, ROLE)]
    assert desk.announced == 1


async def test_discord_refusing_unclaims_and_tells_once(services: Services, desk: Desk, backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=1, now=NOW)
    desk.refuse = RoleRefused(RoleProblem("role-too-high", "The role is above my highest role."))
    await answer(services, ALICE)
    await answer(services, ALICE)
    assert desk.given == [] and desk.announced == 1
    assert rows(backend_url, "SELECT COUNT(*) FROM role_reward_grants") == [(0,)]
    desk.refuse = MemberGone()
    await answer(services, ALICE)
    assert rows(backend_url, "SELECT COUNT(*) FROM role_reward_grants") == [(0,)] and desk.announced == 1
    desk.refuse = RuntimeError("Discord 503")  # transient: no notice, the next answer tries again
    await answer(services, ALICE)
    desk.refuse = None
    await answer(services, ALICE)
    assert desk.given == [(GUILD, ALICE, ROLE)] and desk.announced == 1


async def test_the_sweep_takes_back_broken_streak_roles_only(services: Services, desk: Desk, backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "streak", 1, True, added_by=1, now=NOW)
    await services.rewards.add(GUILD, ROLE2, "streak", 1, False, added_by=1, now=NOW)
    await answer(services, ALICE)
    await answer(services, BOB)
    assert sorted(desk.given) == [(GUILD, ALICE, ROLE), (GUILD, ALICE, ROLE2), (GUILD, BOB, ROLE), (GUILD, BOB, ROLE2)]
    assert await services.rewards.sweep_due(now=NOW + timedelta(hours=1)) == 0  # alive: nothing taken
    await answer(services, BOB, days=1)  # Bob keeps studying on Tuesday; Alice doesn't
    wednesday = NOW + timedelta(days=1, hours=23)  # Alice's Tuesday is over: her streak broke
    assert await services.rewards.sweep_due(now=wednesday) == 1
    assert desk.taken == [(GUILD, ALICE, ROLE)]
    assert await services.rewards.sweep_due(now=wednesday + timedelta(hours=12)) == 0  # daily: not due yet
    assert await services.rewards.sweep_due(now=wednesday + timedelta(days=1)) == 1  # Bob's broke on Wednesday
    assert sorted(desk.taken) == [(GUILD, ALICE, ROLE), (GUILD, BOB, ROLE)]
    assert rows(backend_url, "SELECT user_id, role_id FROM role_reward_grants ORDER BY user_id") == [
        (ALICE, ROLE2), (BOB, ROLE2)]
    assert await services.rewards.sweep(GUILD, now=wednesday + timedelta(days=5)) == (0, True)  # taken once
    # Studying again earns it again.
    await answer(services, ALICE, days=10)
    assert desk.given[-1] == (GUILD, ALICE, ROLE)


async def test_member_data_deletion_removes_grants(services: Services, desk: Desk, backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=ALICE, now=NOW)
    await answer(services, ALICE)
    deletion = await services.recall.delete_member_data(ALICE)
    assert deletion is not None
    assert rows(backend_url, "SELECT COUNT(*) FROM role_reward_grants") == [(0,)]
    assert rows(backend_url, "SELECT added_by FROM role_rewards") == [(None,)]


async def test_a_claim_never_marked_given_is_retried_after_ten_minutes(services: Services, desk: Desk,
                                                                      backend_url: str) -> None:
    """The bot stopped between the claim and Discord's answer: the role is given again later, not lost."""
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=1, now=NOW)
    claimed_at = int((NOW - timedelta(minutes=5)).timestamp() * 1000)
    stored.run_sql(backend_url, ("INSERT INTO role_reward_grants (guild_id, user_id, role_id, claimed_at)"
                                 " VALUES (?, ?, ?, ?)", (GUILD, ALICE, ROLE, claimed_at)))
    await answer(services, ALICE)  # 5 minutes after the claim: maybe still being given, so not again
    assert desk.given == []
    await services.recall.answer_choice(Learner(ALICE, GUILD), "tiny", "c1", 0, now=NOW + timedelta(minutes=6),
                                        rng=random.Random(2))
    await services.rewards.drain()
    assert desk.given == [(GUILD, ALICE, ROLE)]
    (given_at,) = rows(backend_url, "SELECT given_at FROM role_reward_grants")[0]
    assert given_at is not None
    await answer(services, ALICE, days=1)
    assert desk.given == [(GUILD, ALICE, ROLE)]


async def test_drain_waits_without_cancelling(services: Services, desk: Desk) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=1, now=NOW)
    gate = asyncio.Event()
    original = desk.give

    async def slow_give(guild_id: int, user_id: int, role_id: int) -> None:
        await gate.wait()
        await original(guild_id, user_id, role_id)

    desk.give = slow_give  # type: ignore[method-assign]
    await services.recall.answer_choice(Learner(ALICE, GUILD), "tiny", "c1", 0, now=NOW, rng=random.Random(1))
    assert await services.rewards.drain(0.05) is False  # still giving: not cut short
    gate.set()
    assert await services.rewards.drain(5) is True
    assert desk.given == [(GUILD, ALICE, ROLE)]


async def test_a_deleted_streak_role_is_forgotten_by_the_sweep_without_a_request(services: Services, desk: Desk,
                                                                                 backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "streak", 1, True, added_by=1, now=NOW)
    await answer(services, ALICE)
    desk.problems[(GUILD, ROLE)] = RoleProblem("role-deleted", "the role no longer exists.")
    assert await services.rewards.sweep_due(now=NOW + timedelta(days=3)) == 1
    assert desk.taken == [] and rows(backend_url, "SELECT COUNT(*) FROM role_reward_grants") == [(0,)]


async def test_a_sweep_that_discord_refuses_keeps_the_grant_and_tells_once(services: Services, desk: Desk,
                                                                          backend_url: str) -> None:
    await services.rewards.add(GUILD, ROLE, "streak", 1, True, added_by=1, now=NOW)
    await answer(services, ALICE)
    await answer(services, BOB)
    desk.problems[(GUILD, ROLE)] = NO_PERMISSION
    assert await services.rewards.sweep_due(now=NOW + timedelta(days=3)) == 0
    assert desk.taken == [] and desk.announced == 1
    assert rows(backend_url, "SELECT COUNT(*) FROM role_reward_grants") == [(2,)]  # taken back at a later sweep
    desk.problems.clear()
    assert await services.rewards.sweep_due(now=NOW + timedelta(days=4)) == 2


async def test_a_failure_looking_at_an_answer_never_fails_the_answer(services: Services, desk: Desk) -> None:
    await services.rewards.add(GUILD, ROLE, "reviews", 1, False, added_by=1, now=NOW)

    def broken(guild_id: int, role_id: int) -> RoleProblem | None:
        raise RuntimeError("a bug on the Discord side")

    desk.problem = broken  # type: ignore[method-assign]
    outcome = await services.recall.answer_choice(Learner(ALICE, GUILD), "tiny", "c1", 0, now=NOW,
                                                  rng=random.Random(1))
    await services.rewards.drain()
    assert outcome.correct and desk.given == []
    # Again, now that her roles are remembered: the check runs on the answer's own path, and still can't fail it.
    again = await services.recall.answer_choice(Learner(ALICE, GUILD), "tiny", "c1", 1, now=NOW,
                                                rng=random.Random(2))
    assert not again.correct and not again.duplicate
