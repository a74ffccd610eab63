"""The /quiz command."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.card_ids import button_owner
from bot.cogs.common import Reply, deck_autocomplete, draw_card, level_autocomplete, send
from bot.cogs.quiz.embeds import question_embed
from bot.cogs.quiz.views import options_view
from bot.core.deck import ChoiceCard

if TYPE_CHECKING:
    from bot.app.client import RecallBot


class QuizCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="quiz", description="Post a multiple-choice question; everyone answers privately")
    @app_commands.describe(deck="Which deck (default: any)", level="beginner, intermediate or advanced")
    @app_commands.autocomplete(deck=deck_autocomplete, level=level_autocomplete)
    async def quiz(self, interaction: discord.Interaction, deck: str | None = None, level: str | None = None) -> None:
        await send(interaction, self._question(interaction, deck, level), ephemeral=False)

    async def _question(self, interaction: discord.Interaction, deck: str | None, level: str | None) -> Reply:
        drawn = await draw_card(interaction, deck, level, "choice")
        assert isinstance(drawn.card, ChoiceCard)
        owner = button_owner(drawn.deck_guild, interaction.guild_id)
        view = options_view(drawn.deck_id, drawn.card, self.bot.rng, owner=owner)
        return Reply(embed=question_embed(drawn.deck_title, drawn.card), view=view)
