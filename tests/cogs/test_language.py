"""The languages of posts made outside an interaction, and noting a member's client language from the raw
interaction payload without ever breaking discord.py's parser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord

from bot.app.reply_language import ServerLanguages
from bot.cogs.language.voices import member_seen, said, server_language
from bot.cogs.schedule.publisher import DiscordPublisher
from bot.core.messages import N_, Marked
from bot.i18n.voice import speaking


class Languages:
    def __init__(self, stored: dict[int, str] | None = None, fail: bool = False) -> None:
        self.noted: list[tuple[int, str | None]] = []
        self.stored, self.fail = stored or {}, fail

    def seen(self, user_id: int, language: str | None) -> None:
        if self.fail:
            raise RuntimeError("the queue is broken")
        self.noted.append((user_id, language))

    async def member_language(self, user_id: int) -> str | None:
        return self.stored.get(user_id)


def fake_bot(languages: Languages, guilds: dict[int, Any] | None = None, chosen: dict[int, str] | None = None) -> Any:
    return SimpleNamespace(services=SimpleNamespace(languages=languages), server_languages=ServerLanguages(chosen),
                           get_guild=(guilds or {}).get)


def test_a_member_is_noted_from_a_server_or_a_dm_payload_and_garbage_is_ignored() -> None:
    languages = Languages()
    seen = member_seen(fake_bot(languages))
    seen({"member": {"user": {"id": "42"}}, "guild_id": "7"}, "ja")
    seen({"user": {"id": "43"}}, "en")  # a DM; English is stored as nothing
    seen({"user": {"id": "4" * 21}}, "de")  # not a snowflake
    seen({"user": {"id": 44}}, "de")  # not a string
    seen({"member": None, "user": "x"}, "de")
    seen({"member": ["not", "a", "member"]}, "de")  # a malformed payload never raises into the parser
    seen({}, "fr")
    assert languages.noted == [(42, "ja"), (43, None)]


def test_a_broken_hook_never_breaks_the_interaction() -> None:
    member_seen(fake_bot(Languages(fail=True)))({"user": {"id": "42"}}, "ja")  # logged, not raised


def test_a_servers_language_is_its_choice_else_its_discord_locale_else_english() -> None:
    guilds = {7: SimpleNamespace(preferred_locale=discord.Locale.german),
              8: SimpleNamespace(preferred_locale=discord.Locale.korean)}
    bot = fake_bot(Languages(), guilds, chosen={9: "fr"})
    assert server_language(bot, 7) == "de"
    assert server_language(bot, 8) == "en"  # no catalogue for Korean
    assert server_language(bot, 9) == "fr"  # chosen, even without the server cached
    assert server_language(bot, 10) == "en" and server_language(bot, None) == "en"
    bot.server_languages.choose(7, "es")
    assert server_language(bot, 7) == "es"


def test_a_text_from_the_services_is_shown_in_the_current_language() -> None:
    marked = Marked(N_("You need the Manage Server permission for this; nothing was changed."))
    with speaking("de"):
        assert said(marked) == "Dafür brauchst du die Berechtigung „Server verwalten“; es wurde nichts geändert."
        assert said("text nobody marked") == "text nobody marked"
    assert said(marked) == "You need the Manage Server permission for this; nothing was changed."


async def test_a_reminder_dm_is_written_in_the_members_stored_language() -> None:
    sent: list[str] = []

    async def send(text: str, **kwargs: Any) -> None:
        sent.append(text)

    bot = fake_bot(Languages(stored={42: "fr"}))
    bot.get_user = lambda user_id: SimpleNamespace(send=send)
    publisher = DiscordPublisher(bot)
    text = Marked(N_("This command only works in a server."))
    assert await publisher.send_dm(42, text) and await publisher.send_dm(43, text)
    assert sent == ["Cette commande ne fonctionne que sur un serveur.", "This command only works in a server."]
