"""The welcome is posted outside any interaction: it is written in the server's language (its
`/settings language`, else its Discord locale), never in the bot's default."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
import pytest

import bot.cogs.admin.cog as admin_cog
from bot.app.reply_language import ServerLanguages
from bot.cogs.admin.cog import AdminCog
from bot.i18n.voice import reply_language


class Channel:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def permissions_for(self, member: Any) -> Any:
        return SimpleNamespace(send_messages=True)

    async def send(self, text: str, **kwargs: Any) -> None:
        self.sent.append(text)


async def welcome(monkeypatch: pytest.MonkeyPatch, locale: discord.Locale, chosen: str | None = None) -> str:
    async def claim(guild_id: int, *, now: Any) -> bool:
        return True

    languages = ServerLanguages({7: chosen} if chosen else {})
    fake_bot = SimpleNamespace(server_languages=languages, services=SimpleNamespace(admin=SimpleNamespace(claim_welcome=claim)))
    channel = Channel()
    guild = SimpleNamespace(id=7, preferred_locale=locale, system_channel=channel, me=object())
    monkeypatch.setattr(admin_cog, "say_marked", lambda text: f"[{reply_language()}] {text[:12]}")
    await AdminCog(fake_bot).on_guild_join(guild)  # type: ignore[arg-type]
    (text,) = channel.sent
    return text


async def test_the_welcome_is_written_in_the_servers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (await welcome(monkeypatch, discord.Locale.german)).startswith("[de] 👋 Hi")
    assert (await welcome(monkeypatch, discord.Locale.spain_spanish)).startswith("[es] ")
    assert (await welcome(monkeypatch, discord.Locale.german, chosen="ja")).startswith("[ja] ")
    assert (await welcome(monkeypatch, discord.Locale.korean)).startswith("[en] ")  # no catalogue: English
    assert reply_language() == "en"  # the block's language ends with it
