"""Who may review a deck's queue (`/deck queue`, its buttons and forms): Manage Server, or the server's
reviewer role (`/settings reviewer-role`). Checked at every click and submit, by the server the interaction
comes from: a custom_id can be forged, and a click in another server is judged by that server's roles.

`/deck` keeps `default_permissions=Manage Server`, so Discord shows it only to admins; a server that wants
reviewers without Manage Server to open the queue allows their role on `/deck` in Server Settings >
Integrations (the README says how). The other `/deck` subcommands still refuse anyone without Manage Server.
"""

from __future__ import annotations

import discord

from bot.cogs.common import recall_bot
from bot.cogs.schedule.access import is_admin
from bot.core.messages import N_
from bot.services.errors import RecallError

REFUSAL = N_("You need the Manage Server permission or this server's reviewer role for this; nothing was changed.")


async def is_reviewer(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        return False
    if is_admin(interaction):
        return True
    role_id = await recall_bot(interaction).services.suggestions.reviewer_role(interaction.guild_id)
    user = interaction.user
    return role_id is not None and isinstance(user, discord.Member) and any(role.id == role_id for role in user.roles)


async def require_reviewer(interaction: discord.Interaction) -> int:
    """The server's id, if the member may review its queue there; else a `RecallError` shown privately."""
    if interaction.guild_id is None:
        raise RecallError(N_("This only works in a server."))
    if not await is_reviewer(interaction):
        raise RecallError(REFUSAL)
    return interaction.guild_id
