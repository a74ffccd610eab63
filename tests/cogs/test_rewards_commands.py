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
