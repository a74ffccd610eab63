"""The /flashcard command."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.card_ids import button_owner
from bot.cogs.common import Reply, deck_autocomplete, draw_card, level_autocomplete, send, stateless_view
from bot.cogs.flashcard.embeds import front_embed
from bot.cogs.flashcard.views import RevealButton
from bot.core.deck import Flashcard

if TYPE_CHECKING:
    from bot.app.client import RecallBot


class FlashcardCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="flashcard", description="Show a flashcard; anyone can reveal the answer privately")
    @app_commands.describe(deck="Which deck (default: any)", level="beginner, intermediate or advanced")
    @app_commands.autocomplete(deck=deck_autocomplete, level=level_autocomplete)
    async def flashcard(self, interaction: discord.Interaction, deck: str | None = None, level: str | None = None) -> None:
        await send(interaction, self._card(interaction, deck, level), ephemeral=False)

    async def _card(self, interaction: discord.Interaction, deck: str | None, level: str | None) -> Reply:
        drawn = await draw_card(interaction, deck, level, "flashcard")
        assert isinstance(drawn.card, Flashcard)
        owner = button_owner(drawn.deck_guild, interaction.guild_id)
        view = stateless_view(RevealButton(drawn.deck_id, drawn.card.id, owner=owner))
        return Reply(embed=front_embed(drawn.deck_title, drawn.card), view=view)
