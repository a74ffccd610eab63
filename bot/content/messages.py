"""Turns pydantic's validation errors into sentences a deck author understands.

pydantic says "Input should be a valid string"; an author who wrote `front: yes` needs to hear that
YAML read it as a boolean and that quotes fix it. Each error also gets a location without pydantic's
union tags, so it can be looked up in the loader's line map and shown as `cards[2].options`.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
from typing import Any

from bot.content.yamlread import Location
from bot.core.deck import (
    CARD_ID_MAX,
    DECK_ID_MAX,
    KINDS,
    LEVELS,
    ChoiceCard,
    ClozeCard,
    Concept,
    Deck,
    Flashcard,
    Misconception,
    OpenCard,
    Option,
)

_CARD_MODELS: dict[str, type[Any]] = {"flashcard": Flashcard, "choice": ChoiceCard, "open": OpenCard,
                                      "cloze": ClozeCard}
_ID_CHARACTERS = "lowercase letters a-z, digits 0-9 and hyphens (not first or last)"

# pydantic names some errors differently for dataclasses than for models; an author sees one message.
_MISSING = {"missing", "missing_keyword_only_argument", "missing_positional_only_argument"}
_UNKNOWN_KEY = {"extra_forbidden", "unexpected_keyword_argument"}
_NOT_A_MAPPING = {"model_type", "model_attributes_type", "dict_type", "dataclass_type", "dataclass_exact_type"}


def format_location(path: Location) -> str:
    """('cards', 2, 'options') -> 'cards[2].options'."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def data_location(loc: tuple[Any, ...], data: Any) -> Location:
    """Drop the union tags pydantic puts in locations (('cards', 0, 'flashcard', 'front'))."""
    path: list[str | int] = []
    current = data
    for step in loc:
        if (
            isinstance(current, dict)
            and step not in current
            and step == current.get("kind")
            and step in KINDS
        ):
            continue  # the discriminator's tag, not a key of the card
        path.append(step)
        if isinstance(current, dict):
            current = current.get(step)
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            current = None
    return tuple(path)


def model_at(path: Location, data: Any) -> type[Any] | None:
    """The model that validates the mapping at `path` (for suggesting a key's spelling)."""
    if path == ():
        return Deck
    if len(path) >= 2 and path[0] == "cards" and isinstance(path[1], int):
        card = _value_at(data, path[:2])
        card_model = _CARD_MODELS.get(str(card.get("kind"))) if isinstance(card, dict) else None
        if len(path) == 2:
            return card_model
        if len(path) == 4 and path[2] == "options":
            return Option
        if len(path) == 4 and path[2] == "concepts":
            return Concept
        if len(path) == 4 and path[2] == "misconceptions":
            return Misconception
    return None


def _value_at(data: Any, path: Location) -> Any:
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def author_message(error: dict[str, Any], path: Location, data: Any) -> str:
    """One pydantic error (from `ValidationError.errors()`) in an author's words."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    field = path[-1] if path else ""
    if kind in _MISSING:
        return f"the required key {field!r} is missing"
    if kind in _UNKNOWN_KEY:
        model = model_at(path[:-1], data)
        allowed = sorted(item.name for item in dataclasses.fields(model)) if model else []
        guess = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
        hint = (
            f" (did you mean {guess[0]!r}?)"
            if guess
            else (f" (allowed: {', '.join(allowed)})" if allowed else "")
        )
        return f"unknown key {field!r}{hint}"
    if kind in ("string_type", "str_type"):
        if isinstance(value, bool | int | float) or _is_date(value):
            return f"this is read as {describe_value(value)}; put the text in quotes"
        if value is None:
            return "this is empty; write the text after the colon (or remove the key if it is optional)"
        return f"expected text, found {describe_value(value)}"
    if kind == "bool_type":
        return f"expected true or false, found {describe_value(value)} {value!r}"
    if kind == "string_too_short":
        return "this is empty; write some text (or remove the key if it is optional)"
    if kind == "string_too_long":
        if field == "id":
            return _id_rule(path, f"is {len(str(value))} characters long")
        return f"this is {len(str(value))} characters long; at most {ctx.get('max_length')} are allowed"
    if kind == "string_pattern_mismatch":
        if field == "id":
            return _id_rule(path, f"{value!r} is not a valid id")
        if field == "image":
            return (
                f"{value!r} is neither a web address nor a picture file name: write a link starting with "
                "http:// or https:// (no spaces), or the name of a .png, .jpg, .jpeg, .gif or .webp file of "
                "the deck's media folder (no folders in the name)"
            )
        if field == "audio":
            return (
                f"{value!r} is not a sound file name: write the name of a .mp3, .ogg, .wav, .m4a or .opus file "
                "of the deck's media folder (letters, digits, - and _, no folders in the name)"
            )
        return f"{value!r} doesn't have the expected form"
    if kind == "literal_error" and field == "level":
        return f"{value!r} is not a level: use {', '.join(LEVELS)}"
    if kind == "union_tag_invalid":
        return f"{ctx.get('tag')!r} is not a card kind: use {', '.join(KINDS)}"
    if kind == "union_tag_not_found":
        if isinstance(value, dict):
            return f"the required key 'kind' is missing: use {', '.join(KINDS)}"
        return f"a card must be a mapping of keys (id, kind, level, ...), found {describe_value(value)}"
    if kind in _NOT_A_MAPPING:
        return f"expected a mapping of keys (key: value), found {describe_value(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {describe_value(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        noun, advice = _TOO_MANY.get(str(field), ("items", ""))
        return f"may have at most {_count(ctx.get('max_length'))} {noun}, found {_count(ctx.get('actual_length'))}{advice}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


# Lists with a size limit (bot.core.limits): what they hold, and what an author can do about too many.
_TOO_MANY = {
    "cards": ("cards", "; split the deck into two files with different ids"),
    "concepts": ("concepts", "; merge close ideas, or split the question into two cards"),
    "keywords": ("keywords", "; keep the words that answers really use"),
    "requires": ("words", "; keep the few words that show the role"),
    "not_with": ("words", "; keep the few words that reverse the role"),
    "misconceptions": ("misconceptions", "; keep the ones members really state"),
    "triggers": ("triggers", "; keep the phrasings members really use"),
}


def _count(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def describe_value(value: object) -> str:
    """How YAML read a value, for messages such as "this is read as a boolean"."""
    if isinstance(value, bool):
        return "a boolean (yes/no/true/false/on/off)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    if value is None:
        return "empty (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    return "text"


def _id_rule(path: Location, what: str) -> str:
    limit = DECK_ID_MAX if path == ("id",) else CARD_ID_MAX
    noun = "a deck id" if path == ("id",) else "a card id"
    return f"{what}: {noun} uses {_ID_CHARACTERS}, at most {limit} characters"


def _is_date(value: object) -> bool:
    return isinstance(value, datetime.date)
