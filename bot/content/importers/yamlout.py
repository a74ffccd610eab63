"""Writes a deck as readable YAML, atomically and without overwriting by accident."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bot.core.deck import Deck

_CARD_KEY_ORDER = ("id", "kind", "level", "tags", "image")


def deck_to_yaml(deck: Deck, about: list[str] | None = None) -> str:
    """The deck in the same layout authors write by hand (id, kind, level first), with a header comment."""
    data: dict[str, Any] = {"id": deck.id, "title": deck.title}
    if deck.description:
        data["description"] = deck.description
    if deck.tags:
        data["tags"] = list(deck.tags)
    data["cards"] = [_card_data(dataclasses.asdict(card, dict_factory=_without_none)) for card in deck.cards]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    header = "".join(f"# {line}\n" for line in (about or []))
    return header + body


def _without_none(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """A dataclass's fields as a mapping, leaving out the optional ones that are not set."""
    return {key: value for key, value in items if value is not None}


def _card_data(card: dict[str, Any]) -> dict[str, Any]:
    ordered = {key: card[key] for key in _CARD_KEY_ORDER if card.get(key)}
    for key, value in card.items():
        if key in ordered or key in _CARD_KEY_ORDER:
            continue
        if key == "options":
            value = [
                {"text": option["text"], "correct": True} if option["correct"] else {"text": option["text"]}
                for option in value
            ]
        if value in ([], None):
            continue
        ordered[key] = value
    return ordered


def write_atomically(path: Path, text: str, *, overwrite: bool) -> None:
    """Write via a temporary file in the same folder; without `overwrite`, never replace a file.

    Raises FileExistsError if `path` exists and `overwrite` is false (checked atomically by linking).
    """
    folder = path.parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # fails if `path` exists, unlike a rename
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: check, then rename
                if path.exists():
                    raise FileExistsError(path) from None
                os.replace(temporary, path)
            else:
                os.unlink(temporary)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
