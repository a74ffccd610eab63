"""`/settings language` (a server's language for its public posts), and the languages of posts written
outside an interaction (`bot.cogs.language.voices`). Loads each server's choice into the bot at start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.language.command import attach

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    """Loaded after `bot.cogs.admin`: the command joins its `/settings` group before commands are synced."""
    for guild_id, language in (await bot.services.languages.server_choices()).items():
        bot.server_languages.choose(guild_id, language)
    attach(bot.tree)


async def teardown(bot: RecallBot) -> None:
    """On close: write the members' languages still waiting, before the database closes."""
    await bot.services.languages.drain()
