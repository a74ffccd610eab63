"""The converter child's answer for an uploaded package: a JSON line, then the media bytes it lists. The
bot takes a file only when its bytes hash to its name, and nothing when the answer doesn't hold together."""

from __future__ import annotations

import hashlib
import json

from bot.content.package_upload import _read_answer

PICTURE = b"\x89PNG\r\n\x1a\npicture"
NAME = f"{hashlib.sha256(PICTURE).hexdigest()}.png"


def answer(media: list[list[object]], tail: bytes) -> bytes:
    head = {"yaml": "id: x\n", "errors": [], "warnings": ["w"], "media": media}
    return json.dumps(head).encode() + b"\n" + tail


def test_files_whose_bytes_match_their_names_come_through() -> None:
    result = _read_answer(answer([[NAME, len(PICTURE)]], PICTURE))
    assert result is not None and result.text == "id: x\n" and result.warnings == ["w"]
    assert result.media == {NAME: PICTURE}


def test_an_answer_that_does_not_hold_together_gives_nothing() -> None:
    assert _read_answer(answer([[NAME, len(PICTURE)]], PICTURE[:-1] + b"!")) is None  # bytes not of that hash
    assert _read_answer(answer([[NAME, len(PICTURE)]], PICTURE + b"extra")) is None  # bytes left over
    assert _read_answer(answer([[NAME, len(PICTURE) + 1]], PICTURE)) is None  # fewer bytes than said
    assert _read_answer(answer([["../x.png", len(PICTURE)]], PICTURE)) is None  # not a stored name
    assert _read_answer(b'{"yaml": null}') is None  # no line end, no lists
