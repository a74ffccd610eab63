"""A checked card as plain data and back, without pydantic: how a server's overlay cards are stored.

`card_data` gives the card as a deck file would write it (only the fields that differ from their
defaults); `card_from_data` rebuilds the core dataclasses from that data. Only data this process wrote
after the deck checker accepted the card is read back, so the rebuild trusts its shape (a row that does
not fit raises `ValueError`, and the caller skips it). `fingerprint` names a card's exact content, so an
edit can tell whether the deck's card changed under it since.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from bot.core.deck import ChoiceCard, ClozeCard, Concept, DeckCard, Flashcard, Misconception, OpenCard, Option

_DEFAULTS: dict[str, Any] = {"tags": [], "image": None, "audio": None, "hint": None, "model_answer": None,
                             "concepts": [], "misconceptions": [], "extra": None, "contradicts": None,
                             "requires": [], "not_with": [], "correct": False}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if getattr(value, f.name) != _DEFAULTS.get(f.name, object())}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def card_data(card: DeckCard) -> dict[str, Any]:
    """The card as a deck file writes it (a dict of str, list, bool)."""
    data = _plain(card)
    assert isinstance(data, dict)
    return data


def card_from_data(data: Any) -> DeckCard:
    """The card `card_data` described; `ValueError` if the data is not one."""
    if not isinstance(data, dict):
        raise ValueError("a card is a mapping")
    fields = dict(data)
    try:
        kind = fields["kind"]
        if kind == "flashcard":
            return Flashcard(**fields)
        if kind == "choice":
            fields["options"] = [Option(**option) for option in fields["options"]]
            return ChoiceCard(**fields)
        if kind == "open":
            fields["concepts"] = [Concept(**concept) for concept in fields.get("concepts", [])]
            fields["misconceptions"] = [Misconception(**m) for m in fields.get("misconceptions", [])]
            return OpenCard(**fields)
        if kind == "cloze":
            return ClozeCard(**fields)
    except (KeyError, TypeError) as error:
        raise ValueError(f"not a card: {error}") from None
    raise ValueError(f"unknown card kind {str(kind)[:20]!r}")


def card_json(card: DeckCard) -> str:
    return json.dumps(card_data(card), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(card: DeckCard) -> str:
    """A short name of the card's exact content (same content, same name)."""
    return hashlib.sha256(card_json(card).encode("utf-8")).hexdigest()[:32]


__all__ = ["card_data", "card_from_data", "card_json", "fingerprint"]
