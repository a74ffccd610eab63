"""Just enough of the protobuf wire format to read the few fields Anki's newer packages keep there.

Field numbers (from Anki's public .proto files, `import_export.proto` and `notetypes.proto`):
MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { name = 1, size = 2, sha1 = 3,
legacy_zip_filename = 255 }; Notetype.Config { kind = 1 (0 normal, 1 cloze) }; Notetype.Template.Config
{ q_format = 1, a_format = 2 }. Unknown fields are skipped; malformed bytes raise ProtoError.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.core.messages import N_, Marked

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


class ProtoError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    for _ in range(10):
        if position >= len(data):
            raise ProtoError(Marked(N_("a number runs past the end")))
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
    raise ProtoError(Marked(N_("a number longer than 10 bytes")))


def message_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) in order: an int for varints, bytes for length-delimited fields."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtoError(Marked(N_("field number 0")))
        if wire == VARINT:
            value, position = _varint(data, position)
            yield number, value
        elif wire == LENGTH:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ProtoError(Marked(N_("a field runs past the end")))
            yield number, data[position : position + length]
            position += length
        elif wire in (FIXED64, FIXED32):
            position += 8 if wire == FIXED64 else 4
            if position > len(data):
                raise ProtoError(Marked(N_("a field runs past the end")))
        else:
            raise ProtoError(Marked(N_("unknown wire type {wire}"), wire=str(wire)))


def text_field(value: int | bytes) -> str:
    if not isinstance(value, bytes):
        raise ProtoError(Marked(N_("expected text, found a number")))
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtoError(Marked(N_("text that is not UTF-8"))) from error


def media_entries(data: bytes) -> list[tuple[str, str]]:
    """(file name, zip member) for each entry of a MediaEntries message; members are numbered in order."""
    entries: list[tuple[str, str]] = []
    for number, value in message_fields(data):
        if number != 1:
            continue
        if not isinstance(value, bytes):
            raise ProtoError(Marked(N_("a media entry that is not a message")))
        name, member = "", str(len(entries))
        for inner, item in message_fields(value):
            if inner == 1:
                name = text_field(item)
            elif inner == 255 and isinstance(item, int):
                member = str(item)
        entries.append((name, member))
    return entries


def notetype_is_cloze(config: bytes) -> bool:
    return any(number == 1 and value == 1 for number, value in message_fields(config))


def template_formats(config: bytes) -> tuple[str, str]:
    question = answer = ""
    for number, value in message_fields(config):
        if number == 1:
            question = text_field(value)
        elif number == 2:
            answer = text_field(value)
    return question, answer
