"""The bot's real command tree (every cog loaded, on a throwaway database) and the strings discord.py
asks a translator for when it builds the payload it syncs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.app.client import COGS, RecallBot
from bot.app.translator import CONTEXT_OF
from bot.app.wiring import open_services
from bot.settings import Settings


async def loaded_bot(tmp_path: Path) -> RecallBot:
    url = f"sqlite:///{tmp_path / 'recall.db'}"
    services = await open_services(url, [])
    bot = RecallBot(Settings(discord_token="unused", database_url=url), services)
    for name in COGS:
        await bot.load_extension(name)
    return bot


class RecordingTranslator(app_commands.Translator):
    """Answers nothing; remembers every (context, English) it was asked, as the catalogues key them."""

    def __init__(self) -> None:
        self.asked: set[tuple[str, str]] = set()

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        self.asked.add((CONTEXT_OF[context.location], string.message))
        return None


async def translated_payloads(bot: RecallBot, translator: app_commands.Translator) -> list[dict[str, Any]]:
    return [await command.get_translated_payload(bot.tree, translator) for command in bot.tree.get_commands()]


async def asked_strings_of_the_bot(tmp_path: Path) -> set[tuple[str, str]]:
    bot = await loaded_bot(tmp_path)
    try:
        return await asked_strings(bot)
    finally:
        await close(bot)


async def close(bot: RecallBot) -> None:
    """Unload the cogs (their tasks stop) and close the database; the bot never logged in."""
    for name in reversed(COGS):
        await bot.unload_extension(name)
    await bot.services.close()


async def asked_strings(bot: RecallBot) -> set[tuple[str, str]]:
    """Every string that needs a translation: the ones with a letter ('…', '0-23' and '2' stay as they are)."""
    recorder = RecordingTranslator()
    await translated_payloads(bot, recorder)
    return {(context, text) for context, text in recorder.asked if any(ch.isalpha() for ch in text)}
