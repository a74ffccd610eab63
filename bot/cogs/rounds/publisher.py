"""The Discord side of live rounds (`bot.services.round_ports.RoundPublisher`): per question one message
and one edit when it closes; the final scores as one message (text, and a picture when it can be drawn).

Posts go through REST with the channel's id only (no cache needed, so a round resumes before the
gateway's guilds arrive). A deleted channel or lost permission raises `ChannelGone` (the round ends);
anything else propagates and the round loop tries the step again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.common import stateless_view
from bot.cogs.language.voices import server_language
from bot.cogs.rounds import embeds
from bot.cogs.rounds.views import RoundButton, question_buttons
from bot.core.messages import N_
from bot.i18n.voice import say, speaking
from bot.services.ports import ChannelGone
from bot.services.round_views import CloseView, FinalView, QuestionView

if TYPE_CHECKING:
    from bot.app.client import RecallBot

HISTORY_SEARCHED = 50
NO_PINGS = discord.AllowedMentions.none()


def _gone(error: discord.HTTPException) -> ChannelGone | None:
    if isinstance(error, discord.NotFound):
        return ChannelGone(N_("the channel or the round's message was deleted"))
    if isinstance(error, discord.Forbidden):
        return ChannelGone(N_("I lost the permission to post in the channel"))
    return None


class DiscordRoundPublisher:
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    def _channel(self, channel_id: int) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(channel_id)

    async def send_question(self, view: object) -> int:
        question: QuestionView = view  # type: ignore[assignment]
        with speaking(server_language(self.bot, question.round.guild_id)):  # public posts: the server's language
            content, embed = embeds.question_content(question), embeds.question_embed(question)
            buttons = question_buttons(question.round.id, question.question.position, question.card,
                                       question.question.option_order)
        try:
            message = await self._channel(question.round.channel_id).send(
                content=content, embed=embed, view=buttons, allowed_mentions=NO_PINGS)
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error
        return message.id

    async def show_close(self, view: object) -> None:
        close: CloseView = view  # type: ignore[assignment]
        assert close.question.message_id is not None
        message = self._channel(close.round.channel_id).get_partial_message(close.question.message_id)
        with speaking(server_language(self.bot, close.round.guild_id)):
            content, embed = embeds.close_content(close), embeds.close_embed(close)
            buttons = stateless_view(RoundButton(close.round.id, close.question.position, "me", say("My place")))
        try:
            await message.edit(content=content, embed=embed, view=buttons, allowed_mentions=NO_PINGS)
        except discord.NotFound:
            return  # the question's message was deleted: nothing to edit, the round goes on
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error

    async def send_final(self, view: object) -> int:
        final: FinalView = view  # type: ignore[assignment]
        with speaking(server_language(self.bot, final.round.guild_id)):
            buttons = stateless_view(
                RoundButton(final.round.id, 0, "rv", say("Review these"), discord.ButtonStyle.primary),
                RoundButton(final.round.id, 0, "me", say("My place")))
            picture = await embeds.scoreboard_picture(final)
            embed = embeds.final_embed(final)
            content = embeds.final_content(final)
        channel = self._channel(final.round.channel_id)
        try:
            if picture is not None:
                embed.set_image(url=f"attachment://{picture.filename}")
                message = await channel.send(content=content, embed=embed, view=buttons, file=picture,
                                             allowed_mentions=NO_PINGS)
            else:
                message = await channel.send(content=content, embed=embed, view=buttons, allowed_mentions=NO_PINGS)
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error
        return message.id

    async def _find(self, channel_id: int, marker: str) -> int | None:
        me = self.bot.user.id if self.bot.user else None
        try:
            async for message in self._channel(channel_id).history(limit=HISTORY_SEARCHED):
                if message.author.id == me and marker in (message.content or ""):
                    return message.id
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error
        return None

    async def find_question(self, channel_id: int, marker: str) -> int | None:
        return await self._find(channel_id, f"**{marker}**")

    async def find_final(self, channel_id: int, marker: str) -> int | None:
        return await self._find(channel_id, f"**{marker}**")
