"""The /streak, /stats and /leaderboard commands."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import Reply, send, utcnow
from bot.cogs.progress.embeds import leaderboard_embed, stats_embed, streak_embed
from bot.cogs.progress.scoreboard import SCOREBOARD_FILE, MemberNames, leaderboard_picture
from bot.cogs.progress.study_plan import add_study_plan
from bot.core.messages import N_
from bot.services.api import Learner
from bot.services.errors import RecallError

if TYPE_CHECKING:
    from bot.app.client import RecallBot

CALENDAR_FILE = "study-calendar.png"
NEEDS_SERVER = N_("{command} needs a server: streaks and leaderboards belong to a study group. Try it in a server "
                  "channel.")
OWN_RECORD_ONLY = N_("In a DM /stats shows only your own record. To see a member's, use /stats member: in a server "
                     "you share: it shows what they did there.")


class ProgressCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot
        self.member_names = MemberNames()

    @app_commands.command(name="streak", description="Your (or a member's) study streak in this server")
    @app_commands.describe(member="Whose streak (default: yours)")
    async def streak(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        await send(interaction, self._streak(interaction, member), ephemeral=False)

    async def _streak(self, interaction: discord.Interaction, member: discord.User | None) -> Reply:
        if interaction.guild_id is None:
            raise RecallError(NEEDS_SERVER, command="/streak")
        who = member or interaction.user
        if who.bot:
            raise RecallError(N_("Bots don't study (yet)."))
        streak = await self.bot.services.recall.streak(Learner(who.id, interaction.guild_id), now=utcnow())
        if streak is None:
            raise RecallError(NEEDS_SERVER, command="/streak")
        return Reply(embed=streak_embed(who.display_name, streak))

    @app_commands.command(name="stats", description="Accuracy by deck and level, and the concepts to revisit")
    @app_commands.describe(member="Whose record (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        await send(interaction, self._stats(interaction, member), ephemeral=True)

    async def _stats(self, interaction: discord.Interaction, member: discord.User | None) -> Reply:
        who = member or interaction.user
        if interaction.guild_id is None and who.id != interaction.user.id:
            raise RecallError(OWN_RECORD_ONLY)
        # In a server: what the member did in this server. In a DM: the caller's own record everywhere.
        learner, now = Learner(who.id, interaction.guild_id), utcnow()
        stats = await self.bot.services.recall.stats(learner, now=now)
        calendar = await self.bot.services.recall.study_calendar(learner, now=now)
        embed = stats_embed(who.display_name, stats)
        await add_study_plan(self.bot, embed, learner, now)  # review load per deck, exam forecasts
        # Imported here: Pillow costs about 3 MiB of RSS, paid only once someone asks for /stats.
        from bot.ops.calendar import render_calendar_png

        picture = await asyncio.to_thread(
            render_calendar_png, calendar.attempts_by_day, today=calendar.today,
            current_streak=calendar.current_streak, longest_streak=calendar.longest_streak,
        )
        embed.set_image(url=f"attachment://{CALENDAR_FILE}")
        return Reply(embed=embed, file=discord.File(io.BytesIO(picture), filename=CALENDAR_FILE))

    @app_commands.command(name="leaderboard", description="This server's top members")
    @app_commands.describe(period="week, month or all time (default: week)", by="points, streak or accuracy (default: points)")
    async def leaderboard(
        self, interaction: discord.Interaction,
        period: Literal["week", "month", "all"] = "week", by: Literal["points", "streak", "accuracy"] = "points",
    ) -> None:
        await send(interaction, self._leaderboard(interaction, period, by), ephemeral=False)

    async def _leaderboard(self, interaction: discord.Interaction, period: str, by: str) -> Reply:
        if interaction.guild_id is None:
            raise RecallError(NEEDS_SERVER, command="/leaderboard")
        board = await self.bot.services.recall.leaderboard(
            interaction.guild_id, now=utcnow(), period=period, metric=by  # type: ignore[arg-type]
        )
        guild = interaction.guild or self.bot.get_guild(interaction.guild_id)
        if not board.rows or guild is None:
            return Reply(embed=leaderboard_embed(board))
        if isinstance(interaction.user, discord.Member):
            self.member_names.remember(guild.id, interaction.user.id, interaction.user.display_name)
        names = await self.member_names.names(guild, [row.user_id for row in board.rows])
        picture = await leaderboard_picture(board, names)
        return Reply(embed=leaderboard_embed(board, picture=SCOREBOARD_FILE), file=picture)
