"""pydantic's side of the deck rules: the only place that turns YAML data into core decks and cards.

The core's dataclasses carry their rules as markers (bot.core.constraints); pydantic reads them here
when the validators are built, once per process. Importing this module imports pydantic, so the
running bot leaves it to whatever validates decks (the loader, importers, `content check`).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.core.deck import Card, Deck, DeckCard

__all__ = ["ValidationError", "card_adapter", "deck_adapter", "deck_json_schema", "validate_card", "validate_deck"]

deck_adapter: TypeAdapter[Deck] = TypeAdapter(Deck)
card_adapter: TypeAdapter[DeckCard] = TypeAdapter(Card)


def validate_deck(data: Any) -> Deck:
    """The deck that `data` (a mapping as read from YAML) describes; raises ValidationError."""
    return deck_adapter.validate_python(data)


def validate_card(data: Any) -> DeckCard:
    """One card of any kind, chosen by its `kind` key; raises ValidationError."""
    return card_adapter.validate_python(data)


def deck_json_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file as pydantic derives it (bot.content.schema dresses it for editors)."""
    return deck_adapter.json_schema()
