"""/settings, /deck (admins: Manage Server), /remind (members), and the welcome when the bot joins a server."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.admin.deck_report import report_command
from bot.cogs.admin.deck_study import exam_command, retention_command
from bot.cogs.admin.sizes import megabytes
from bot.cogs.common import Reply, clip, escape, send, utcnow
from bot.cogs.schedule.access import require_admin
from bot.cogs.schedule.cog import MANAGE_SERVER, guild_deck_autocomplete, timezone_autocomplete
from bot.core.limits import MAX_MEDIA_BYTES_PER_SERVER
from bot.core.messages import N_
from bot.core.schedule_rule import parse_timezone
from bot.i18n.voice import say, say_marked, say_n, speaking
from bot.services.admin import MAX_DECK_BYTES, WELCOME_TEXT, DeckRejected
from bot.services.errors import RecallError

if TYPE_CHECKING:
    from bot.app.client import RecallBot

log = logging.getLogger("recall.admin")


class AdminCog(commands.Cog):
    settings = app_commands.Group(name="settings", description="Server settings (admins)",
                                  default_permissions=MANAGE_SERVER, guild_only=True)
    deck = app_commands.Group(name="deck", description="This server's decks (admins)",
                              default_permissions=MANAGE_SERVER, guild_only=True)

    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot

    # --- /settings --------------------------------------------------------------------------------
    @settings.command(name="timezone", description="The server's time zone (members can set their own with /timezone)")
    @app_commands.describe(name="IANA name, e.g. Europe/London")
    @app_commands.autocomplete(name=timezone_autocomplete)
    async def settings_timezone(self, interaction: discord.Interaction, name: str) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            canonical = parse_timezone(name)  # unknown names are refused with suggestions
            saved = await self.bot.services.recall.set_guild_settings(guild_id, timezone=canonical)
            return Reply(content=say("The server's time zone is now **{timezone}**.", timezone=saved.timezone))

        await send(interaction, work(), ephemeral=True)

    @settings.command(name="day-start", description="The local hour at which a study day starts (default 4)")
    @app_commands.describe(hour="0-23")
    async def settings_day_start(self, interaction: discord.Interaction, hour: app_commands.Range[int, 0, 23]) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            saved = await self.bot.services.recall.set_guild_settings(guild_id, day_start_hour=hour)
            return Reply(content=say("Study days in this server now start at **{time}**.",
                                     time=f"{saved.day_start_hour:02d}:00"))

        await send(interaction, work(), ephemeral=True)

    @settings.command(name="reviewer-role", description="Who besides Manage Server may review /deck queue (no role: clear)")
    @app_commands.describe(role="Members with this role may review suggestions and appeals; leave out to clear")
    async def settings_reviewer_role(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        from bot.cogs.suggest.settings import reviewer_role_command

        await reviewer_role_command(self.bot, interaction, role)

    # --- /deck ------------------------------------------------------------------------------------
    @deck.command(name="upload", description="Add or update a deck for this server (YAML up to 1 MB, or an Anki .apkg)")
    @app_commands.describe(file="The deck file (.yaml), or an Anki package (.apkg/.colpkg) of at most 1,000 cards")
    async def deck_upload(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            if file.filename.lower().endswith((".apkg", ".colpkg")):
                if file.size > interaction.filesize_limit:
                    raise DeckRejected(N_("`{file}` is {size} MB; an Anki package may be at most {limit} MB here."),
                                       file=escape(file.filename), size=megabytes(file.size),
                                       limit=round(interaction.filesize_limit / 1048576))
            elif file.size > MAX_DECK_BYTES:
                raise DeckRejected(N_("`{file}` is {size} KB; a deck may be at most 1 MB."),
                                   file=escape(file.filename), size=str(file.size // 1024))
            try:
                data = await file.read()
            except discord.HTTPException as error:
                raise DeckRejected(N_("I couldn't download the file; please upload it again.")) from error
            upload = await self.bot.services.admin.upload_deck(
                guild_id, interaction.user.id, file.filename, data, now=utcnow())
            title, cards = escape(upload.deck.title), len(upload.deck.cards)
            if upload.replaced:
                head = say_n("Updated **{title}** ({deck}, {count} card) for this server.",
                             "Updated **{title}** ({deck}, {count} cards) for this server.",
                             cards, title=title, deck=f"`{upload.deck.id}`")
            else:
                head = say_n("Added **{title}** ({deck}, {count} card) for this server.",
                             "Added **{title}** ({deck}, {count} cards) for this server.",
                             cards, title=title, deck=f"`{upload.deck.id}`")
            lines = [head]
            if upload.media_files:
                lines.append(say_n("Its {count} picture or sound file is kept: this server's decks hold {used} MB of "
                                   "their {limit} MB of media.",
                                   "Its {count} picture and sound file(s) are kept: this server's decks hold {used} MB "
                                   "of their {limit} MB of media.",
                                   upload.media_files, used=megabytes(upload.server_media_bytes),
                                   limit=MAX_MEDIA_BYTES_PER_SERVER // 1048576))
            if upload.dropped_card_ids:
                lines.append(say("Cards no longer in the deck (their history is kept): {cards}",
                                 cards=", ".join(upload.dropped_card_ids)[:500]))
            lines += [f"⚠️ {escape(say_marked(w))}" for w in upload.warnings[:5]]  # marked by the deck checks
            return Reply(content=clip("\n".join(lines), 2000))

        await send(interaction, work(), ephemeral=True)

    @deck.command(name="remove", description="Remove a deck this server uploaded")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_remove(self, interaction: discord.Interaction, deck: str) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            await self.bot.services.admin.remove_deck(guild_id, deck)
            return Reply(content=say("Removed `{deck}`. Members' past answers stay in their stats.", deck=escape(deck)))

        await send(interaction, work(), ephemeral=True)

    async def _toggle(self, interaction: discord.Interaction, deck: str, disabled: bool) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            changed = await self.bot.services.admin.set_deck_disabled(guild_id, deck, disabled)
            if disabled:
                text = say("`{deck}` is hidden in this server.", deck=escape(deck))
            else:
                text = say("`{deck}` is available in this server again.", deck=escape(deck))
            return Reply(content=text if changed else f"{text} {say('(It already was.)')}")

        await send(interaction, work(), ephemeral=True)

    @deck.command(name="disable", description="Hide a built-in deck in this server")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_disable(self, interaction: discord.Interaction, deck: str) -> None:
        await self._toggle(interaction, deck, True)

    @deck.command(name="enable", description="Show a hidden built-in deck again")
    async def deck_enable(self, interaction: discord.Interaction, deck: str) -> None:
        await self._toggle(interaction, deck, False)

    @deck.command(name="queue", description="A deck's moderation queue: appeals, suggested cards (admins, reviewers)")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_queue(self, interaction: discord.Interaction, deck: str) -> None:
        from bot.cogs.suggest.queue import queue_command  # (lazily: the queue imports the admin package)

        await queue_command(self.bot, interaction, deck)

    @deck.command(name="appeals", description="A deck's moderation queue (the same as /deck queue)")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_appeals(self, interaction: discord.Interaction, deck: str) -> None:
        from bot.cogs.suggest.queue import queue_command  # (lazily: the queue imports the admin package)

        await queue_command(self.bot, interaction, deck)

    @deck.command(name="report", description="What the group gets right and wrong on a deck: a picture and CSV")
    @app_commands.describe(period="week, month (4 weeks, default), term (16 weeks) or all")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_report(self, interaction: discord.Interaction, deck: str,
                          period: Literal["week", "month", "term", "all"] = "month") -> None:
        await report_command(self.bot, interaction, deck, period)

    @deck.command(name="retention", description="A deck's desired retention here: 0.80-0.97, or default (0.90)")
    @app_commands.describe(value="0.80-0.97 (e.g. 0.9 or 90%), or `default`")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_retention(self, interaction: discord.Interaction, deck: str, value: str) -> None:
        await retention_command(self.bot, interaction, deck, value)

    @deck.command(name="exam", description="Plan a deck's reviews for an exam date, or `clear` it")
    @app_commands.describe(date="YYYY-MM-DD in the server's time zone, or `clear`",
                           target="Predicted recall wanted on exam day, 0.85-0.97 (default 0.90)")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_exam(self, interaction: discord.Interaction, deck: str, date: app_commands.Range[str, 1, 20],
                        target: app_commands.Range[float, 0.85, 0.97] | None = None) -> None:
        await exam_command(self.bot, interaction, deck, date, target)

    # --- /remind (members) ------------------------------------------------------------------------
    @app_commands.command(name="remind", description="A DM at most once a day when cards are due or your streak is at risk")
    @app_commands.guild_only()
    async def remind(self, interaction: discord.Interaction, state: Literal["on", "off"]) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:
            raise RecallError(N_("Reminders are per server: use /remind in a server."))

        async def work() -> Reply:
            await self.bot.services.admin.set_reminder(interaction.user.id, guild_id, state == "on")
            if state == "on":
                return Reply(content=say("Reminders on: at most one DM a day, when cards are due or your streak is "
                                         "about to break. `/remind off` stops them."))
            return Reply(content=say("Reminders off."))

        await send(interaction, work(), ephemeral=True)

    # --- welcome ----------------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        channel = guild.system_channel
        if channel is None or guild.me is None or not channel.permissions_for(guild.me).send_messages:
            log.info("joined %s without a system channel I may post in: no welcome", guild.id)
            return
        if not await self.bot.services.admin.claim_welcome(guild.id, now=utcnow()):
            return
        # No interaction here: the welcome is written in the server's language (its choice, else its locale).
        with speaking(self.bot.server_languages.of(guild.id, str(guild.preferred_locale.value))):
            welcome = say_marked(WELCOME_TEXT)
        try:
            await channel.send(welcome, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:
            log.warning("could not post the welcome in %s (%s)", guild.id, error.status)
