"""End to end: roles earned by studying, through the fake Discord.

The bot's days are moved with its test clock (`RECALL_TEST_MODE=1` + `RECALL_TEST_NOW`, restarting it at a
later instant, as tests/e2e/test_schedule.py does). The fake gives and takes roles like Discord: only with
Manage Roles and for a role below the bot's highest one (403 / 50013 otherwise), and records each request.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import role_payload
from tests.e2e.fake_discord.store import MANAGE_GUILD, MANAGE_ROLES, Role
from tests.e2e.test_schedule import FakeClock, bot_at, start

DECK = "model-optimization-nlp"
MONDAY_NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def reward_role(fake: FakeDiscord, *, bot_may_manage: bool) -> Role:
    """A 'Regular' role below the bot's role and dana's (who gets Manage Roles); the bot's role has Manage
    Roles or not. Set before the bot starts, so its GUILD_CREATE carries them."""
    guild = fake.guild
    role = fake.store.add_role(guild.id, "Regular", 0)
    bot_role = guild.roles[guild.members[fake.store.application_id].role_ids[0]]
    bot_role.position = 100
    if bot_may_manage:
        bot_role.permissions |= MANAGE_ROLES
    dana_role = guild.roles[guild.members[fake.users["dana"]["id"]].role_ids[0]]
    dana_role.permissions |= MANAGE_ROLES
    dana_role.position = 90
    return role


def role_requests(fake: FakeDiscord, method: str, role: Role) -> list[Any]:
    return fake.requests(method, rf"^/guilds/\d+/members/\d+/roles/{role.id}$")


async def answer_a_quiz(fake: FakeDiscord, name: str) -> None:
    """Post a quiz question (as alice) and answer it as `name`: one attempt, right or wrong."""
    quiz = await fake.slash("quiz", {"deck": DECK}, user=fake.users["alice"])
    option = next(c for c in quiz.custom_ids() if c.startswith("recall:quiz:pick:"))
    answered = await fake.click(quiz, option, user=fake.users[name])
    assert answered.ephemeral, answered.text()


async def add_reward(fake: FakeDiscord, role: Role, kind: str, threshold: int, **extra: Any) -> str:
    result = await fake.slash("settings rewards add", {"role": role.id, "kind": kind, "threshold": threshold, **extra},
                              user=fake.users["dana"])
    assert result.ephemeral
    return result.text()


async def test_a_streak_reaching_the_threshold_gives_the_role_once(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    role = reward_role(fake, bot_may_manage=True)
    alice = fake.users["alice"]
    clock = FakeClock(MONDAY_NOON)
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        added = await add_reward(fake, role, "streak", 2)
        assert "Added: members get **Regular** with a 2-day streak." in added, added
        assert "can't give" not in added
        listed = await fake.slash("settings rewards list", user=fake.users["dana"])
        assert "**Regular**: 2-day streak" in listed.text() and "1 of 25" in listed.text(), listed.text()

        await answer_a_quiz(fake, "alice")  # Monday: a 1-day streak
        await fake.settle(0.5)
        assert role_requests(fake, "PUT", role) == []

        await bot.stop()
        clock.jump(timedelta(days=1))  # Tuesday
        await start(bot, fake, clock)
        await answer_a_quiz(fake, "alice")  # a 2-day streak: the role
        await fake.wait_for_request("PUT", rf"^/guilds/\d+/members/{alice['id']}/roles/{role.id}$", timeout=10)
        await answer_a_quiz(fake, "alice")
        await answer_a_quiz(fake, "bob")  # bob's streak is 1 day
        await fake.settle(0.5)
        puts = role_requests(fake, "PUT", role)
        assert [(r.path, r.status) for r in puts] == [(f"/guilds/{fake.guild.id}/members/{alice['id']}/roles/{role.id}",
                                                        204)]
        assert role.id in fake.guild.members[alice["id"]].role_ids
        assert role_requests(fake, "DELETE", role) == []
        assert not [m for m in fake.channel_messages(fake.channel("general")) if "For the admins" in (m.get("content") or "")]
        streak = await fake.slash("streak", user=alice)
        assert "**2**-day streak" in streak.text(), streak.text()

        dana = fake.users["dana"]
        offered = await fake.autocomplete("settings rewards remove", {"role": "reg"}, "role", user=dana)
        assert [(c["name"], c["value"]) for c in offered.choices] == [("Regular (2-day streak)", role.id)]
        removed = await fake.slash("settings rewards remove", {"role": role.id}, user=dana)
        assert "Removed the reward of **Regular**. Members who have the role keep it." in removed.text(), removed.text()
        again = await fake.slash("settings rewards remove", {"role": "Regular"}, user=dana)
        assert "has no reward here" in again.text(), again.text()
        assert "No role rewards yet" in (await fake.slash("settings rewards list", user=dana)).text()
        assert role_requests(fake, "DELETE", role) == [] and role.id in fake.guild.members[alice["id"]].role_ids
    finally:
        await bot.stop()


async def test_missing_manage_roles_gives_one_admin_notice(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    role = reward_role(fake, bot_may_manage=False)
    erin = fake.store.add_member(fake.guild.id, "erin", permissions=MANAGE_GUILD)  # Manage Server, not Manage Roles
    clock = FakeClock(MONDAY_NOON)
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        everyone = await fake.slash("settings rewards add", {"role": fake.guild.id, "kind": "points", "threshold": 5},
                                    user=fake.users["dana"])
        assert "@everyone can't be a reward" in everyone.text(), everyone.text()
        refused = await fake.slash("settings rewards add", {"role": role.id, "kind": "reviews", "threshold": 1},
                                   user=erin)
        assert "a role you could give yourself" in refused.text() and "Nothing was changed" in refused.text()
        too_long = await add_reward(fake, role, "streak", 4000)
        assert "from 1 to 3,650" in too_long, too_long
        added = await add_reward(fake, role, "reviews", 1)
        assert "⚠️ I can't give it yet" in added and "Manage Roles" in added, added

        for name in ("alice", "bob", "alice", "carol"):
            await answer_a_quiz(fake, name)
        await fake.settle(1.0)
        assert role_requests(fake, "PUT", role) == []  # known from the cache: no request Discord would refuse
        notices = [m for m in fake.channel_messages(fake.channel("general")) if "For the admins" in (m.get("content") or "")]
        assert len(notices) == 1, [m.get("content") for m in notices]
        text = notices[0]["content"]
        assert "**Regular**" in text and "Manage Roles" in text and "1 answer)" in text, text
        notice_request = next(r for r in fake.public_message_requests() if "For the admins" in (r.json or {}).get("content", ""))
        assert notice_request.json["allowed_mentions"] == {"parse": []}
        listed = await fake.slash("settings rewards list", user=fake.users["dana"])
        assert "I can't give it" in listed.text(), listed.text()

        # Fixed by the admins (the role update reaches the bot): the next answer gives it, once.
        guild = fake.guild
        bot_role = guild.roles[guild.members[fake.store.application_id].role_ids[0]]
        bot_role.permissions |= MANAGE_ROLES
        await fake.gateway.dispatch("GUILD_ROLE_UPDATE", {"guild_id": guild.id, "role": role_payload(bot_role)})
        await fake.settle(0.5)
        await answer_a_quiz(fake, "bob")
        await fake.wait_for_request("PUT", rf"^/guilds/\d+/members/{fake.users['bob']['id']}/roles/{role.id}$", timeout=10)
        assert len(role_requests(fake, "PUT", role)) == 1
    finally:
        await bot.stop()


async def test_the_daily_sweep_takes_back_a_broken_streaks_role(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    role = reward_role(fake, bot_may_manage=True)
    carol = fake.users["carol"]
    clock = FakeClock(MONDAY_NOON)
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        added = await add_reward(fake, role, "streak", 1, remove_on_break=True)
        assert "lose it when the streak breaks" in added, added
        await answer_a_quiz(fake, "carol")
        await fake.wait_for_request("PUT", rf"^/guilds/\d+/members/{carol['id']}/roles/{role.id}$", timeout=10)
        await asyncio.sleep(2)  # the start-up sweep has run: the streak is alive, nothing is taken
        assert role_requests(fake, "DELETE", role) == []

        await bot.stop()
        clock.jump(timedelta(days=3))  # Thursday: Tuesday went by without study
        await start(bot, fake, clock)
        await fake.wait_for_request("DELETE", rf"^/guilds/\d+/members/{carol['id']}/roles/{role.id}$", timeout=20)
        assert role.id not in fake.guild.members[carol["id"]].role_ids
        await bot.stop()
        await start(bot, fake, clock)  # swept again at start: nothing left to take
        await asyncio.sleep(3)
        assert len(role_requests(fake, "DELETE", role)) == 1
        assert len(role_requests(fake, "PUT", role)) == 1
    finally:
        await bot.stop()


async def test_a_deleted_role_gives_one_notice_and_no_request(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    role = reward_role(fake, bot_may_manage=True)
    clock = FakeClock(MONDAY_NOON)
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        await add_reward(fake, role, "reviews", 1)
        del fake.guild.roles[role.id]  # an admin deletes the role in Discord
        await fake.gateway.dispatch("GUILD_ROLE_DELETE", {"guild_id": fake.guild.id, "role_id": role.id})
        await fake.settle(0.5)
        for name in ("alice", "bob"):
            await answer_a_quiz(fake, name)
        await fake.settle(1.0)
        assert role_requests(fake, "PUT", role) == []
        notices = [m["content"] for m in fake.channel_messages(fake.channel("general"))
                   if "For the admins" in (m.get("content") or "")]
        assert len(notices) == 1 and "no longer exists" in notices[0] and "/settings rewards remove" in notices[0]
        assert f"#{role.id}" in notices[0]  # its name is gone with it
        listed = await fake.slash("settings rewards list", user=fake.users["dana"])
        assert f"a deleted role (`{role.id}`)" in listed.text(), listed.text()
        removed = await fake.slash("settings rewards remove", {"role": role.id}, user=fake.users["dana"])
        assert "Removed the reward of a deleted role" in removed.text(), removed.text()
    finally:
        await bot.stop()
