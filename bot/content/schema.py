"""The JSON Schema editors use to check and autocomplete decks, generated from the core models."""

from __future__ import annotations

import json
from typing import Any

from bot.content import validation

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def deck_json_schema() -> dict[str, Any]:
    schema = validation.deck_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        **{key: value for key, value in schema.items() if key != "title"},
        "title": "Recall deck",  # i18n: not shown (the JSON Schema editors read, English like the deck keys)
        "description": "One deck of flashcard, choice and open cards (content/*.yaml).",  # i18n: not shown (JSON Schema)
    }


def deck_json_schema_text() -> str:
    """The exact text of content/schema.json (a test keeps the committed file equal to it)."""
    return json.dumps(deck_json_schema(), indent=2, ensure_ascii=False) + "\n"
