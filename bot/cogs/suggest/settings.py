"""`/settings reviewer-role [role]`: the role whose members may review deck queues besides Manage Server."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.common import Reply, escape, send
from bot.cogs.schedule.access import require_admin
from bot.i18n.voice import say

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def reviewer_role_command(bot: RecallBot, interaction: discord.Interaction, role: discord.Role | None) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        await bot.services.suggestions.set_reviewer_role(guild_id, role.id if role is not None else None)
        if role is None:
            return Reply(content=say("No reviewer role: only members with Manage Server review deck queues."))
        return Reply(content=say("Members with the role **{role}** may now review deck queues (`/deck queue`: suggestions "
                                 "and appeals). To let them see `/deck`, allow that role on `/deck` in Server Settings > "
                                 "Integrations > Recall; the other `/deck` commands still need Manage Server.",
                                 role=escape(role.name)))

    await send(interaction, work(), ephemeral=True)
