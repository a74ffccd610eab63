"""Command names, descriptions and choices in the member's client language, from the `commands` catalogues.

discord.py asks this translator for every locale Discord knows when it builds the commands' payload
(at sync, and for the sync's hash); it answers for the locales `bot.i18n.languages` maps to a
catalogue and returns None elsewhere, which leaves English. A message a catalogue lacks stays English
too (the catalogue test in tests/i18n fails on it first).
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n.catalogues import COMMANDS_DOMAIN, translate
from bot.i18n.languages import catalogue_language

CONTEXT_OF = {
    Where.command_name: "name",
    Where.group_name: "name",
    Where.parameter_name: "name",
    Where.command_description: "description",
    Where.group_description: "description",
    Where.parameter_description: "description",
    Where.choice_name: "choice",
}


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        language = catalogue_language(locale.value)
        where = CONTEXT_OF.get(context.location)
        if language is None or where is None:
            return None
        return translate(language, COMMANDS_DOMAIN, where, string.message)
