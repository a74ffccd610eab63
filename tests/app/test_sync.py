import json
from pathlib import Path

import discord
from discord import app_commands

from bot.app.sync import definitions_hash, hash_file_for, sync_if_changed


class FakeTree(app_commands.CommandTree):
    def __init__(self, client: discord.Client) -> None:
        super().__init__(client)
        self.synced: list[object] = []

    async def sync(self, *, guild=None):  # type: ignore[no-untyped-def, override]
        self.synced.append(guild)
        return []


def make_tree(description: str = "Say hi") -> FakeTree:
    tree = FakeTree(discord.Client(intents=discord.Intents.none()))

    @tree.command(name="hello", description=description)
    async def hello(interaction: discord.Interaction) -> None:
        return None

    return tree


async def test_hash_follows_the_definitions() -> None:
    assert await definitions_hash(make_tree(), None) == await definitions_hash(make_tree(), None)
    assert await definitions_hash(make_tree(), None) != await definitions_hash(make_tree("Say hello"), None)


class Shouting(app_commands.Translator):
    async def translate(self, string, locale, context):  # type: ignore[no-untyped-def]
        return string.message.upper() if locale is discord.Locale.german else None


async def test_hash_follows_the_translations() -> None:
    """The localizations are part of what is synced, so a changed translation syncs again."""
    plain = await definitions_hash(make_tree(), None)
    translated = make_tree()
    await translated.set_translator(Shouting())
    assert await definitions_hash(translated, None) != plain
    (command,) = translated.get_commands()
    assert (await command.get_translated_payload(translated, Shouting()))["name_localizations"] == {"de": "HELLO"}


async def test_sync_only_when_changed(tmp_path: Path) -> None:
    hash_file = hash_file_for(tmp_path / "recall.db")
    assert hash_file == tmp_path / "recall.db.commands.json"
    tree = make_tree()
    assert await sync_if_changed(tree, 1, hash_file, None) is True
    assert await sync_if_changed(make_tree(), 1, hash_file, None) is False
    assert await sync_if_changed(make_tree("Changed"), 1, hash_file, None) is True
    assert await sync_if_changed(make_tree("Changed"), 1, hash_file, 42) is True  # another target
    assert await sync_if_changed(make_tree("Changed"), 2, hash_file, None) is True  # another application
    assert set(json.loads(hash_file.read_text())) == {"1:global", "1:guild:42", "2:global"}


async def test_in_memory_database_always_syncs() -> None:
    assert hash_file_for(None) is None
    assert await sync_if_changed(make_tree(), 1, None, None) is True
    assert await sync_if_changed(make_tree(), 1, None, None) is True
