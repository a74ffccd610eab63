"""/settings, /deck (admins: Manage Server), /remind (members), and the welcome when the bot joins a server."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.admin.deck_report import report_command
from bot.cogs.admin.deck_study import exam_command, retention_command
from bot.cogs.common import Reply, clip, escape, send, utcnow
from bot.cogs.schedule.access import require_admin
from bot.cogs.schedule.cog import MANAGE_SERVER, guild_deck_autocomplete, timezone_autocomplete
from bot.core.limits import MAX_MEDIA_BYTES_PER_SERVER
from bot.core.schedule_rule import parse_timezone
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
            return Reply(content=f"The server's time zone is now **{saved.timezone}**.")

        await send(interaction, work(), ephemeral=True)

    @settings.command(name="day-start", description="The local hour at which a study day starts (default 4)")
    @app_commands.describe(hour="0-23")
    async def settings_day_start(self, interaction: discord.Interaction, hour: app_commands.Range[int, 0, 23]) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            saved = await self.bot.services.recall.set_guild_settings(guild_id, day_start_hour=hour)
            return Reply(content=f"Study days in this server now start at **{saved.day_start_hour:02d}:00**.")

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
                    raise DeckRejected(f"`{escape(file.filename)}` is {file.size / 1048576:.1f} MB; an Anki package may "
                                       f"be at most {interaction.filesize_limit / 1048576:.0f} MB here.")
            elif file.size > MAX_DECK_BYTES:
                raise DeckRejected(f"`{escape(file.filename)}` is {file.size // 1024} KB; a deck may be at most 1 MB.")
            try:
                data = await file.read()
            except discord.HTTPException as error:
                raise DeckRejected("I couldn't download the file; please upload it again.") from error
            upload = await self.bot.services.admin.upload_deck(
                guild_id, interaction.user.id, file.filename, data, now=utcnow())
            lines = [f"{'Updated' if upload.replaced else 'Added'} **{escape(upload.deck.title)}** "
                     f"(`{upload.deck.id}`, {len(upload.deck.cards)} cards) for this server."]
            if upload.media_files:
                lines.append(f"Its {upload.media_files} picture and sound file(s) are kept: this server's decks hold "
                             f"{upload.server_media_bytes / 1048576:.1f} MB of their {MAX_MEDIA_BYTES_PER_SERVER // 1048576} MB "
                             "of media.")
            if upload.dropped_card_ids:
                lines.append(f"Cards no longer in the deck (their history is kept): {', '.join(upload.dropped_card_ids)[:500]}")
            lines += [f"⚠️ {escape(w)}" for w in upload.warnings[:5]]
            return Reply(content=clip("\n".join(lines), 2000))

        await send(interaction, work(), ephemeral=True)

    @deck.command(name="remove", description="Remove a deck this server uploaded")
    @app_commands.autocomplete(deck=guild_deck_autocomplete)
    async def deck_remove(self, interaction: discord.Interaction, deck: str) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            await self.bot.services.admin.remove_deck(guild_id, deck)
            return Reply(content=f"Removed `{escape(deck)}`. Members' past answers stay in their stats.")

        await send(interaction, work(), ephemeral=True)

    async def _toggle(self, interaction: discord.Interaction, deck: str, disabled: bool) -> None:
        guild_id = require_admin(interaction)

        async def work() -> Reply:
            changed = await self.bot.services.admin.set_deck_disabled(guild_id, deck, disabled)
            state = "hidden in this server" if disabled else "available in this server again"
            return Reply(content=f"`{escape(deck)}` is {state}." + ("" if changed else " (It already was.)"))

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
            raise RecallError("Reminders are per server: use /remind in a server.")

        async def work() -> Reply:
            await self.bot.services.admin.set_reminder(interaction.user.id, guild_id, state == "on")
            if state == "on":
                return Reply(content="Reminders on: at most one DM a day, when cards are due or your streak is about "
                                     "to break. `/remind off` stops them.")
            return Reply(content="Reminders off.")

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
        try:
            await channel.send(WELCOME_TEXT, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:
            log.warning("could not post the welcome in %s (%s)", guild.id, error.status)
