"""Pictures and sounds of a deck's media folder, checked when the deck is loaded, not when a card is drawn.

A deck file `content/NAME.yaml` keeps its media in `content/NAME.media/`; the decks an Anki import
split (`NAME-1.yaml`, `NAME-2.yaml`, ...) share `NAME.media/`. A card names a file by its plain name
(`image: 3fa4...c2.png`, `audio: atp.mp3`; the deck model allows no folder in it). Here each named file
must be a regular file inside that folder (a symlink may not lead out of it), its first bytes must be
of the type its extension says, and it must fit Discord's upload limit: the bot sends it as an
attachment. Decks uploaded with /deck upload have no media folder: their files are the server's, kept in
the database with a per-server quota. The loader leaves their names to the upload (`check_server_media`,
with the same checks on the bytes the package brought or the server already has).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.core.deck import AnyCard, Deck, is_web_link
from bot.core.messages import N_, Marked

# Discord takes up to 10 MiB of attachments from a bot in a server without boosts; like /mydata's
# export (bot/cogs/mydata/cog.py), stay at 8 MiB: for each file, and for a card's picture and sound together.
MAX_MEDIA_FILE_BYTES = 8 * 1024 * 1024
MAX_CARD_MEDIA_BYTES = 8 * 1024 * 1024
MEDIA_SUFFIX = ".media"
_SPLIT_PART = re.compile(r"^(?P<base>.+)-\d+$")
_HEAD_BYTES = 16


@dataclass(frozen=True, slots=True)
class MediaProblem:
    path: tuple[str | int, ...]  # where in the deck: ("cards", 3, "image")
    message: Marked


def media_folder_of(deck_file: Path) -> Path | None:
    """The media folder beside a deck file, if there is one: `NAME.media/`, or for a split part
    `NAME-2.yaml` without a folder of its own, `NAME.media/`."""
    candidates = [deck_file.with_suffix(MEDIA_SUFFIX)]
    part = _SPLIT_PART.match(deck_file.stem)
    if part:
        candidates.append(deck_file.with_name(part["base"] + MEDIA_SUFFIX))
    return next((folder for folder in candidates if folder.is_dir()), None)


def uses_media_files(card: AnyCard) -> bool:
    return (card.image is not None and not is_web_link(card.image)) or card.audio is not None


def _looks_like(kind: str, suffix: str, head: bytes) -> bool:
    """Whether the file's first bytes are those of its extension's format."""
    if kind == "image":
        return {
            "png": head.startswith(b"\x89PNG\r\n\x1a\n"),
            "jpg": head.startswith(b"\xff\xd8\xff"),
            "jpeg": head.startswith(b"\xff\xd8\xff"),
            "gif": head[:6] in (b"GIF87a", b"GIF89a"),
            "webp": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
        }.get(suffix, False)
    return {
        # An MP3 starts with an ID3 tag or straight with a frame (11 sync bits).
        "mp3": head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
        "ogg": head.startswith(b"OggS"),
        "opus": head.startswith(b"OggS"),  # Opus audio lives in an Ogg container
        "wav": head[:4] == b"RIFF" and head[8:12] == b"WAVE",
        "m4a": head[4:8] == b"ftyp",
    }.get(suffix, False)


def file_problem(folder: Path, name: str, kind: str) -> tuple[Marked | None, int]:
    """What is wrong with `folder/name` as a card's `kind` ("image" or "audio"), or None; and its size."""
    if not name or "/" in name or "\\" in name or ".." in name or name.startswith("."):
        return Marked(N_("{name} is not a plain file name"), name=repr(name)), 0
    where = f"{folder.name}/{name}"
    path = folder / name
    try:
        inside = path.resolve(strict=True).parent == folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return Marked(N_("{where} is not there: put the file in the deck's media folder"), where=where), 0
    if not inside:
        return Marked(N_("{where} leads out of the media folder (a link): put the file itself in the folder"),
                      where=where), 0
    if not path.is_file():
        return Marked(N_("{where} is not a file"), where=where), 0
    size = path.stat().st_size
    if size > MAX_MEDIA_FILE_BYTES:
        return content_problem(where, name, kind, size, b""), size
    with path.open("rb") as file:
        head = file.read(_HEAD_BYTES)
    return content_problem(where, name, kind, size, head), size


def content_problem(where: str, name: str, kind: str, size: int, head: bytes) -> Marked | None:
    """What is wrong with a file of that size and first bytes as a card's `kind`, or None."""
    if size > MAX_MEDIA_FILE_BYTES:
        return Marked(N_("{where} is {size} MiB; Discord takes at most {limit} MiB from the bot: make it smaller"),
                      where=where, size=f"{size / 2**20:.1f}", limit=MAX_MEDIA_FILE_BYTES // 2**20)
    suffix = name.rsplit(".", 1)[-1].lower()
    if not _looks_like(kind, suffix, head):
        return Marked(N_("{where} is not a .{suffix} file (its first bytes say otherwise)"), where=where, suffix=suffix)
    return None


def check_deck_media(deck: Deck, folder: Path | None, *, uploaded: bool = False) -> list[MediaProblem]:
    """Every media problem of the deck's cards; `folder` None: the deck has no media folder. An uploaded
    deck's names are the server's files, checked by the upload (`check_server_media`), not here."""
    if folder is None and uploaded:
        return []
    if folder is None:
        return _check_cards(deck, lambda name, _kind: (_no_folder(name), 0))
    return _check_cards(deck, lambda name, kind: file_problem(folder, name, kind))


def check_server_media(deck: Deck, files: Mapping[str, tuple[int, bytes]]) -> list[MediaProblem]:
    """An uploaded deck's media problems, its files given as name -> (size, first bytes): those its package
    brought and those the server already has. A name in neither is missing."""
    def probe(name: str, kind: str) -> tuple[Marked | None, int]:
        if name not in files:
            return Marked(N_("{name} is a media file this server doesn't have: upload the deck as an Anki "
                             "package with its media, or use a web link (https://...) for image:"), name=repr(name)), 0
        size, head = files[name]
        return content_problem(name, name, kind, size, head), size
    return _check_cards(deck, probe)


def _check_cards(deck: Deck, probe: Callable[[str, str], tuple[Marked | None, int]]) -> list[MediaProblem]:
    problems: list[MediaProblem] = []
    for index, card in enumerate(deck.cards):
        if not uses_media_files(card):
            continue
        total, before = 0, len(problems)
        for kind, name in named_files(card):
            at: tuple[str | int, ...] = ("cards", index, kind)
            problem, size = probe(name, kind)
            total += size
            if problem:
                problems.append(MediaProblem(at, problem))
        if total > MAX_CARD_MEDIA_BYTES and len(problems) == before:
            problems.append(MediaProblem(
                ("cards", index),
                Marked(N_("this card's picture and sound are {size} MiB together; one message takes at most "
                          "{limit} MiB"), size=f"{total / 2**20:.1f}", limit=MAX_CARD_MEDIA_BYTES // 2**20),
            ))
    return problems


def named_files(card: AnyCard) -> Iterable[tuple[str, str]]:
    if card.image is not None and not is_web_link(card.image):
        yield "image", card.image
    if card.audio is not None:
        yield "audio", card.audio


def _no_folder(name: str) -> Marked:
    return Marked(N_("{name} is a media file, but this deck has no media folder: put it in NAME.media/ beside "
                     "NAME.yaml"), name=repr(name))
