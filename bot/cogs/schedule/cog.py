"""/schedule add|list|remove|pause|resume|post-now|end-poll (Manage Server), and poll vote events."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import Reply, clip, escape, send, utcnow
from bot.cogs.language.voices import said
from bot.cogs.schedule.access import require_admin, services_of
from bot.cogs.schedule.publisher import DiscordPublisher
from bot.core.messages import N_
from bot.core.schedule_rule import timezone_choices
from bot.i18n.voice import say, say_marked, say_n
from bot.services.errors import RecallError

if TYPE_CHECKING:
    from bot.app.client import RecallBot
    from bot.services.scheduling import ScheduleView

MANAGE_SERVER = discord.Permissions(manage_guild=True)
Kind = Literal["flashcard", "choice", "poll", "open", "mixed"]
LevelChoice = Literal["beginner", "intermediate", "advanced"]
PickChoice = Literal["rotation", "review"]


KIND_NAMES = {"flashcard": N_("flashcard"), "choice": N_("choice"), "poll": N_("poll"), "open": N_("open"),
              "mixed": N_("mixed")}
LEVEL_NAMES = {"beginner": N_("beginner"), "intermediate": N_("intermediate"), "advanced": N_("advanced")}
DAY_NAMES = {"daily": N_("daily"), "weekdays": N_("weekdays")}  # other sets stay as typed: `mon,wed,fri`


def schedule_title(view: ScheduleView) -> str:
    """`#3 · open beginner from `deck` · pick review · 08:00 Europe/London, weekdays (paused)`."""
    kind = say_marked(KIND_NAMES.get(view.kind, view.kind))
    if view.level:
        head = say("#{id} · {kind} {level} from `{deck}`", id=str(view.id), kind=kind,
                   level=say_marked(LEVEL_NAMES.get(view.level, view.level)), deck=view.deck_id)
    else:
        head = say("#{id} · {kind} from `{deck}`", id=str(view.id), kind=kind, deck=view.deck_id)
    rule = view.rule
    days = say_marked(DAY_NAMES[rule.days_text]) if rule.days_text in DAY_NAMES else rule.days_text
    if rule.paused:
        when = say("{time} {timezone}, {days} (paused)", time=rule.time_text, timezone=rule.timezone, days=days)
    else:
        when = say("{time} {timezone}, {days}", time=rule.time_text, timezone=rule.timezone, days=days)
    return " · ".join([head, *([say("pick review")] if view.pick == "review" else []), when])


def describe(view: ScheduleView) -> str:
    parts = [say("**{schedule}** in <#{channel}>", schedule=schedule_title(view), channel=str(view.channel_id))]
    if view.next_post_at:
        parts.append(say("next <t:{time}:R>", time=str(int(view.next_post_at.timestamp()))))
    if view.pause_reason:
        parts.append(say("paused: {reason}", reason=escape(said(view.pause_reason))))
    why = f"\n  ↳ {said(view.why)}" if view.why else ""  # a card id (a deck slug) and numbers
    return " · ".join(parts) + why


async def timezone_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in timezone_choices(current[:100])]


async def guild_deck_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    needle = current.casefold().strip()
    found = []
    for summary in services_of(interaction).catalogue.decks(interaction.guild_id):
        if needle in summary.id or needle in summary.title.casefold():
            found.append(app_commands.Choice(name=clip(f"{summary.title} ({summary.id})", 100), value=summary.id))
    return found[:25]


async def schedule_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    if interaction.guild_id is None or not getattr(interaction.permissions, "manage_guild", False):
        return []
    views = await services_of(interaction).scheduling.schedules(interaction.guild_id, now=utcnow())
    needle = current.casefold().strip().lstrip("#")
    return [
        app_commands.Choice(name=clip(schedule_title(view).replace("`", ""), 100), value=view.id)
        for view in views
        if needle in view.describe().casefold() or needle in schedule_title(view).casefold()
    ][:25]


class ScheduleCog(commands.Cog):
    schedule = app_commands.Group(
        name="schedule", description="Post a question in a channel every day (admins)",
        default_permissions=MANAGE_SERVER, guild_only=True,
    )

    scheduler_task: asyncio.Task[None] | None = None

    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot
        self.publisher = DiscordPublisher(bot)

    async def cog_unload(self) -> None:
        """Closing the client removes its cogs: the scheduler ends here, waited for, so a tick still running
        never outlives the client (nor the database the runner closes next)."""
        task, self.scheduler_task = self.scheduler_task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @schedule.command(name="add", description="Post a question in a channel at a local time")
    @app_commands.describe(
        channel="Where to post", time="HH:MM, 24-hour clock, e.g. 08:00", timezone="IANA name, e.g. Europe/London",
        deck="Which deck", kind="What to post (default flashcard)", level="Only cards of this level",
        days="daily, weekdays, or names like mon,wed,fri", poll_hours="How long a poll stays open (1-768, default 24)",
        grace_hours="How late a missed post may still go out (1-24, default 6)",
        pick="rotation: each card once per cycle (default); review: what the group has most likely forgotten",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete, deck=guild_deck_autocomplete)
    async def add(self, interaction: discord.Interaction, channel: discord.TextChannel, time: str, timezone: str,
                  deck: str, kind: Kind = "flashcard", level: LevelChoice | None = None, days: str = "daily",
                  poll_hours: int | None = None, grace_hours: int | None = None,
                  pick: PickChoice = "rotation") -> None:
        guild_id = require_admin(interaction)
        me = interaction.guild.me if interaction.guild is not None else None
        if me is not None and isinstance(channel, discord.abc.GuildChannel):
            allowed = channel.permissions_for(me)
            if not (allowed.view_channel and allowed.send_messages):
                raise RecallError(N_("I can't post in <#{channel}>: give me View Channel and Send Messages there first."),
                                 channel=str(channel.id))

        async def work() -> Reply:
            view = await self.bot.services.scheduling.add(
                guild_id, interaction.user.id, channel_id=channel.id, time=time, timezone=timezone,
                deck_id=deck, now=utcnow(), kind=kind, level=level, days=days, poll_hours=poll_hours,
                grace_hours=grace_hours, pick=pick)
            return Reply(content=say("Scheduled: {schedule}. Try it now with `/schedule post-now schedule:{id}`.",
                                     schedule=describe(view), id=str(view.id)))

        await send(interaction, work(), ephemeral=True)

    @schedule.command(name="list", description="This server's schedules")
    async def list(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            scheduling = self.bot.services.scheduling
            views = await scheduling.schedules(guild_id, now=utcnow())
            notices = await scheduling.take_notices(guild_id, now=utcnow())
            lines = [describe(view) for view in views] or [say("No schedules yet: add one with `/schedule add`.")]
            lines += [f"⚠️ {escape(said(text))}" for text in notices]
            return Reply(content=clip("\n".join(lines), 2000))

        await send(interaction, work(), ephemeral=True)

    async def _one(self, interaction: discord.Interaction, schedule: int, action: str) -> None:
        guild_id = require_admin(interaction)
        scheduling = self.bot.services.scheduling

        async def work() -> Reply:
            if action == "remove":
                view = await scheduling.remove(guild_id, schedule)
                return Reply(content=say("Removed schedule #{id}.", id=str(view.id)))
            if action == "pause":
                view = await scheduling.pause(guild_id, schedule, now=utcnow())
                return Reply(content=say("Paused: {schedule}.", schedule=describe(view)))
            view = await scheduling.resume(guild_id, schedule, now=utcnow())
            return Reply(content=say("Resumed: {schedule}.", schedule=describe(view)))

        await send(interaction, work(), ephemeral=True)

    @schedule.command(name="remove", description="Delete a schedule")
    @app_commands.describe(schedule="The schedule (see /schedule list)")
    @app_commands.autocomplete(schedule=schedule_autocomplete)
    async def remove(self, interaction: discord.Interaction, schedule: int) -> None:
        await self._one(interaction, schedule, "remove")

    @schedule.command(name="pause", description="Stop posting until resumed")
    @app_commands.describe(schedule="The schedule (see /schedule list)")
    @app_commands.autocomplete(schedule=schedule_autocomplete)
    async def pause(self, interaction: discord.Interaction, schedule: int) -> None:
        await self._one(interaction, schedule, "pause")

    @schedule.command(name="resume", description="Post again from the next scheduled time")
    @app_commands.describe(schedule="The schedule (see /schedule list)")
    @app_commands.autocomplete(schedule=schedule_autocomplete)
    async def resume(self, interaction: discord.Interaction, schedule: int) -> None:
        await self._one(interaction, schedule, "resume")

    @schedule.command(name="post-now", description="Post the schedule's next question now (to try it out)")
    @app_commands.describe(schedule="The schedule (see /schedule list)")
    @app_commands.autocomplete(schedule=schedule_autocomplete)
    async def post_now(self, interaction: discord.Interaction, schedule: int) -> None:
        guild_id = require_admin(interaction)
        scheduling = self.bot.services.scheduling

        async def work() -> Reply:
            outgoing = await scheduling.post_now(guild_id, schedule, now=utcnow(), rng=self.bot.rng)
            message_id = await scheduling.deliver(outgoing, self.publisher, now=utcnow())
            if message_id is None:
                return Reply(content=say("I couldn't post in that channel; the schedule is paused. See `/schedule list`."))
            return Reply(content=say("Posted in <#{channel}>.", channel=str(outgoing.post.channel_id)))

        await send(interaction, work(), ephemeral=True)

    @schedule.command(name="end-poll", description="End the schedule's open poll now and reveal the answer")
    @app_commands.describe(schedule="The schedule (see /schedule list)")
    @app_commands.autocomplete(schedule=schedule_autocomplete)
    async def end_poll(self, interaction: discord.Interaction, schedule: int) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            result = await self.bot.services.polls.end_now(
                guild_id, schedule, self.publisher, now=utcnow(), rng=self.bot.rng)
            return Reply(content=say_n("Poll ended: {count} voter(s), {correct} right. The answer is revealed.",
                                       "Poll ended: {count} voter(s), {correct} right. The answer is revealed.",
                                       result.voters, correct=result.correct))

        await send(interaction, work(), ephemeral=True)

    # --- poll votes (polls intent only; no message content needed) ----------------------------------
    @commands.Cog.listener()
    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self.bot.services.polls.on_vote(payload.message_id, payload.user_id, payload.answer_id, added=True,
                                              now=utcnow())

    @commands.Cog.listener()
    async def on_raw_poll_vote_remove(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self.bot.services.polls.on_vote(payload.message_id, payload.user_id, payload.answer_id, added=False,
                                              now=utcnow())
