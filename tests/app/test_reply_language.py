"""The language an interaction's replies are written in, taken from its raw payload before discord.py
starts the work (the tasks it starts inherit it)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.app.reply_language import ServerLanguages, install, languages_of
from bot.i18n.voice import reply_language, server_language


def payload(locale: str | None, guild_locale: str | None = None, guild_id: str | None = "42") -> dict[str, Any]:
    data: dict[str, Any] = {"id": "1", "type": 3}
    if locale is not None:
        data["locale"] = locale
    if guild_id is not None:
        data["guild_id"] = guild_id
        data["guild_locale"] = guild_locale
    return data


def test_the_locale_mapping_of_the_issue() -> None:
    servers = ServerLanguages()
    assert languages_of(payload("es-ES", "de"), servers) == ("es", "de")
    assert languages_of(payload("es-419", "pt-BR"), servers) == ("es", "pt-BR")
    assert languages_of(payload("en-GB", "ko"), servers) == ("en", "en")  # anything else: English
    assert languages_of(payload(None, None), servers) == ("en", "en")
    assert languages_of(payload("ja", "fr", guild_id=None), servers) == ("ja", "en")  # a DM has no server
    assert languages_of({"locale": ["es-ES"], "guild_id": "42", "guild_locale": {"x": 1}}, servers) == ("en", "en")


def test_a_servers_choice_wins_over_its_discord_locale() -> None:
    servers = ServerLanguages({42: "ja"})
    assert languages_of(payload("de", "fr"), servers) == ("de", "ja")
    servers.choose(42, None)
    assert languages_of(payload("de", "fr"), servers) == ("de", "fr")
    assert languages_of(payload("de", "fr", guild_id="not a number"), servers) == ("de", "en")


def test_the_tasks_the_parser_starts_write_in_the_members_language() -> None:
    seen: list[tuple[str, str]] = []
    results: list[tuple[str, str]] = []

    async def scenario() -> None:
        tasks = []

        def parse(data: dict[str, Any]) -> None:  # what discord.py's parser does: start the handler's task
            async def handler() -> None:
                results.append((reply_language(), server_language()))

            tasks.append(asyncio.get_running_loop().create_task(handler()))

        parsers = {"INTERACTION_CREATE": parse}
        install(parsers, ServerLanguages(), seen=lambda data, language: seen.append((data["id"], language)))
        parsers["INTERACTION_CREATE"](payload("fr", "de"))
        parsers["INTERACTION_CREATE"](payload("en-US", "ja"))
        await asyncio.gather(*tasks)
        results.append((reply_language(), server_language()))  # the gateway's own context is untouched

    asyncio.run(scenario())
    assert results == [("fr", "de"), ("en", "ja"), ("en", "en")]
    assert seen == [("1", "fr"), ("1", "en")]
