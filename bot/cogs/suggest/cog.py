"""`/suggest deck kind [level]`: a member opens the card form for a deck this server sees.

The form is the first answer to the command (a modal can't follow a deferral), so only quick checks run
before it opens: in a server, a deck the server sees, room under the pending limit. The submit is checked by
the deck's rules (bot/cogs/suggest/views.py: `on_new`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import deck_autocomplete
from bot.cogs.suggest.forms import CardForm, suggest_title
from bot.core.messages import N_
from bot.services.errors import RecallError
from bot.services.suggestions import DEFAULT_LEVEL

if TYPE_CHECKING:
    from bot.app.client import RecallBot


class SuggestCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="suggest", description="Suggest a card for a deck; this server's reviewers accept it")
    @app_commands.describe(deck="The deck it belongs to", kind="flashcard, choice (multiple choice) or open",
                           level="How hard it is (default intermediate)")
    @app_commands.autocomplete(deck=deck_autocomplete)
    @app_commands.guild_only()
    async def suggest(self, interaction: discord.Interaction, deck: str,
                      kind: Literal["flashcard", "choice", "open"],
                      level: Literal["beginner", "intermediate", "advanced"] | None = None) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:
            raise RecallError(N_("Suggestions are per server: use /suggest in a server."))
        ref = self.bot.services.catalogue.resolve(guild_id, deck)
        if ref is None:
            raise RecallError(N_("I don't know that deck in this server. Pick one from the list, or see /decks."))
        await self.bot.services.suggestions.may_suggest(guild_id, interaction.user.id)
        form_id = f"recall:suggest:new:{kind}:{level or DEFAULT_LEVEL}:{ref.deck_id}"
        await interaction.response.send_modal(CardForm(form_id, suggest_title(kind), kind))
