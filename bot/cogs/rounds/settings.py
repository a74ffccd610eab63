"""`/settings round-role`: who may start and stop rounds. Attached under the admin cog's `/settings`
(Manage Server, also checked in code) when the rounds cog loads."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.cogs.common import Reply, escape, recall_bot, send
from bot.cogs.schedule.access import require_admin
from bot.i18n.voice import say


@app_commands.command(name="round-role", description="Who may start and stop /round (leave empty: Manage Server)")
@app_commands.describe(role="The role whose members may run rounds; leave it out to go back to Manage Server")
async def round_role(interaction: discord.Interaction, role: discord.Role | None = None) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        await recall_bot(interaction).services.rounds.set_round_role(guild_id, role.id if role is not None else None)
        if role is None:
            return Reply(content=say("Members with Manage Server may start and stop rounds."))
        return Reply(content=say("Members with **{role}** (and Manage Server) may now start and stop rounds.",
                                 role=escape(role.name)))

    await send(interaction, work(), ephemeral=True)


def attach(tree: app_commands.CommandTree[discord.Client]) -> None:
    """Add the command to `/settings` (bot.cogs.admin must be loaded first)."""
    settings = tree.get_command("settings")
    if not isinstance(settings, app_commands.Group):
        raise RuntimeError("bot.cogs.rounds needs /settings (bot.cogs.admin) loaded first")
    if settings.get_command("round-role") is None:
        settings.add_command(round_role)



