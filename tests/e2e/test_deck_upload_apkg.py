"""End to end: an admin uploads an Anki package with /deck upload; the real bot converts it in its child
process and members study the deck; a hostile package gets one message and nothing is stored."""

from __future__ import annotations

from pathlib import Path

from tests.content.apkg_builder import BASIC, REVERSED, NoteSpec, build_package
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess


async def test_an_anki_package_upload_then_members_study_it(
    fake_discord: FakeDiscord, recall_bot: BotProcess, tmp_path: Path
) -> None:
    fake, dana = fake_discord, fake_discord.users["dana"]
    notes = [
        NoteSpec(BASIC, ["What makes ATP?", 'The mitochondria <img src="cell.png">'], ["biology"]),
        NoteSpec(REVERSED, ["perro", "dog"]),
    ]
    package = build_package(tmp_path / "cells.apkg", notes, {"cell.png": b"\x89PNG picture"}, fmt="anki21b")
    reply = await fake.slash("deck upload", {"file": {"filename": "Cells.apkg", "data": package.read_bytes()}}, user=dana)
    text = reply.text()
    assert reply.ephemeral and "Added **Cell biology** (`cells`, 3 cards)" in text, text
    assert "picture or sound file(s) of the notes were left out" in text, text
    card = await fake.slash("flashcard", {"deck": "cells"}, user=fake.users["alice"])
    assert any(front in card.text() for front in ("What makes ATP?", "perro", "dog")), card.text()

    evil = build_package(tmp_path / "evil.apkg", [NoteSpec(BASIC, ["f", '<img src="../x">'])], {"../x": b"x"})
    refused = await fake.slash("deck upload", {"file": {"filename": "evil.apkg", "data": evil.read_bytes()}}, user=dana)
    assert "can't be imported; nothing was stored" in refused.text(), refused.text()
    assert "path traversal" in refused.text()
    decks = await fake.autocomplete("schedule add", {"deck": ""}, "deck", user=dana)
    assert "evil" not in [choice["value"] for choice in decks.choices]
