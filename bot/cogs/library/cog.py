"""The /decks and /help commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import Reply, ready, send
from bot.cogs.library.embeds import decks_embed, help_embed

if TYPE_CHECKING:
    from bot.app.client import RecallBot


class LibraryCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="decks", description="The decks you can study, with counts per kind and level")
    async def decks(self, interaction: discord.Interaction) -> None:
        await send(interaction, ready(Reply(embed=decks_embed(self.bot.services.catalogue.decks(interaction.guild_id)))), ephemeral=True)

    @app_commands.command(name="help", description="What each Recall command does")
    async def help(self, interaction: discord.Interaction) -> None:
        await send(interaction, ready(Reply(embed=help_embed())), ephemeral=True)
