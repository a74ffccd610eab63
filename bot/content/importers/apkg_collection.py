"""The collection inside an Anki package: note types, notes, which cards exist, and the media map.

Three collection files exist: `collection.anki21b` (Anki 2.1.50+, zstd-compressed, note types in the
`notetypes`/`fields`/`templates` tables with protobuf configs), `collection.anki21` and the oldest
`collection.anki2` (note types as JSON in `col.models`). Newer packages also carry an old-format
placeholder, so the newest file present is the one read. The database is copied to a temporary file and
opened read-only (`mode=ro`, `query_only`, `trusted_schema` off): only plain SELECTs on known tables run,
nothing in the file (views, triggers, functions) is ever executed on purpose.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import zstandard

from bot.content.importers.apkg_proto import (
    ProtoError,
    media_entries,
    notetype_is_cloze,
    template_formats,
)
from bot.content.importers.apkg_zip import ZSTD_MAGIC, SafePackage, damaged
from bot.core.messages import N_, Marked

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_NOTES = 100_000
FIELD_SEPARATOR = "\x1f"
READ_SECONDS = 120  # SQLite's work on the collection is cut off after this (a hostile file could loop)
PROGRESS_STEPS = 10_000  # SQLite instructions between two looks at the clock


@dataclass
class NoteType:
    name: str
    cloze: bool
    fields: list[str]
    templates: list[tuple[str, str]]  # (question format, answer format), by ordinal


@dataclass
class Note:
    id: int
    note_type: int
    fields: list[str]
    tags: list[str]


@dataclass
class Collection:
    latest: bool  # the zstd format: media files are zstd-compressed too
    note_types: dict[int, NoteType]
    notes: list[Note]
    card_ords: dict[int, set[int]] = field(default_factory=dict)  # note id -> ordinals of its cards
    deck_name: str | None = None  # the deck holding most cards


def read_collection(package: SafePackage, workdir: Path) -> Collection:
    """Extract the newest collection file into `workdir` and read what the import needs from it."""
    member = next((name for name in COLLECTIONS if package.has(name)), None)
    if member is None:
        raise package.failure(Marked(N_("no Anki collection inside (is this an Anki package, .apkg or .colpkg?)")))
    latest = member.endswith("b")
    database = workdir / "collection.sqlite"
    with database.open("w+b") as target:
        package.copy(member, target, package.limits.collection_bytes, Marked(N_("the collection")), zstd=latest)
        _without_wal(target)
    try:
        connection = sqlite3.connect(f"file:{quote(str(database))}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise package.failure(Marked(N_("the collection can't be opened ({reason})"), reason=str(error))) from error
    deadline = time.monotonic() + READ_SECONDS
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")  # one bad byte spoils one note, not all
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("PRAGMA trusted_schema = OFF")
        # Anki's own collation on names; registered so reading those tables never needs Anki.
        connection.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
        _check_tables(connection)
        note_types = _note_types(connection)
        notes = _notes(connection, package)
        card_ords: dict[int, set[int]] = {}
        for note_id, ordinal in connection.execute("SELECT nid, ord FROM cards"):
            card_ords.setdefault(note_id, set()).add(ordinal)
        deck_name = _main_deck(connection)
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError) as error:
        if time.monotonic() > deadline:
            raise package.failure(Marked(N_("reading the collection took more than {seconds} s"),
                                         seconds=READ_SECONDS)) from error
        raise package.failure(Marked(N_("the collection is not a readable Anki database ({reason})"),
                                     reason=str(error))) from error
    finally:
        connection.close()
    return Collection(latest, note_types, notes, card_ords, deck_name)


def _without_wal(database: BinaryIO) -> None:
    """Mark the copy as a rollback-journal database (header bytes 18-19), as there is no WAL file."""
    database.seek(18)
    if database.read(2) == b"\x02\x02":
        database.seek(18)
        database.write(b"\x01\x01")


def _tables(connection: sqlite3.Connection) -> set[str]:
    """Plain tables only: a view or a virtual table would run the file's own SQL or module code."""
    return {
        name
        for name, sql in connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if not str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL")
    }


def _check_tables(connection: sqlite3.Connection) -> None:
    tables = _tables(connection)
    missing = [name for name in ("col", "notes", "cards") if name not in tables]
    if missing:
        raise ValueError(f"no table {', '.join(missing)}")
    if "notetypes" in tables and not {"fields", "templates"} <= tables:
        raise ValueError("note types without their fields and templates tables")


