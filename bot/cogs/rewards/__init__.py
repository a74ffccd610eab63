"""Roles earned by studying: `/settings rewards` and the Discord side that gives and takes the roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands

from bot.cogs.rewards.commands import RewardsGroup
from bot.cogs.rewards.desk import DiscordRoleDesk

DRAIN_SECONDS = 5.0

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    """Loaded after `bot.cogs.admin`: the subgroup joins its `/settings` group before commands are synced."""
    settings = bot.tree.get_command("settings")
    if not isinstance(settings, app_commands.Group):
        raise RuntimeError("bot.cogs.rewards needs /settings (bot.cogs.admin) loaded first")
    settings.add_command(RewardsGroup(bot))
    bot.services.rewards.attach(DiscordRoleDesk(bot))


async def teardown(bot: RecallBot) -> None:
    """On close (before the HTTP session goes): let the roles being given finish, briefly. One cut short
    stays claimed but not given, and the member's next answer 10 minutes on gives it."""
    await bot.services.rewards.drain(DRAIN_SECONDS)
