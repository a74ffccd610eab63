"""The /mydata commands (the missed cards' Anki package: bot/cogs/mydata/missed.py). Everything here is ephemeral: only the member sees their data and their choices."""

from __future__ import annotations

import asyncio
import io
import zipfile
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import Reply, send, utcnow
from bot.cogs.mydata.missed import builtin_media, missed_reply
from bot.cogs.mydata.views import confirm_view, warning
from bot.i18n.voice import say, say_n
from bot.services.api import Learner
from bot.services.member_data import to_json

if TYPE_CHECKING:
    from bot.app.client import RecallBot

# Discord takes up to 10 MiB of attachments from a bot in any server; stay clear of it.
MAX_UPLOAD_BYTES = 8 * 1024 * 1024


def export_file(user_id: int, text: str) -> discord.File | None:
    """The export as JSON, zipped when it is large (answers compress well), None if even that is too big."""
    data = text.encode("utf-8")
    name = f"recall-data-{user_id}.json"
    if len(data) <= MAX_UPLOAD_BYTES:
        return discord.File(io.BytesIO(data), filename=name)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(name, data)
    if packed.tell() > MAX_UPLOAD_BYTES:
        return None
    packed.seek(0)
    return discord.File(packed, filename=name.replace(".json", ".zip"))


class MyDataCog(commands.Cog):
    mydata = app_commands.Group(name="mydata", description="Your own data: export it, delete it, leaderboards")

    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    @mydata.command(name="export", description="Your data as a file only you see: all of it, or the cards you missed")
    @app_commands.describe(what="all: everything about you (JSON); missed: cards you got wrong in 30 days (Anki package)")
    async def export(self, interaction: discord.Interaction, what: Literal["all", "missed"] = "all") -> None:
        if what == "missed":
            learner = Learner(interaction.user.id, interaction.guild_id)
            limit = min(MAX_UPLOAD_BYTES, interaction.filesize_limit)
            known = getattr(getattr(self.bot, "card_media", None), "folders", None) or {}
            work = missed_reply(self.bot.services.recall, learner, now=utcnow(), max_bytes=limit,
                                media_folder=builtin_media(known, self.bot.settings.content_dir))
            await send(interaction, work, ephemeral=True)
            return
        await send(interaction, self._export(interaction.user.id), ephemeral=True)

    async def _export(self, user_id: int) -> Reply:
        export = await self.bot.services.recall.export_data(guild_id=None, user_id=user_id, now=utcnow(), with_answers=True)
        file = await asyncio.to_thread(lambda: export_file(user_id, to_json(export)))
        if file is None:
            return Reply(content=say("Your data is too large to attach here. A server admin can export it for you "
                                     "with `python -m bot export --guild <server id> --member <your id>`."))
        return Reply(content=say_n("Here is your data: {count} answer with what you wrote, your streaks, "
                                   "and every other record about you (JSON).",
                                   "Here is your data: {count} answers with what you wrote, your streaks, "
                                   "and every other record about you (JSON).", len(export.attempts)), file=file)

    @mydata.command(name="delete", description="Delete everything Recall stores about you (asks first)")
    async def delete(self, interaction: discord.Interaction) -> None:
        asked_at = int(utcnow().timestamp())
        reply = Reply(content=warning(), view=confirm_view(interaction.user.id, asked_at))
        await interaction.response.send_message(ephemeral=True, **reply.kwargs())

    @mydata.command(name="leaderboard", description="Show or hide yourself on leaderboards")
    @app_commands.describe(show="on: appear on leaderboards; off: be left out (your record still counts for you)")
    async def leaderboard(self, interaction: discord.Interaction, show: Literal["on", "off"]) -> None:
        await send(interaction, self._leaderboard(interaction.user.id, show == "on"), ephemeral=True)

    async def _leaderboard(self, user_id: int, shown: bool) -> Reply:
        await self.bot.services.recall.set_leaderboard_opt_out(user_id, not shown)
        if shown:
            return Reply(content=say("Done: you appear on leaderboards again."))
        return Reply(content=say("Done: you are left out of every leaderboard. Your streaks and stats still count "
                                 "for you; `/mydata leaderboard on` brings you back."))
