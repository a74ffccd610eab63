"""The bot's real command tree (every cog loaded, on a throwaway database) and the strings discord.py
asks a translator for when it builds the payload it syncs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.app.client import COGS, RecallBot
from bot.app.translator import CONTEXT_OF
from bot.app.wiring import open_services
from bot.settings import Settings


@asynccontextmanager
async def loaded_bot(tmp_path: Path) -> AsyncIterator[RecallBot]:
    """Set up as `python -m bot` does but never logged in (`async with` gives it its loop and ready event,
    so the scheduler's task waits instead of failing), then closed: cogs unloaded, database closed."""
    url = f"sqlite:///{tmp_path / 'recall.db'}"
    services = await open_services(url, [])
    try:
        async with RecallBot(Settings(discord_token="unused", database_url=url), services) as bot:
            for name in COGS:
                await bot.load_extension(name)
            yield bot
    finally:
        await services.close()


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
    async with loaded_bot(tmp_path) as bot:
        return await asked_strings(bot)


async def asked_strings(bot: RecallBot) -> set[tuple[str, str]]:
    """Every string that needs a translation: the ones with a letter ('…', '0-23' and '2' stay as they are)."""
    recorder = RecordingTranslator()
    await translated_payloads(bot, recorder)
    return {(context, text) for context, text in recorder.asked if any(ch.isalpha() for ch in text)}
