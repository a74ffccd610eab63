"""/drill and /review: private runs of questions, one after the other, then a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import (
    Reply,
    check_deck,
    check_level,
    deck_autocomplete,
    learner_of,
    level_autocomplete,
    send,
    utcnow,
)
from bot.cogs.drill.runs import DrillRun, Question
from bot.cogs.drill.views import advance
from bot.core.deck import Kind
from bot.i18n.voice import say

if TYPE_CHECKING:
    from bot.app.client import RecallBot

REVIEW_LIMIT = 25
KindChoice = Literal["flashcard", "choice", "open", "cloze", "mixed"]


class DrillCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @app_commands.command(name="drill", description="A private run of questions, then your score")
    @app_commands.describe(
        deck="Which deck (default: any)", level="beginner, intermediate or advanced",
        kind="flashcard (with cloze gaps), choice, open, cloze or mixed (default: mixed)", count="How many questions (1-25, default 5)",
    )
    @app_commands.autocomplete(deck=deck_autocomplete, level=level_autocomplete)
    async def drill(
        self, interaction: discord.Interaction, deck: str | None = None, level: str | None = None,
        kind: KindChoice = "mixed", count: app_commands.Range[int, 1, 25] = 5,
    ) -> None:
        run = DrillRun(
            id="", learner=learner_of(interaction), source="drill", count=count,
            deck_id=check_deck(interaction, deck), level=check_level(level),
            kind=None if kind == "mixed" else _kind(kind),
        )
        await send(interaction, self._first(run), ephemeral=True)

    @app_commands.command(name="review", description="Your cards due for spaced-repetition review, as a private drill")
    async def review(self, interaction: discord.Interaction) -> None:
        await send(interaction, self._review(interaction), ephemeral=True)

    async def _review(self, interaction: discord.Interaction) -> Reply:
        # In a server: the cards of decks this server sees; in a DM: the member's own, from every deck.
        due = await self.bot.services.recall.due_cards(learner_of(interaction), now=utcnow(), limit=REVIEW_LIMIT)
        if not due:
            return Reply(content=say("Nothing is due for review right now. 🎉 Come back later, or try /drill."))
        queue = [Question(card.deck_id, card.deck_title, card.card, card.deck_guild) for card in due]
        run = DrillRun(id="", learner=learner_of(interaction), source="review", count=len(queue), queue=queue)
        return await self._first(run)

    async def _first(self, run: DrillRun) -> Reply:
        self.bot.drill_runs.start(run, self.bot.rng)
        try:
            return await advance(self.bot, run)
        except Exception:
            self.bot.drill_runs.end(run.id)
            raise


def _kind(kind: str) -> Kind:
    assert kind in ("flashcard", "choice", "open", "cloze")
    return kind  # type: ignore[return-value]
