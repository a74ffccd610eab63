"""The Discord side of scheduled posts (`bot.services.ports.Publisher`): render, send, find, poll, reply.

A deleted channel, a channel the bot can't see, or one where it may not post raises `ChannelGone`
(the service pauses the schedule and tells the admins once); other failures propagate and the post
is tried again by the next reconcile.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.common import Reply, stateless_view
from bot.cogs.explain.embeds import prompt_embed
from bot.cogs.explain.views import AnswerButton
from bot.cogs.flashcard.embeds import front_embed
from bot.cogs.flashcard.views import RevealButton
from bot.cogs.language.voices import member_language, said, server_language
from bot.cogs.quiz.embeds import question_embed
from bot.cogs.quiz.views import options_view
from bot.core.deck import ChoiceCard, Flashcard, OpenCard
from bot.core.messages import N_
from bot.i18n.voice import say, speaking
from bot.services.ports import ChannelGone

if TYPE_CHECKING:
    from bot.app.client import RecallBot
    from bot.services.scheduling import OutgoingPost

log = logging.getLogger("recall.publisher")

HISTORY_SEARCHED = 100  # recent messages searched for a marker (a day's chatter in a study channel)
POLL_ALREADY_ENDED = 520001
NO_PINGS = discord.AllowedMentions.none()


def headline(outgoing: OutgoingPost) -> str:
    """The visible first line; it carries the marker (`schedule #12 · 2026-03-29`) the reconcile looks for
    (the marker stays as written in every language)."""
    marker, late = outgoing.marker, outgoing.post.late
    if outgoing.post.local_date is not None:
        if late:
            return say("📅 **Question of the day** (late: I was offline at the scheduled time) · {marker}", marker=marker)
        return say("📅 **Question of the day** · {marker}", marker=marker)
    if late:
        return say("📅 **Try-out question** (late: I was offline at the scheduled time) · {marker}", marker=marker)
    return say("📅 **Try-out question** · {marker}", marker=marker)


def render(outgoing: OutgoingPost, rng: random.Random) -> dict[str, Any]:
    """The keyword arguments of `channel.send` for a post, in the form the schedule chose."""
    card, deck_id = outgoing.card, outgoing.post.deck_id
    kwargs: dict[str, Any] = {"content": headline(outgoing), "allowed_mentions": NO_PINGS}
    if outgoing.form == "poll" and isinstance(card, ChoiceCard):
        poll = discord.Poll(question=card.question, duration=timedelta(hours=outgoing.poll_hours))
        for option in card.options:  # deck order: answer id n is option n-1
            poll.add_answer(text=option.text)
        kwargs["poll"] = poll
        kwargs["content"] += "\n" + say("Vote below; the answer is revealed when the poll closes ({deck}).",
                                         deck=outgoing.deck_title[:200])
    elif isinstance(card, ChoiceCard):
        kwargs["embed"] = question_embed(outgoing.deck_title, card)
        kwargs["view"] = options_view(deck_id, card, rng, scheduled=True)
    elif isinstance(card, Flashcard):
        kwargs["embed"] = front_embed(outgoing.deck_title, card)
        kwargs["view"] = stateless_view(RevealButton(deck_id, card.id, scheduled=True))
    elif isinstance(card, OpenCard):
        kwargs["embed"] = prompt_embed(outgoing.deck_title, card)
        kwargs["view"] = stateless_view(AnswerButton(deck_id, card.id, scheduled=True))
    return kwargs


def _gone(error: discord.HTTPException) -> ChannelGone | None:
    """A failure that retrying won't fix (the schedule is paused and the admins told); else None."""
    if isinstance(error, discord.NotFound):
        return ChannelGone(N_("the channel was deleted"))
    if isinstance(error, discord.Forbidden):
        return ChannelGone(N_("I lost the permission to see or post in the channel"))
    if error.status == 400:
        return ChannelGone(N_("Discord refused the message (error {code})").format(code=error.code))
    return None


