"""The command translator answers from the catalogues for the five languages' locales and leaves the
others (and strings a catalogue lacks) English."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.app.translator import CatalogueTranslator


def make_tree() -> app_commands.CommandTree:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))

    @tree.command(name="flashcard", description="Show a flashcard; anyone can reveal the answer privately")
    @app_commands.describe(deck="Which deck (default: any)")
    @app_commands.choices(deck=[app_commands.Choice(name="mixed", value="m"), app_commands.Choice(name="zz", value="z")])
    async def flashcard(interaction: discord.Interaction, deck: str) -> None:
        return None

    @tree.command(name="untranslated", description="Nobody wrote this one")
    async def untranslated(interaction: discord.Interaction) -> None:
        return None

    return tree


async def test_names_descriptions_options_and_choices_are_localized() -> None:
    tree = make_tree()
    translator = CatalogueTranslator()
    commands = [tree.get_command("flashcard"), tree.get_command("untranslated")]
    flashcard, untranslated = [await command.get_translated_payload(tree, translator)
                               for command in commands if command is not None]
    assert flashcard["name_localizations"] == {
        "es-ES": "tarjeta", "es-419": "tarjeta", "de": "karteikarte", "pt-BR": "cartão", "fr": "carte",
        "ja": "フラッシュカード"}
    assert flashcard["description_localizations"]["de"] == "Eine Karteikarte zeigen; alle können die Antwort privat aufdecken"
    (deck,) = flashcard["options"]
    assert deck["name_localizations"]["fr"] == "paquet"
    assert deck["description_localizations"]["ja"] == "デッキ（既定: すべて）"
    mixed, unknown = deck["choices"]
    assert mixed["name_localizations"]["pt-BR"] == "misto" and "en-US" not in mixed["name_localizations"]
    assert not unknown.get("name_localizations")  # a string no catalogue has stays English
    assert untranslated["name_localizations"] == {} and untranslated["description_localizations"] == {}
