"""Who may run the admin commands: Manage Server, checked in code as well as by `default_permissions`
(a server can grant a command to anyone in its Integrations settings; the bot still refuses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.common import recall_bot
from bot.core.messages import N_
from bot.services.errors import RecallError

if TYPE_CHECKING:
    from bot.services.bundle import Services

REFUSAL = N_("You need the Manage Server permission for this; nothing was changed.")


def is_admin(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        return False
    user = interaction.user
    permissions = user.guild_permissions if isinstance(user, discord.Member) else interaction.permissions
    return bool(permissions.manage_guild)


def require_admin(interaction: discord.Interaction) -> int:
    """The server's id, if the member may manage it; else a `RecallError` shown privately."""
    if interaction.guild_id is None:
        raise RecallError(N_("This command only works in a server."))
    if not is_admin(interaction):
        raise RecallError(REFUSAL)
    return interaction.guild_id


def services_of(interaction: discord.Interaction) -> Services:
    return recall_bot(interaction).services
