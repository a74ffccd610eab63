"""End to end: an admin uploads an Anki package with a picture and a sound through /deck upload; the real bot
keeps both in its database (within the server's media quota), and /flashcard on that deck posts them as
attachments with the same bytes. Another server's members get neither: the deck is not theirs, and a
deck they upload naming the same file is refused, nothing stored."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.content.apkg_builder import BASIC, NoteSpec, build_package
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess
from tests.e2e.test_card_media import SOUND, embed_image, files_of, picture_bytes
from tests.e2e.test_server_scoping import bot, servers, two_servers  # noqa: F401  (the two-server fixtures)


async def test_an_uploaded_package_keeps_its_media_for_its_server_only(
    two_servers: FakeDiscord, bot: BotProcess, tmp_path: Path  # noqa: F811
) -> None:
    fake, dana = two_servers, two_servers.users["dana"]
    _server_a, _server_b, in_a, in_b = servers(fake)
    picture = picture_bytes()
    picture_name = f"{hashlib.sha256(picture).hexdigest()}.png"
    sound_name = f"{hashlib.sha256(SOUND).hexdigest()}.mp3"
    package = build_package(tmp_path / "cells.apkg", [
        NoteSpec(BASIC, ['What makes ATP? <img src="cell.png">', "Mitochondria [sound:atp.mp3]"], ["biology"]),
    ], {"cell.png": picture, "atp.mp3": SOUND}, fmt="anki21b")
    reply = await fake.slash("deck upload", {"file": {"filename": "Cells.apkg", "data": package.read_bytes()}},
                             user=dana, channel=in_a, timeout=60)
    assert "Added **Cell biology** (`cells`, 1 card" in reply.text(), reply.text()
    assert "left out" not in reply.text(), reply.text()
    kept = (f"Its 2 picture and sound file(s) are kept: this server's decks hold "
            f"{(len(picture) + len(SOUND)) / 1048576:.1f} MB of their 100 MB of media.")
    assert kept in reply.text(), reply.text()

    card = await fake.slash("flashcard", {"deck": "cells"}, user=fake.users["alice"], channel=in_a)
    assert "What makes ATP?" in card.text(), card.text()
    assert files_of(fake, card) == {picture_name: picture, sound_name: SOUND}
    assert embed_image(card) == f"attachment://{picture_name}"

    with sqlite3.connect(tmp_path / "data" / "recall.db") as db:
        rows = db.execute("SELECT guild_id, name, size FROM server_media ORDER BY name").fetchall()
    assert sorted(rows) == sorted([(int(str(in_a.guild_id)), picture_name, len(picture)),
                                   (int(str(in_a.guild_id)), sound_name, len(SOUND))])

    mallory = fake.users["mallory"]  # server B only
    theirs = await fake.slash("flashcard", {"deck": "cells"}, user=mallory, channel=in_b)
    assert "What makes ATP?" not in theirs.text() and files_of(fake, theirs) == {}, theirs.text()
    naming = ("id: borrowed\ntitle: Borrowed\ncards:\n  - id: b1\n    kind: flashcard\n    level: beginner\n"
              f"    front: Which organelle?\n    back: Mitochondria\n    image: {picture_name}\n")
    refused = await fake.slash("deck upload", {"file": {"filename": "borrowed.yaml", "data": naming.encode()}},
                               user=dana, channel=in_b, timeout=60)
    assert "nothing was stored" in refused.text() and "this server doesn't have" in refused.text(), refused.text()
    decks = await fake.autocomplete("flashcard", {"deck": ""}, "deck", user=mallory, channel=in_b)
    assert "borrowed" not in [choice["value"] for choice in decks.choices]
