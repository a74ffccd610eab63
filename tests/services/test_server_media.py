"""Uploaded decks keep their media: stored with the deck on each backend (SQLite, PostgreSQL) (converted in the real child
process), under the server's media quota checked inside the write, read only by the deck's server, and
freed when no deck of the server names a file any more."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from bot.core import limits
from bot.services.admin import DeckRejected
from bot.services.bundle import Services
from tests.content.apkg_builder import BASIC, NoteSpec, build_package
from tests.services.test_admin import ADMIN, GUILD, NOW, OTHER

PICTURE = b"\x89PNG\r\n\x1a\n" + b"p" * 3000
SOUND = b"ID3\x04" + b"s" * 2000
MEDIA_BYTES = len(PICTURE) + len(SOUND)


def stored(data: bytes, extension: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()}.{extension}"


def package(tmp_path: Path, name: str, picture: bytes = PICTURE, sound: bytes = SOUND) -> bytes:
    notes = [NoteSpec(BASIC, ['What makes ATP? <img src="cell.png">', "The mitochondria [sound:atp.mp3]"])]
    return build_package(tmp_path / f"{name}.apkg", notes, {"cell.png": picture, "atp.mp3": sound}).read_bytes()


async def media_total(services: Services, guild_id: int) -> int:
    assert services.admin.media is not None
    return await services.admin.media.media_total(guild_id)


async def test_a_package_keeps_its_picture_and_sound_for_its_server_only(services: Services, tmp_path: Path) -> None:
    upload = await services.admin.upload_deck(GUILD, ADMIN, "Cells.apkg", package(tmp_path, "cells"), now=NOW)
    [card] = upload.deck.cards
    assert (card.image, card.audio) == (stored(PICTURE, "png"), stored(SOUND, "mp3"))
    assert not any("left out" in warning for warning in upload.warnings)
    assert (upload.media_files, upload.server_media_bytes) == (2, MEDIA_BYTES)
    assert await services.admin.media_file(GUILD, stored(PICTURE, "png")) == PICTURE
    assert await services.admin.media_file(GUILD, stored(SOUND, "mp3")) == SOUND
    assert await services.admin.media_file(OTHER, stored(PICTURE, "png")) is None  # another server's file
    assert await services.admin.media_file(0, stored(PICTURE, "png")) is None  # built-in decks have folders
    assert await media_total(services, GUILD) == MEDIA_BYTES and await media_total(services, OTHER) == 0


async def test_the_quota_takes_the_last_byte_and_refuses_one_more(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = package(tmp_path, "cells")
    monkeypatch.setattr(limits, "MAX_MEDIA_BYTES_PER_SERVER", MEDIA_BYTES - 1)
    with pytest.raises(DeckRejected) as refused:
        await services.admin.upload_deck(GUILD, ADMIN, "Cells.apkg", data, now=NOW)
    assert "`Cells.yaml` was not stored" in refused.value.user_message
    assert "would hold 0.0 MB of pictures and sounds; a server may keep at most 0.0 MB" in refused.value.user_message
    assert "cells" not in {d.id for d in services.catalogue.decks(GUILD)}
    assert await media_total(services, GUILD) == 0
    assert await services.admin.media_file(GUILD, stored(PICTURE, "png")) is None

    monkeypatch.setattr(limits, "MAX_MEDIA_BYTES_PER_SERVER", MEDIA_BYTES)
    await services.admin.upload_deck(GUILD, ADMIN, "Cells.apkg", data, now=NOW)
    assert await media_total(services, GUILD) == MEDIA_BYTES
    assert "cells" in {d.id for d in services.catalogue.decks(GUILD)}


async def test_two_uploads_at_once_cannot_both_take_the_last_bytes(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_MEDIA_BYTES_PER_SERVER", MEDIA_BYTES + MEDIA_BYTES // 2)
    first = package(tmp_path, "one", PICTURE + b"1", SOUND + b"1")
    second = package(tmp_path, "two", PICTURE + b"2", SOUND + b"2")
    results = await asyncio.gather(
        services.admin.upload_deck(GUILD, ADMIN, "One.apkg", first, now=NOW),
        services.admin.upload_deck(GUILD, ADMIN, "Two.apkg", second, now=NOW),
        return_exceptions=True,
    )
    refused = [result for result in results if isinstance(result, DeckRejected)]
    assert len(refused) == 1 and "pictures and sounds" in refused[0].user_message, results
    assert await media_total(services, GUILD) == MEDIA_BYTES + 2
    assert len({"one", "two"} & {d.id for d in services.catalogue.decks(GUILD)}) == 1


async def test_removing_a_deck_frees_the_files_no_other_deck_names(services: Services, tmp_path: Path) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "One.apkg", package(tmp_path, "one"), now=NOW)
    await services.admin.upload_deck(GUILD, ADMIN, "Two.apkg", package(tmp_path, "two", sound=SOUND + b"2"), now=NOW)
    await services.admin.upload_deck(OTHER, ADMIN, "One.apkg", package(tmp_path, "one"), now=NOW)
    assert await media_total(services, GUILD) == MEDIA_BYTES + len(SOUND) + 1  # the shared picture once
    await services.admin.remove_deck(GUILD, "one")
    assert await services.admin.media_file(GUILD, stored(PICTURE, "png")) == PICTURE  # "two" still shows it
    assert await services.admin.media_file(GUILD, stored(SOUND, "mp3")) is None
    await services.admin.remove_deck(GUILD, "two")
    assert await media_total(services, GUILD) == 0
    assert await services.admin.media_file(OTHER, stored(PICTURE, "png")) == PICTURE  # the other server's copy


async def test_a_yaml_upload_may_name_the_servers_files_and_no_others(services: Services, tmp_path: Path) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "Cells.apkg", package(tmp_path, "cells"), now=NOW)
    text = ("id: again\ntitle: Again\ncards:\n  - id: a1\n    kind: flashcard\n    level: beginner\n"
            f"    front: Which organelle?\n    back: Mitochondria\n    image: {stored(PICTURE, 'png')}\n")
    await services.admin.upload_deck(GUILD, ADMIN, "again.yaml", text.encode(), now=NOW)
    await services.admin.remove_deck(GUILD, "cells")
    assert await services.admin.media_file(GUILD, stored(PICTURE, "png")) == PICTURE  # "again" names it
    assert await services.admin.media_file(GUILD, stored(SOUND, "mp3")) is None
    with pytest.raises(DeckRejected) as refused:
        await services.admin.upload_deck(OTHER, ADMIN, "again.yaml", text.encode(), now=NOW)
    assert "nothing was stored" in refused.value.user_message
    assert f"card a1: '{stored(PICTURE, 'png')}' is a media file this server doesn't have" in refused.value.user_message
    assert "again" not in {d.id for d in services.catalogue.decks(OTHER)}
