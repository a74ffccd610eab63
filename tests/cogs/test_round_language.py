"""A round's posts are written in the language they are built in; the final scores' picture falls back to
English only where Pillow's font can't write the language (Japanese), never into boxes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import bot.cogs.rounds.embeds as embeds
from bot.i18n.voice import speaking


def final(team: int = 1) -> Any:
    line = SimpleNamespace(rank=1, name="", user_id=5, points=180, team=team)
    return SimpleNamespace(round=SimpleNamespace(id=3), board=SimpleNamespace(members=[line]))


async def drawn(monkeypatch: pytest.MonkeyPatch, language: str) -> tuple[str, list[Any]]:
    seen: list[tuple[str, list[Any]]] = []
    monkeypatch.setattr(embeds, "_draw", lambda title, rows: seen.append((title, rows)) or b"png")
    with speaking(language):
        assert await embeds.scoreboard_picture(final()) is not None
    return seen[0]


async def test_the_picture_is_drawn_in_the_language_when_the_font_can(monkeypatch: pytest.MonkeyPatch) -> None:
    assert await drawn(monkeypatch, "es") == ("Ronda 3 — puntuación final", [(1, "miembro 5", 180, "Equipo 1 🔴")])
    assert await drawn(monkeypatch, "en") == ("Round 3 — final scores", [(1, "member 5", 180, "Team 1 🔴")])
    assert await drawn(monkeypatch, "ja") == ("Round 3 — final scores", [(1, "member 5", 180, "Team 1 🔴")])


def test_a_place_is_told_in_the_readers_language() -> None:
    with speaking("de"):
        assert embeds.team_name(2) == "Team 2 🔵" and embeds.who("", 9) == "Mitglied 9"
    with speaking("fr"):
        assert embeds.team_name(2) == "Équipe 2 🔵"
