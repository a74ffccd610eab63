"""Which language a post written outside an interaction speaks (a scheduled post, a round, a DM), and
showing a text the services wrote in it.

A public post speaks the server's language: its `/settings language`, else the server's preferred
locale (discord.py's cached `Guild`), else English. A DM speaks the member's last seen client language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.i18n.languages import CATALOGUE_LANGUAGES, SOURCE_LANGUAGE
from bot.i18n.voice import say_marked

if TYPE_CHECKING:
    from bot.app.client import RecallBot

log = logging.getLogger("recall.languages")


def preferred_locale(bot: RecallBot, guild_id: int | None) -> str | None:
    """The server's preferred locale as Discord sent it (`de`, `es-ES`), if the server is cached."""
    guild = bot.get_guild(guild_id) if guild_id is not None else None
    locale = getattr(guild, "preferred_locale", None)
    return str(getattr(locale, "value", locale)) if locale is not None else None


def server_language(bot: RecallBot, guild_id: int | None) -> str:
    if guild_id is None:
        return SOURCE_LANGUAGE
    return bot.server_languages.of(guild_id, preferred_locale(bot, guild_id))


async def member_language(bot: RecallBot, user_id: int) -> str:
    """The language of the member's last seen client (stored), else English."""
    stored = await bot.services.languages.member_language(user_id)
    return stored if stored in CATALOGUE_LANGUAGES else SOURCE_LANGUAGE


def said(text: object) -> str:
    """A text the services wrote, in the current language: translated by its marked template when it carries
    one (`template`, `params`), else looked up as a whole (a marked text without placeholders), else as is."""
    template, params = getattr(text, "template", None), getattr(text, "params", None)
    if isinstance(template, str) and isinstance(params, dict):
        return say_marked(template, **params)
    return say_marked(str(text))


def member_seen(bot: RecallBot) -> Callable[[dict[str, Any], str], None]:
    """The hook told of every interaction (`bot.app.reply_language.install(seen=...)`): remembers the member's
    client language for their reminder DMs. Never waits and never raises into discord.py's parser."""

    def seen(data: dict[str, Any], language: str) -> None:
        try:
            member = data.get("member")
            user = (member.get("user") if isinstance(member, dict) else None) or data.get("user")
            raw = user.get("id") if isinstance(user, dict) else None
            if not (isinstance(raw, str) and raw.isdigit() and len(raw) <= 20):
                return
            bot.services.languages.seen(int(raw), None if language == SOURCE_LANGUAGE else language)
        except Exception:
            log.warning("could not note a member's language", exc_info=True)

    return seen
