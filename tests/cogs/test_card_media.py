"""The files a card's message carries: checked again when drawn (the folder may have changed since the
deck loaded), the picture in the embed, the formulas' picture beside it, nothing for unknown decks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import discord

from bot.cogs.card_media import MATH_FILE, CardMedia
from bot.cogs.common import Reply
from bot.content.media import MAX_MEDIA_FILE_BYTES
from bot.core.deck import Flashcard
from bot.ops.math_render import MathRenderer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MP3 = b"ID3\x04\x00" + b"\x00" * 32
FORMULAS = b"\x89PNG\r\n\x1a\n formulas"


class DrawnAlways(MathRenderer):
    """Stands in for the child: 'draws' any text with a dollar in it."""

    def __init__(self) -> None:
        super().__init__(enabled=True)
        self.asked: list[list[str]] = []

    async def render(self, texts: Sequence[str]) -> bytes | None:
        self.asked.append(list(texts))
        return FORMULAS if any("$" in text for text in texts) else None


def card(front: str = "What makes ATP?", image: str | None = "cell.png", audio: str | None = "atp.mp3") -> Flashcard:
    return Flashcard(id="atp", kind="flashcard", level="beginner", front=front, back="b", image=image, audio=audio)


def media_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cells.media"
    folder.mkdir()
    (folder / "cell.png").write_bytes(PNG)
    (folder / "atp.mp3").write_bytes(MP3)
    return folder


def read(files: list[discord.File]) -> dict[str, bytes]:
    return {file.filename: file.fp.read() for file in files}


async def test_picture_and_sound_attached_with_the_picture_in_the_embed(tmp_path: Path) -> None:
    media = CardMedia({"cells": media_folder(tmp_path)}, DrawnAlways())
    reply = await media.attach(Reply(embed=discord.Embed(description="What makes ATP?")), "cells", card(), ["x"])
    assert read(reply.files) == {"cell.png": PNG, "atp.mp3": MP3}
    assert reply.embed is not None and reply.embed.image.url == "attachment://cell.png"
    assert set(reply.kwargs()) >= {"files", "embed"}


async def test_formulas_beside_the_picture_or_in_the_embed_without_one(tmp_path: Path) -> None:
    media = CardMedia({"cells": media_folder(tmp_path)}, DrawnAlways())
    both = await media.attach(Reply(embed=discord.Embed()), "cells", card("$x$"), ["$x$"])
    assert list(read(both.files)) == ["cell.png", "atp.mp3", MATH_FILE]
    assert both.embed is not None and both.embed.image.url == "attachment://cell.png"
    alone = await media.attach(Reply(embed=discord.Embed()), "cells", card("$x$", None, None), ["$x$"])
    assert read(alone.files) == {MATH_FILE: FORMULAS}
    assert alone.embed is not None and alone.embed.image.url == f"attachment://{MATH_FILE}"
    assert set(alone.kwargs()) >= {"file", "embed"}  # one file: discord.py's `file=`


async def test_a_deck_picture_named_math_png_keeps_its_name(tmp_path: Path) -> None:
    folder = media_folder(tmp_path)
    (folder / "math.png").write_bytes(PNG)
    reply = await CardMedia({"cells": folder}, DrawnAlways()).attach(
        Reply(embed=discord.Embed()), "cells", card("$x$", "math.png", None), ["$x$"])
    assert read(reply.files) == {"math.png": PNG, "formulas.png": FORMULAS}
    assert reply.embed is not None and reply.embed.image.url == "attachment://math.png"


async def test_files_changed_since_the_deck_loaded_are_left_out(tmp_path: Path) -> None:
    folder = media_folder(tmp_path)
    (folder / "atp.mp3").unlink()
    with (folder / "cell.png").open("r+b") as file:
        file.truncate(MAX_MEDIA_FILE_BYTES + 1)
    reply = await CardMedia({"cells": folder}, DrawnAlways()).attach(
        Reply(embed=discord.Embed(description="text")), "cells", card(), ["text"])
    assert reply.files == [] and reply.embed is not None and reply.embed.image.url is None
    assert reply.embed.description == "text"  # the text form is all there is, and it is there


async def test_no_folder_no_files_and_web_pictures_stay_links(tmp_path: Path) -> None:
    media = CardMedia({"cells": media_folder(tmp_path)}, DrawnAlways())
    other = await media.attach(Reply(embed=discord.Embed()), "club-deck", card(), ["text"])
    assert other.files == []
    web = await media.attach(Reply(embed=discord.Embed()), "cells", card(image="https://example.org/a.png", audio=None),
                             ["text"])
    assert web.files == []
    skipped = await media.attach(Reply(), "cells", card(), ["text"], media=False)
    assert skipped.files == []
