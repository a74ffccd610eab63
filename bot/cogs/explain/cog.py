"""The /explain command."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.card_ids import button_owner
from bot.cogs.common import Reply, deck_autocomplete, draw_card, level_autocomplete, send, stateless_view
from bot.cogs.explain.embeds import prompt_embed
from bot.cogs.explain.views import AnswerButton
from bot.core.deck import OpenCard

if TYPE_CHECKING:
    from bot.app.client import RecallBot


class ExplainCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="explain", description="Post an open question; answer in your own words, graded privately")
    @app_commands.describe(deck="Which deck (default: any)", level="beginner, intermediate or advanced")
    @app_commands.autocomplete(deck=deck_autocomplete, level=level_autocomplete)
    async def explain(self, interaction: discord.Interaction, deck: str | None = None, level: str | None = None) -> None:
        await send(interaction, self._question(interaction, deck, level), ephemeral=False)

    async def _question(self, interaction: discord.Interaction, deck: str | None, level: str | None) -> Reply:
        drawn = await draw_card(interaction, deck, level, "open")
        assert isinstance(drawn.card, OpenCard)
        owner = button_owner(drawn.deck_guild, interaction.guild_id)
        view = stateless_view(AnswerButton(drawn.deck_id, drawn.card.id, owner=owner))
        return Reply(embed=prompt_embed(drawn.deck_title, drawn.card), view=view)
