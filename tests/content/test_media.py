"""Pictures and sounds in a deck's media folder: checked when the deck loads (there, inside the folder,
of the type the name says, within Discord's upload limit), refused on uploaded decks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.content.isolated import check_text
from bot.content.loader import load_deck_file, load_decks
from bot.content.media import MAX_CARD_MEDIA_BYTES, MAX_MEDIA_FILE_BYTES, check_server_media

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MP3 = b"ID3\x04\x00" + b"\x00" * 32
OGG = b"OggS" + b"\x00" * 32


def deck_text(image: str | None = "cell.png", audio: str | None = "atp.mp3") -> str:
    lines = ["id: cells", "title: Cells", "cards:", "  - id: atp", "    kind: flashcard", "    level: beginner",
             "    front: What makes ATP?", "    back: Mitochondria"]
    if image is not None:
        lines.append(f"    image: {image}")
    if audio is not None:
        lines.append(f"    audio: {audio}")
    return "\n".join(lines) + "\n"


def write_deck(tmp_path: Path, text: str, files: dict[str, bytes], stem: str = "cells") -> Path:
    folder = tmp_path / f"{stem}.media"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    deck = tmp_path / f"{stem}.yaml"
    deck.write_text(text, encoding="utf-8")
    return deck


def errors_of(path: Path) -> list[str]:
    return [str(problem) for problem in load_deck_file(path).errors]


def test_a_deck_with_its_picture_and_sound_loads_with_its_media_folder(tmp_path: Path) -> None:
    write_deck(tmp_path, deck_text(), {"cell.png": PNG, "atp.mp3": MP3})
    loaded = load_decks([tmp_path])
    assert loaded.errors == []
    card = loaded.decks["cells"].cards[0]
    assert (card.image, card.audio) == ("cell.png", "atp.mp3")
    assert loaded.media == {"cells": (tmp_path / "cells.media").resolve()}


def test_split_parts_share_the_base_media_folder(tmp_path: Path) -> None:
    write_deck(tmp_path, deck_text(audio="voice.opus"), {"cell.png": PNG, "voice.opus": OGG})
    part = tmp_path / "cells-2.yaml"
    part.write_text(deck_text(audio="voice.opus").replace("id: cells", "id: cells-2", 1), encoding="utf-8")
    (tmp_path / "cells.yaml").unlink()
    loaded = load_decks([tmp_path])
    assert loaded.errors == []
    assert loaded.media == {"cells-2": (tmp_path / "cells.media").resolve()}


def test_a_missing_file_is_named_with_its_line(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, deck_text(), {"cell.png": PNG})
    assert errors_of(deck) == [f"{deck}:10 cards[0].audio: cells.media/atp.mp3 is not there: "
                               "put the file in the deck's media folder"]


def test_no_media_folder_at_all(tmp_path: Path) -> None:
    deck = tmp_path / "cells.yaml"
    deck.write_text(deck_text(audio=None), encoding="utf-8")
    [error] = errors_of(deck)
    assert "cards[0].image: 'cell.png' is a media file, but this deck has no media folder" in error


@pytest.mark.parametrize("name", ["../cell.png", "sub/cell.png", "..png", "a..png", "/etc/x.png", ".hidden.png",
                                  "C:\\\\x.png", "cell.png ", "cell.exe", "cell.svg"])
def test_names_that_are_not_plain_file_names_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "cell.png").write_bytes(PNG)  # a file the traversal would reach
    deck = write_deck(tmp_path, deck_text(image=f'"{name}"', audio=None), {"cell.png": PNG})
    [error] = errors_of(deck)
    assert "cards[0].image:" in error and "is neither a web address nor a picture file name" in error


def test_a_link_leading_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    deck = write_deck(tmp_path, deck_text(audio=None), {})
    os.symlink(outside, tmp_path / "cells.media" / "cell.png")
    [error] = errors_of(deck)
    assert "cells.media/cell.png leads out of the media folder" in error
    # A link to a file inside the folder is fine.
    (tmp_path / "cells.media" / "real.png").write_bytes(PNG)
    os.symlink("real.png", tmp_path / "cells.media" / "alias.png")
    deck.write_text(deck_text(image="alias.png", audio=None), encoding="utf-8")
    assert errors_of(deck) == []


@pytest.mark.parametrize(("image", "audio", "files", "expected"), [
    ("cell.png", None, {"cell.png": b"GIF89a not a png"}, "cells.media/cell.png is not a .png file"),
    ("cell.jpg", None, {"cell.jpg": PNG}, "cells.media/cell.jpg is not a .jpg file"),
    (None, "atp.mp3", {"atp.mp3": b"plain text"}, "cells.media/atp.mp3 is not a .mp3 file"),
    (None, "atp.wav", {"atp.wav": OGG}, "cells.media/atp.wav is not a .wav file"),
])
def test_the_first_bytes_must_match_the_extension(tmp_path: Path, image: str | None, audio: str | None,
                                                  files: dict[str, bytes], expected: str) -> None:
    deck = write_deck(tmp_path, deck_text(image=image, audio=audio), files)
    [error] = errors_of(deck)
    assert expected in error


def test_a_folder_named_like_a_file_is_not_a_file(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, deck_text(audio=None), {})
    (tmp_path / "cells.media" / "cell.png").mkdir()
    assert "cells.media/cell.png is not a file" in errors_of(deck)[0]


def test_files_past_discords_upload_limit_are_refused(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, deck_text(), {"cell.png": PNG, "atp.mp3": MP3})
    with (tmp_path / "cells.media" / "cell.png").open("r+b") as file:
        file.truncate(MAX_MEDIA_FILE_BYTES + 1)
    [error] = errors_of(deck)
    assert "cards[0].image: cells.media/cell.png is 8.0 MiB; Discord takes at most 8 MiB from the bot" in error
    # Each within the limit, but not together: one message carries both.
    for name, size in (("cell.png", MAX_CARD_MEDIA_BYTES // 2 + 1), ("atp.mp3", MAX_CARD_MEDIA_BYTES // 2)):
        with (tmp_path / "cells.media" / name).open("r+b") as file:
            file.truncate(size)
    [error] = errors_of(deck)
    assert "cards[0]: this card's picture and sound are 8.0 MiB together" in error


def test_uploaded_decks_leave_their_media_names_to_the_upload() -> None:
    """The checker of uploads accepts the names; the upload checks them against the server's media
    (`check_server_media`, tests/services/test_server_media.py)."""
    deck, errors, _ = check_text(deck_text(), "cells.yaml")
    assert deck is not None and errors == []
    assert [p.message for p in check_server_media(deck, {})] == [
        "'cell.png' is a media file this server doesn't have: upload the deck as an Anki package with its media, "
        "or use a web link (https://...) for image:",
        "'atp.mp3' is a media file this server doesn't have: upload the deck as an Anki package with its media, "
        "or use a web link (https://...) for image:",
    ]
    files = {"cell.png": (10, b"\x89PNG\r\n\x1a\n"), "atp.mp3": (9, b"not audio")}
    [wrong] = check_server_media(deck, files)
    assert wrong.path == ("cards", 0, "audio") and wrong.message == "atp.mp3 is not a .mp3 file (its first bytes say otherwise)"
    assert check_server_media(deck, {**files, "atp.mp3": (9, b"ID3\x04")}) == []
    web, errors, _ = check_text(deck_text(image="https://example.org/cell.png", audio=None), "cells.yaml")
    assert web is not None and errors == []


async def test_the_checker_child_tells_the_bot_where_each_decks_media_is(tmp_path: Path) -> None:
    from bot.content.isolated import check_content

    write_deck(tmp_path, deck_text(), {"cell.png": PNG, "atp.mp3": MP3})
    checked = await check_content([tmp_path])
    assert list(checked.decks) == ["cells"] and checked.problems == []
    assert checked.media == {"cells": (tmp_path / "cells.media").resolve()}
