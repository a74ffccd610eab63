"""/round start|stop|scores: live quiz rounds in a channel. Starting and stopping need the server's round
role (`/settings round-role`), or Manage Server when none is set; anyone may answer and see scores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.round_loop import RoundLoop
from bot.app.shard_scope import served_shards
from bot.cogs.common import (
    Reply,
    check_deck,
    check_level,
    clip,
    deck_autocomplete,
    level_autocomplete,
    send,
    utcnow,
)
from bot.cogs.rounds.embeds import POINTS_RULE, place_text
from bot.cogs.rounds.publisher import DiscordRoundPublisher
from bot.cogs.rounds.views import join_buttons
from bot.core import rounds as rules
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked
from bot.services.rounds import RoundError

if TYPE_CHECKING:
    from bot.app.client import RecallBot

KindChoice = Literal["choice", "flashcard", "open", "cloze", "mixed"]
TeamsChoice = Literal[0, 2, 3, 4]
NOT_ALLOWED = N_("Starting or stopping a round needs this server's round role (an admin sets it with "
                 "/settings round-role), or Manage Server.")
NOT_IN_A_CHANNEL = N_("Rounds run in a server's channel.")
KIND_NAMES = {"choice": N_("choice"), "flashcard": N_("flashcard"), "open": N_("open"), "cloze": N_("cloze"),
              "mixed": N_("mixed")}


class RoundsCog(commands.Cog):
    round = app_commands.Group(name="round", description="Live quiz rounds in this channel", guild_only=True)

    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot
        self.loop = RoundLoop(bot.services.rounds, DiscordRoundPublisher(bot))

    async def cog_load(self) -> None:
        # rounds that were running when the bot stopped go on (a shard process: those of its servers)
        await self.loop.resume_all(served_shards(self.bot))

    async def cog_unload(self) -> None:
        await self.loop.stop()

    async def _require_runner(self, interaction: discord.Interaction) -> tuple[int, int]:
        if interaction.guild_id is None or interaction.channel_id is None:
            raise RoundError(NOT_IN_A_CHANNEL)
        roles = [role.id for role in getattr(interaction.user, "roles", [])]
        manage = bool(interaction.permissions.manage_guild)
        if not await self.bot.services.rounds.may_run(interaction.guild_id, roles, manage):
            raise RoundError(NOT_ALLOWED)
        return interaction.guild_id, interaction.channel_id

    @round.command(name="start", description="Start a live round here: questions one after another, against the clock")
    @app_commands.describe(
        deck="Which deck", kind="choice, flashcard, open, cloze (a question per gap) or mixed (default choice)",
        questions="How many questions (5-50, default 10)", seconds="Seconds per question (10-120, default 20)",
        level="beginner, intermediate or advanced (default any)", teams="0 (no teams), 2, 3 or 4 teams",
    )
    @app_commands.autocomplete(deck=deck_autocomplete, level=level_autocomplete)
    async def start(self, interaction: discord.Interaction, deck: str, kind: KindChoice = "choice",
                    questions: app_commands.Range[int, 5, 50] = rules.DEFAULT_QUESTIONS,
                    seconds: app_commands.Range[int, 10, 120] = rules.DEFAULT_SECONDS,
                    level: str | None = None, teams: TeamsChoice = 0) -> None:
        async def work() -> Reply:
            guild_id, channel_id = await self._require_runner(interaction)
            deck_id = check_deck(interaction, deck)
            assert deck_id is not None
            started = await self.bot.services.rounds.start(
                guild_id, channel_id, interaction.user.id, deck_id=deck_id, kind=kind, questions=questions,
                seconds=seconds, level=check_level(level), teams=int(teams), now=utcnow(), rng=self.bot.rng)
            self.loop.drive(started.id)
            title = self.bot.services.rounds.deck_title(started)
            head = say("🎲 **Round {id}** · {deck} · {count} {kind} questions, {seconds} s each.", id=str(started.id),
                       deck=clip(title, 100), count=started.question_count, kind=say_marked(KIND_NAMES.get(kind, kind)),
                       seconds=started.seconds)
            rule = say_marked(POINTS_RULE)
            if started.teams:
                ends = (started.join_ends_at_ms or 0) // 1000
                join = say("Join a team: joining closes <t:{ends}:R>, then the first question is posted. You can "
                           "switch teams until then.", ends=str(ends))
                return Reply(content=f"{head}\n{join}\n{rule}", view=join_buttons(started.id, started.teams))
            anyone = say("Anyone here may answer; the first question follows.")
            return Reply(content=f"{head} {anyone}\n{rule}")

        await send(interaction, work(), ephemeral=False)

    @round.command(name="stop", description="Stop this channel's round now (the scores so far are final)")
    async def stop(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            guild_id, channel_id = await self._require_runner(interaction)
            stopped = await self.bot.services.rounds.stop(guild_id, channel_id, now=utcnow())
            self.loop.drive(stopped.id)
            self.loop.wake(stopped.id)
            return Reply(content=say("Round {id} stopped; its final scores follow.", id=str(stopped.id)))

        await send(interaction, work(), ephemeral=True)

    @round.command(name="scores", description="This channel's round scores, and your place")
    async def scores(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            if interaction.guild_id is None or interaction.channel_id is None:
                raise RoundError(NOT_IN_A_CHANNEL)
            board = await self.bot.services.rounds.scores(interaction.guild_id, interaction.channel_id)
            if board is None:
                return Reply(content=say("No round has been played in this channel yet. /round start begins one."))
            return Reply(content=clip(place_text(board, interaction.user.id), 2000))

        await send(interaction, work(), ephemeral=True)
