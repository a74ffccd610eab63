"""Builds Anki packages by hand, in the three collection formats, for the tests and the benchmark.

Legacy `collection.anki2` / `collection.anki21` (schema 11: note types as JSON in `col.models`, a JSON
media map, raw media members) and the newer `collection.anki21b` (schema 18: `notetypes`, `fields`,
`templates` and `decks` tables with protobuf configs; the database, the protobuf media map and every
media file zstd-compressed; a `meta` member; an old-format placeholder collection beside it).
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import zstandard

DECK_ID = 1_700_000_000_001


@dataclass
class NoteTypeSpec:
    id: int
    name: str
    fields: list[str]
    templates: list[tuple[str, str]]  # question, answer
    cloze: bool = False


@dataclass
class NoteSpec:
    note_type: NoteTypeSpec
    fields: list[str]
    tags: list[str] = field(default_factory=list)
    card_ords: list[int] | None = None  # default: every template, or one card per cloze number


BASIC = NoteTypeSpec(1001, "Basic", ["Front", "Back"], [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}")])
REVERSED = NoteTypeSpec(
    1002,
    "Basic (and reversed card)",
    ["Front", "Back"],
    [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"), ("{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}")],
)
OPTIONAL_REVERSED = NoteTypeSpec(
    1003,
    "Basic (optional reversed card)",
    ["Front", "Back", "Add Reverse"],
    [
        ("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
        ("{{#Add Reverse}}{{Back}}{{/Add Reverse}}", "{{FrontSide}}<hr id=answer>{{Front}}"),
    ],
)
CLOZE = NoteTypeSpec(1004, "Cloze", ["Text", "Back Extra"], [("{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}")], True)
CUSTOM = NoteTypeSpec(
    1005, "Vocabulary", ["Word", "Meaning", "Example"], [("{{Word}}", "{{Meaning}}<br>{{Example}}")]
)


def varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def proto_bytes(number: int, data: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(data)) + data


def proto_int(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)


def media_entries(names: list[str]) -> bytes:
    return b"".join(proto_bytes(1, proto_bytes(1, name.encode()) + proto_int(2, 1)) for name in names)


def _ords(note: NoteSpec) -> list[int]:
    if note.card_ords is not None:
        return note.card_ords
    if note.note_type.cloze:
        return sorted({int(n) - 1 for n in re.findall(r"\{\{c(\d+)::", note.fields[0])}) or [0]
    return list(range(len(note.note_type.templates)))


def _unicase(a: str, b: str) -> int:
    return (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())


def write_collection(path: Path, notes: list[NoteSpec], deck_name: str, schema18: bool) -> None:
    types = {note.note_type.id: note.note_type for note in notes}
    connection = sqlite3.connect(path)
    connection.create_collation("unicase", _unicase)
    connection.executescript(
        """
        CREATE TABLE col (id integer PRIMARY KEY, crt integer, mod integer, scm integer, ver integer,
            dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
        CREATE TABLE notes (id integer PRIMARY KEY, guid text, mid integer, mod integer, usn integer,
            tags text, flds text, sfld integer, csum integer, flags integer, data text);
        CREATE TABLE cards (id integer PRIMARY KEY, nid integer, did integer, ord integer, mod integer,
            usn integer, type integer, queue integer, due integer, ivl integer, factor integer, reps integer,
            lapses integer, left integer, odue integer, odid integer, flags integer, data text);
        """
    )
    models = {
        str(t.id): {
            "id": t.id, "name": t.name, "type": 1 if t.cloze else 0,
            "flds": [{"name": name, "ord": i} for i, name in enumerate(t.fields)],
            "tmpls": [{"name": f"Card {i + 1}", "ord": i, "qfmt": q, "afmt": a} for i, (q, a) in enumerate(t.templates)],
        }
        for t in types.values()
    }
    decks = {"1": {"id": 1, "name": "Default"}, str(DECK_ID): {"id": DECK_ID, "name": deck_name}}
    if schema18:
        connection.executescript(
            """
            CREATE TABLE notetypes (id integer PRIMARY KEY, name text COLLATE unicase, mtime_secs integer,
                usn integer, config blob);
            CREATE TABLE fields (ntid integer, ord integer, name text COLLATE unicase, config blob,
                PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
            CREATE TABLE templates (ntid integer, ord integer, name text COLLATE unicase, mtime_secs integer,
                usn integer, config blob, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
            CREATE TABLE decks (id integer PRIMARY KEY, name text COLLATE unicase, mtime_secs integer,
                usn integer, common blob, kind blob);
            """
        )
        for t in types.values():
            config = proto_int(1, 1 if t.cloze else 0) + proto_bytes(3, b".card {}")
            connection.execute("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", (t.id, t.name, config))
            for i, name in enumerate(t.fields):
                connection.execute("INSERT INTO fields VALUES (?, ?, ?, ?)", (t.id, i, name, proto_int(4, 20)))
            for i, (q, a) in enumerate(t.templates):
                config = proto_bytes(1, q.encode()) + proto_bytes(2, a.encode()) + proto_int(7, 12)
                connection.execute("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", (t.id, i, f"Card {i + 1}", config))
        for deck_id, deck in decks.items():
            connection.execute("INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'')", (int(deck_id), deck["name"]))
        models, decks = {}, {}
    connection.execute(
        "INSERT INTO col VALUES (1, 0, 0, 0, ?, 0, 0, 0, '{}', ?, ?, '{}', '{}')",
        (18 if schema18 else 11, json.dumps(models) if models else "", json.dumps(decks) if decks else ""),
    )
    card_id = 1
    for number, note in enumerate(notes, start=1):
        note_id = 1_600_000_000_000 + number
        connection.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, '')",
            (note_id, f"g{number}", note.note_type.id, f" {' '.join(note.tags)} " if note.tags else "",
             "\x1f".join(note.fields), note.fields[0]),
        )
        for ordinal in _ords(note):
            connection.execute(
                "INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                (card_id, note_id, DECK_ID, ordinal, card_id),
            )
            card_id += 1
    connection.commit()
    connection.close()


def build_package(
    path: Path,
    notes: list[NoteSpec],
    media: dict[str, bytes] | None = None,
    *,
    fmt: str = "anki2",
    deck_name: str = "Cell biology",
    media_names: list[str] | None = None,  # the media map's names (default: media's keys)
) -> Path:
    """Write an .apkg at `path` in format 'anki2', 'anki21' or 'anki21b'."""
    media = media or {}
    names = media_names if media_names is not None else list(media)
    latest = fmt == "anki21b"
    compressor = zstandard.ZstdCompressor()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        database = Path(folder) / "collection"
        write_collection(database, notes, deck_name, schema18=latest)
        data = database.read_bytes()
        if latest:
            placeholder = Path(folder) / "placeholder"
            write_collection(placeholder, [NoteSpec(BASIC, ["Please update to the latest Anki version", "..."])],
                             "Default", schema18=False)
            package.writestr("collection.anki2", placeholder.read_bytes())
            package.writestr("collection.anki21b", compressor.compress(data))
            package.writestr("meta", proto_int(1, 3))
            package.writestr("media", compressor.compress(media_entries(names)))
        else:
            package.writestr(f"collection.{fmt}", data)
            package.writestr("media", json.dumps({str(i): name for i, name in enumerate(names)}))
        for i, name in enumerate(names):
            if name in media:
                content = media[name]
                package.writestr(str(i), compressor.compress(content) if latest else content)
    return path
