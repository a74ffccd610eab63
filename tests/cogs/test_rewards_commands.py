"""`/settings rewards`: the subgroup joined to the admin cog's `/settings` at start, listed in /help, and the
role checks that read Discord's cache (no request is made for a role the bot can't give)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
from discord import app_commands

from bot.cogs.admin.cog import AdminCog
from bot.cogs.library.embeds import ADMIN_TITLE, help_embed
from bot.cogs.rewards.commands import RewardsGroup
from bot.cogs.rewards.desk import DELETED, MANAGED, NO_PERMISSION, TOO_HIGH, role_problem


def test_the_subgroup_has_its_three_commands_and_nests_under_settings() -> None:
    group = RewardsGroup(SimpleNamespace())  # type: ignore[arg-type]
    assert sorted(c.name for c in group.commands) == ["add", "list", "remove"]
    settings = AdminCog(SimpleNamespace()).settings  # type: ignore[arg-type]  # the cog instance's copy
    settings.add_command(group)
    assert group.parent is settings and group.qualified_name == "settings rewards"
    payload = settings.to_dict(app_commands.CommandTree(discord.Client(intents=discord.Intents.none())))
    assert any(option["name"] == "rewards" and option["type"] == 2 for option in payload["options"])


def test_help_lists_every_rewards_command_for_admins() -> None:
    (admin,) = [field for field in help_embed().fields if field.name == ADMIN_TITLE]
    (line,) = [line for line in (admin.value or "").splitlines() if line.startswith("**/settings rewards")]
    for command in RewardsGroup(SimpleNamespace()).commands:  # type: ignore[arg-type]
        assert command.name in line


class Role:
    def __init__(self, position: int, *, managed: bool = False) -> None:
        self.position, self.managed = position, managed

    def __ge__(self, other: Any) -> bool:
        return bool(self.position >= other.position)


def guild(roles: dict[int, Role], *, manage_roles: bool, top: int) -> Any:
    me = SimpleNamespace(guild_permissions=discord.Permissions(manage_roles=manage_roles), top_role=Role(top))
    return SimpleNamespace(get_role=roles.get, me=me)


def test_role_problems_read_from_the_cache() -> None:
    roles = {1: Role(2), 2: Role(5), 3: Role(1, managed=True)}
    assert role_problem(guild(roles, manage_roles=True, top=5), 1) is None
    assert role_problem(guild(roles, manage_roles=False, top=5), 1) == NO_PERMISSION
    assert role_problem(guild(roles, manage_roles=True, top=5), 2) == TOO_HIGH  # equal to the bot's top role
    assert role_problem(guild(roles, manage_roles=True, top=5), 3) == MANAGED
    assert role_problem(guild(roles, manage_roles=True, top=5), 99) == DELETED
    assert all(p.code and "@" not in p.text for p in (NO_PERMISSION, TOO_HIGH, MANAGED, DELETED))


def http_error(kind: type[discord.HTTPException], status: int, code: int) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="refused")
    return kind(response, {"code": code, "message": "refused"})  # type: ignore[arg-type]


class FailingHttp:
    def __init__(self, error: Exception) -> None:
        self.error = error

    async def add_role(self, *args: Any, **kwargs: Any) -> None:
        raise self.error

    async def remove_role(self, *args: Any, **kwargs: Any) -> None:
        raise self.error


async def outcome(error: Exception, cached: Any = None) -> Exception | None:
    from bot.cogs.rewards.desk import DiscordRoleDesk

    bot = SimpleNamespace(http=FailingHttp(error), get_guild=lambda _id: cached)
    desk = DiscordRoleDesk(bot)  # type: ignore[arg-type]
    try:
        await desk.give(1, 2, 3)
    except Exception as raised:  # the mapping is what is tested
        return raised
    return None


async def test_discords_refusals_become_problems_for_the_admins_or_nothing() -> None:
    from bot.services.reward_ports import MemberGone, RoleRefused

    deleted = await outcome(http_error(discord.NotFound, 404, 10011))
    assert isinstance(deleted, RoleRefused) and deleted.problem == DELETED
    assert isinstance(await outcome(http_error(discord.NotFound, 404, 10007)), MemberGone)  # the member left
    forbidden = await outcome(http_error(discord.Forbidden, 403, 50013))
    assert isinstance(forbidden, RoleRefused) and forbidden.problem == NO_PERMISSION
    # Forbidden while the cache says the permission is there: the cache's reason if it has one (role too high).
    cached = guild({3: Role(7)}, manage_roles=True, top=5)
    too_high = await outcome(http_error(discord.Forbidden, 403, 50013), cached)
    assert isinstance(too_high, RoleRefused) and too_high.problem == TOO_HIGH
    transient = http_error(discord.DiscordServerError, 503, 0)
    assert await outcome(transient) is transient  # tried again by a later answer, no notice
