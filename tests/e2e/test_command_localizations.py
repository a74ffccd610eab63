"""End to end: the commands the real bot registers carry their names, descriptions, options and choices
in Spanish, German, Brazilian Portuguese, French and Japanese, as the fake Discord received them."""

from __future__ import annotations

from typing import Any

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess

LOCALES = {"es-ES", "es-419", "de", "pt-BR", "fr", "ja"}


def by_name(nodes: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(node for node in nodes if node["name"] == name)


async def test_registered_commands_carry_the_five_languages(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    (sync,) = fake_discord.store.command_syncs
    flashcard = by_name(sync.commands, "flashcard")
    assert flashcard["name_localizations"]["es-ES"] == flashcard["name_localizations"]["es-419"] == "tarjeta"
    assert set(flashcard["name_localizations"]) == LOCALES
    assert set(flashcard["description_localizations"]) == LOCALES
    assert flashcard["description_localizations"]["ja"] == "フラッシュカードを表示。答えは各自が非公開で確認"
    deck = by_name(flashcard["options"], "deck")
    assert deck["name_localizations"]["de"] == "deck" and deck["name_localizations"]["fr"] == "paquet"
    # A subcommand's option's choices, three levels down.
    leaderboard = by_name(by_name(sync.commands, "mydata")["options"], "leaderboard")
    show = by_name(leaderboard["options"], "show")
    assert {c["name"]: c["name_localizations"]["pt-BR"] for c in show["choices"]} == {"on": "ativado", "off": "desativado"}
    for command in sync.commands:
        assert set(command["name_localizations"]) == LOCALES, command["name"]
        assert "ko" not in command["description_localizations"] and "en-US" not in command["name_localizations"]
    # The interaction still names the command in English (Discord sends the canonical name): it works.
    assert "Recall" in (await fake_discord.slash("help")).text()
