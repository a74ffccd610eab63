"""Which language an interaction's replies are written in, set before discord.py starts its work.

discord.py parses an interaction and starts the task that answers it (a command, a button, a form) in
the same call; wrapping that parser is the one place where the member's client locale and the server's
language can be set so that every task it starts inherits them (`bot.i18n.voice`). Ephemeral replies
use the member's locale; public posts the server's: its `/settings language`, else the server's
preferred locale as Discord sends it. Anything unmapped is English.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import copy_context
from typing import Any

from bot.i18n.languages import SOURCE_LANGUAGE, catalogue_language
from bot.i18n.voice import enter


def language_of(locale: object) -> str:
    """The catalogue language of a Discord locale code; English for anything else (a non-string too)."""
    return (catalogue_language(locale) if isinstance(locale, str) and locale else None) or SOURCE_LANGUAGE


class ServerLanguages:
    """Each server's chosen reply language (`/settings language`), kept in memory beside the database."""

    def __init__(self, chosen: dict[int, str] | None = None) -> None:
        self._chosen = dict(chosen or {})

    def choose(self, guild_id: int, language: str | None) -> None:
        if language is None:
            self._chosen.pop(guild_id, None)
        else:
            self._chosen[guild_id] = language

    def chosen(self, guild_id: int) -> str | None:
        return self._chosen.get(guild_id)

    def of(self, guild_id: int | None, preferred_locale: str | None) -> str:
        """The server's language: its choice, else its preferred locale's, else English (DMs too)."""
        if guild_id is not None and (chosen := self._chosen.get(guild_id)):
            return chosen
        return language_of(preferred_locale) if guild_id is not None else SOURCE_LANGUAGE


def languages_of(data: dict[str, Any], servers: ServerLanguages) -> tuple[str, str]:
    """(member's, server's) language of a raw INTERACTION_CREATE payload."""
    raw_guild = data.get("guild_id")
    guild_id = int(raw_guild) if isinstance(raw_guild, (str, int)) and str(raw_guild).isdigit() else None
    server = servers.of(guild_id, data.get("guild_locale"))
    return language_of(data.get("locale")), server


def install(parsers: dict[str, Callable[[Any], None]], servers: ServerLanguages,
            seen: Callable[[dict[str, Any], str], None] | None = None) -> None:
    """Wrap the INTERACTION_CREATE parser of a discord.py connection state (`client._connection.parsers`).

    `seen(data, member_language)` is told of every interaction (the member's locale is remembered for
    their reminder DMs)."""
    parse = parsers["INTERACTION_CREATE"]

    def parse_in_language(data: dict[str, Any]) -> None:
        member, server = languages_of(data, servers)
        if seen is not None:
            seen(data, member)
        copy_context().run(_enter_and_parse, parse, data, member, server)

    parsers["INTERACTION_CREATE"] = parse_in_language


def _enter_and_parse(parse: Callable[[Any], None], data: dict[str, Any], member: str, server: str) -> None:
    enter(member, server)
    parse(data)
