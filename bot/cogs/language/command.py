"""`/settings language`: the language of this server's public posts (scheduled questions, polls, rounds,
public replies). Attached under the admin cog's `/settings` (Manage Server, also checked in code).
Ephemeral replies always follow each member's own Discord language."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.cogs.common import Reply, recall_bot, send
from bot.cogs.language.voices import preferred_locale, server_language
from bot.cogs.schedule.access import require_admin
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked

Choice = Literal["default", "en", "es", "de", "pt-BR", "fr", "ja"]
# A language is named in itself, as Discord's own language list does.
NAMES = {"en": "English", "es": "Español", "de": "Deutsch", "pt-BR": "Português (Brasil)", "fr": "Français",
         "ja": "日本語"}
FOLLOW = N_("{language}, the server's language in Discord; `/settings language` sets another")


def current(interaction: discord.Interaction, guild_id: int) -> str:
    """The current language and why, in the admin's language."""
    bot = recall_bot(interaction)
    language = NAMES.get(server_language(bot, guild_id), NAMES["en"])
    if bot.server_languages.chosen(guild_id) is not None:
        return say("{language}, chosen with `/settings language`", language=language)
    if preferred_locale(bot, guild_id) is None:
        return say("{language} (the server's language in Discord is unknown)", language=language)
    return say_marked(FOLLOW, language=language)


@app_commands.command(name="language", description="The language of this server's public posts (admins)")
@app_commands.describe(language="default: the server's language in Discord; leave it out to see the current one")
@app_commands.choices(language=[
    app_commands.Choice(name="default", value="default"),
    *(app_commands.Choice(name=name, value=code) for code, name in NAMES.items()),
])
async def language(interaction: discord.Interaction, language: str | None = None) -> None:
    guild_id = require_admin(interaction)
    bot = recall_bot(interaction)

    async def work() -> Reply:
        if language is None:
            return Reply(content=say("Public posts here are written in {current}. Replies only you see follow your "
                                     "own Discord language.", current=current(interaction, guild_id)))
        chosen = None if language == "default" else language
        await bot.services.languages.choose(guild_id, chosen)
        bot.server_languages.choose(guild_id, chosen)
        return Reply(content=say("Done: public posts here are now written in {current}.",
                                 current=current(interaction, guild_id)))

    await send(interaction, work(), ephemeral=True)


def attach(tree: app_commands.CommandTree[discord.Client]) -> None:
    """Add the command to `/settings` (bot.cogs.admin must be loaded first)."""
    settings = tree.get_command("settings")
    if not isinstance(settings, app_commands.Group):
        raise RuntimeError("bot.cogs.language needs /settings (bot.cogs.admin) loaded first")
    if settings.get_command("language") is None:
        settings.add_command(language)