class DiscordPublisher:
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException as error:
                raise (_gone(error) or error) from error
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelGone(N_("the channel can't hold messages"))
        guild = getattr(channel, "guild", None)
        me = guild.me if guild is not None else None
        if me is not None and isinstance(channel, discord.abc.GuildChannel):
            allowed = channel.permissions_for(me)
            if not (allowed.view_channel and allowed.send_messages):
                raise ChannelGone(N_("I lost the permission to see or post in the channel"))
        return channel

    async def send_post(self, post: object) -> int:
        outgoing: OutgoingPost = post  # type: ignore[assignment]
        channel = await self._channel(outgoing.post.channel_id)
        with speaking(server_language(self.bot, outgoing.post.guild_id)):  # a public post: the server's language
            kwargs = await self._rendered(outgoing)
        try:
            message = await channel.send(**kwargs)
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error
        return message.id

    async def _rendered(self, outgoing: OutgoingPost) -> dict[str, Any]:
        kwargs = render(outgoing, self.bot.rng)
        if "embed" in kwargs:  # a poll has no embed: its text is the question, as Discord shows it
            card, deck_id = outgoing.card, outgoing.post.deck_id
            # the card was drawn from the deck its server sees: the server's upload unless a built-in id
            owner = 0 if deck_id in self.bot.services.catalogue.builtin_ids else outgoing.post.guild_id
            attached = await self.bot.card_media.attach(Reply(embed=kwargs["embed"]), deck_id, card,
                                                        [card.title], owner=owner)
            if attached.files:
                kwargs["files"] = attached.files
        return kwargs

    async def find_post(self, channel_id: int, marker: str) -> int | None:
        channel = await self._channel(channel_id)
        me = self.bot.user.id if self.bot.user else None
        try:
            async for message in channel.history(limit=HISTORY_SEARCHED):
                if message.author.id == me and marker in (message.content or ""):
                    return message.id
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error
        return None

    async def notify_admins(self, guild_id: int, text: str) -> bool:
        guild = self.bot.get_guild(guild_id)
        channel = guild.system_channel if guild is not None else None
        if guild is None or channel is None or guild.me is None:
            return False
        if not channel.permissions_for(guild.me).send_messages:
            return False
        with speaking(server_language(self.bot, guild_id)):
            notice = say("🛠️ For the admins: {notice}", notice=said(text))
        await channel.send(notice[:2000], allowed_mentions=NO_PINGS)
        return True

    async def _message(self, channel_id: int, message_id: int) -> discord.Message:
        channel = await self._channel(channel_id)
        try:
            return await channel.fetch_message(message_id)
        except discord.NotFound as error:
            raise ChannelGone(N_("the poll's message was deleted")) from error
        except discord.HTTPException as error:
            raise (_gone(error) or error) from error

    async def end_poll(self, channel_id: int, message_id: int) -> None:
        message = await self._message(channel_id, message_id)
        try:
            await message.end_poll()
        except discord.HTTPException as error:
            if error.code != POLL_ALREADY_ENDED:
                raise

    async def poll_voters(self, channel_id: int, message_id: int) -> dict[int, set[int]]:
        message = await self._message(channel_id, message_id)
        voters: dict[int, set[int]] = {}
        if message.poll is None:
            return voters
        for answer in message.poll.answers:
            voters[answer.id] = {user.id async for user in answer.voters()}
        return voters

    async def reply(self, channel_id: int, message_id: int, text: str) -> int:
        channel = await self._channel(channel_id)
        reference = discord.MessageReference(message_id=message_id, channel_id=channel_id, fail_if_not_exists=False)
        guild = getattr(channel, "guild", None)
        with speaking(server_language(self.bot, guild.id if guild is not None else None)):  # a public reply
            shown = said(text)
        sent = await channel.send(shown[:2000], reference=reference, allowed_mentions=NO_PINGS)
        return sent.id

    async def find_reply(self, channel_id: int, message_id: int) -> int | None:
        channel = await self._channel(channel_id)
        me = self.bot.user.id if self.bot.user else None
        async for message in channel.history(limit=HISTORY_SEARCHED, after=discord.Object(message_id)):
            if message.author.id == me and message.reference and message.reference.message_id == message_id:
                return message.id
        return None

    async def send_dm(self, user_id: int, text: str) -> bool:
        with speaking(await member_language(self.bot, user_id)):  # the member's last seen client language
            shown = said(text)
        try:
            user = self.bot.get_user(user_id) or await self.bot.fetch_user(user_id)
            await user.send(shown[:2000], allowed_mentions=NO_PINGS)
        except discord.HTTPException as error:
            log.info("could not DM a reminder to %d (%s)", user_id, error.status)
            return False
        return True