def _note_types(connection: sqlite3.Connection) -> dict[int, NoteType]:
    if {"notetypes", "fields", "templates"} <= _tables(connection):
        found = _note_types_from_tables(connection)
        if found:
            return found
    (models,) = connection.execute("SELECT models FROM col").fetchone()
    types: dict[int, NoteType] = {}
    for key, model in json.loads(models or "{}").items():
        fields = [item["name"] for item in sorted(model["flds"], key=lambda item: item["ord"])]
        templates = [(t["qfmt"], t["afmt"]) for t in sorted(model["tmpls"], key=lambda t: t["ord"])]
        types[int(key)] = NoteType(str(model["name"]), model.get("type") == 1, fields, templates)
    return types


def _note_types_from_tables(connection: sqlite3.Connection) -> dict[int, NoteType]:
    try:
        types = {
            type_id: NoteType(str(name), notetype_is_cloze(_blob(config)), [], [])
            for type_id, name, config in connection.execute("SELECT id, name, config FROM notetypes")
        }
        for type_id, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            types[type_id].fields.append(str(name))
        for type_id, config in connection.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
            types[type_id].templates.append(template_formats(_blob(config)))
    except ProtoError as error:
        raise ValueError(f"a note type's settings are malformed: {error}") from error
    return types


def _blob(value: object) -> bytes:
    """A protobuf column as bytes; never bytes(n), which would allocate n zero bytes for a number."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "replace")
    raise ValueError("a note type's settings are not a blob")


def _notes(connection: sqlite3.Connection, package: SafePackage) -> list[Note]:
    (count,) = connection.execute("SELECT count(*) FROM notes").fetchone()
    if count > MAX_NOTES:
        raise package.failure(Marked(N_("the collection holds {count} notes; at most {limit} can be imported"),
                                     count=count, limit=MAX_NOTES))
    return [
        Note(note_id, note_type, str(fields).split(FIELD_SEPARATOR), str(tags or "").split())
        for note_id, note_type, tags, fields in connection.execute(
            "SELECT id, mid, tags, flds FROM notes ORDER BY id LIMIT ?", (MAX_NOTES,)
        )
    ]


def _main_deck(connection: sqlite3.Connection) -> str | None:
    row = connection.execute(
        "SELECT did FROM cards GROUP BY did ORDER BY count(*) DESC, did LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    names: dict[int, str] = {}
    if "decks" in _tables(connection):
        names = {deck_id: str(name) for deck_id, name in connection.execute("SELECT id, name FROM decks")}
    if not names:
        (decks,) = connection.execute("SELECT decks FROM col").fetchone()
        names = {int(key): str(deck.get("name", "")) for key, deck in json.loads(decks or "{}").items()}
    name = names.get(row[0], "").replace("\x1f", "::").split("::")[-1].strip()
    return name if name and name != "Default" else None


def read_media_map(package: SafePackage) -> dict[str, str]:
    """Media file name -> the zip member holding it. Legacy packages: JSON {"0": "name.png"};
    newer ones: a zstd-compressed protobuf MediaEntries. A package without media has no map."""
    if not package.has("media"):
        return {}
    raw = package.read("media", package.limits.media_map_bytes, Marked(N_("the media list")), zstd=False)
    pairs: list[tuple[str, str]]
    try:
        if raw.startswith(ZSTD_MAGIC):
            limit = package.limits.media_map_bytes
            data = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw)).read(limit + 1)
            if len(data) > limit:
                raise package.failure(Marked(N_("the media list inflates past the {limit} bytes allowed"), limit=limit))
            pairs = media_entries(data)
        else:
            mapping = json.loads(raw.decode("utf-8") or "{}")
            if not isinstance(mapping, dict):
                raise ValueError("not a mapping")
            pairs = [(str(name), str(member)) for member, name in mapping.items()]
    except (ValueError, UnicodeDecodeError, zstandard.ZstdError) as error:
        raise package.failure(damaged(Marked(N_("the media list")), error)) from error
    media: dict[str, str] = {}
    for name, member in pairs:
        if not is_safe_media_name(name):
            raise package.failure(Marked(N_("the media file name {name} is not a plain file name (path traversal?)"),
                                         name=repr(name[:80])))
        if not package.has(member):
            raise package.failure(Marked(N_("the media file {name} is listed but missing from the package"),
                                         name=repr(name)))
        media[name] = member
    return media


def is_safe_media_name(name: str) -> bool:
    """A flat file name as Anki writes them: no folders, no parent references, no control characters."""
    return (
        0 < len(name) <= 255
        and name not in (".", "..")
        and not any(char in name for char in "/\\")
        and all(ord(char) >= 32 and char != "\x7f" for char in name)
    )
