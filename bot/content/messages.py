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
from bot.core.messages import N_, Marked

_CARD_MODELS: dict[str, type[Any]] = {"flashcard": Flashcard, "choice": ChoiceCard, "open": OpenCard,
                                      "cloze": ClozeCard}

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


def author_message(error: dict[str, Any], path: Location, data: Any) -> Marked:
    """One pydantic error (from `ValidationError.errors()`) in an author's words.

    The kinds an author meets are ours (marked for translation); a rare kind keeps pydantic's English
    words (`error["msg"]`), shown as is in every language."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    field = path[-1] if path else ""
    if kind in _MISSING:
        return Marked(N_("the required key {key} is missing"), key=repr(field))
    if kind in _UNKNOWN_KEY:
        model = model_at(path[:-1], data)
        allowed = sorted(item.name for item in dataclasses.fields(model)) if model else []
        guess = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
        if guess:
            return Marked(N_("unknown key {key} (did you mean {guess}?)"), key=repr(field), guess=repr(guess[0]))
        if allowed:
            return Marked(N_("unknown key {key} (allowed: {allowed})"), key=repr(field), allowed=", ".join(allowed))
        return Marked(N_("unknown key {key}"), key=repr(field))
    if kind in ("string_type", "str_type"):
        if isinstance(value, bool | int | float) or _is_date(value):
            return Marked(N_("this is read as {what}; put the text in quotes"), what=describe_value(value))
        if value is None:
            return Marked(N_("this is empty; write the text after the colon (or remove the key if it is optional)"))
        return Marked(N_("expected text, found {what}"), what=describe_value(value))
    if kind == "bool_type":
        return Marked(N_("expected true or false, found {what} {value}"), what=describe_value(value),
                      value=repr(value))
    if kind == "string_too_short":
        return Marked(N_("this is empty; write some text (or remove the key if it is optional)"))
    if kind == "string_too_long":
        if field == "id":
            return _id_rule(path, too_long=len(str(value)))
        return Marked(N_("this is {length} characters long; at most {limit} are allowed"),
                      length=str(len(str(value))), limit=str(ctx.get("max_length")))
    if kind == "string_pattern_mismatch":
        if field == "id":
            return _id_rule(path, invalid=repr(value))
        if field == "image":
            return Marked(N_(
                "{value} is neither a web address nor a picture file name: write a link starting with "
                "http:// or https:// (no spaces), or the name of a .png, .jpg, .jpeg, .gif or .webp file of "
                "the deck's media folder (no folders in the name)"), value=repr(value))
        if field == "audio":
            return Marked(N_(
                "{value} is not a sound file name: write the name of a .mp3, .ogg, .wav, .m4a or .opus file "
                "of the deck's media folder (letters, digits, - and _, no folders in the name)"), value=repr(value))
        return Marked(N_("{value} doesn't have the expected form"), value=repr(value))
    if kind == "literal_error" and field == "level":
        return Marked(N_("{value} is not a level: use {levels}"), value=repr(value), levels=", ".join(LEVELS))
    if kind == "union_tag_invalid":
        return Marked(N_("{kind} is not a card kind: use {kinds}"), kind=repr(ctx.get("tag")), kinds=", ".join(KINDS))
    if kind == "union_tag_not_found":
        if isinstance(value, dict):
            return Marked(N_("the required key 'kind' is missing: use {kinds}"), kinds=", ".join(KINDS))
        return Marked(N_("a card must be a mapping of keys (id, kind, level, ...), found {what}"),
                      what=describe_value(value))
    if kind in _NOT_A_MAPPING:
        return Marked(N_("expected a mapping of keys (key: value), found {what}"), what=describe_value(value))
    if kind == "list_type":
        return Marked(N_("expected a list (lines starting with '- '), found {what}"), what=describe_value(value))
    if kind == "too_short":
        return Marked(N_("needs at least {least} item(s), found {found}"), least=str(ctx.get("min_length")),
                      found=str(ctx.get("actual_length", 0)))
    if kind == "too_long":
        return _too_many(str(field), _count(ctx.get("max_length")), _count(ctx.get("actual_length")))
    if kind == "value_error":
        reason = ctx.get("error")
        if isinstance(reason, ValueError) and isinstance(reason.args[0] if reason.args else None, Marked):
            return reason.args[0]  # a rule of the core, marked where it is written
        return Marked("{text}", text=str(reason if reason is not None else error["msg"]))
    return Marked("{text}", text=str(error["msg"]))  # a rare kind: pydantic's English words


# Lists with a size limit (bot.core.limits): what they hold, and what an author can do about too many.
TOO_MANY = {
    "cards": N_("may have at most {limit} cards, found {found}; split the deck into two files with different ids"),
    "concepts": N_("may have at most {limit} concepts, found {found}; merge close ideas, or split the question "
                   "into two cards"),
    "keywords": N_("may have at most {limit} keywords, found {found}; keep the words that answers really use"),
    "requires": N_("may have at most {limit} words, found {found}; keep the few words that show the role"),
    "not_with": N_("may have at most {limit} words, found {found}; keep the few words that reverse the role"),
    "misconceptions": N_("may have at most {limit} misconceptions, found {found}; keep the ones members really "
                         "state"),
    "triggers": N_("may have at most {limit} triggers, found {found}; keep the phrasings members really use"),
}
TOO_MANY_ITEMS = N_("may have at most {limit} items, found {found}")


def _too_many(field: str, limit: str, found: str) -> Marked:
    return Marked(TOO_MANY.get(field, TOO_MANY_ITEMS), limit=limit, found=found)


def _count(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def describe_value(value: object) -> Marked:
    """How YAML read a value, for messages such as "this is read as a boolean"."""
    if isinstance(value, bool):
        return Marked(N_("a boolean (yes/no/true/false/on/off)"))
    if isinstance(value, int | float):
        return Marked(N_("a number"))
    if isinstance(value, datetime.date):
        return Marked(N_("a date"))
    if value is None:
        return Marked(N_("empty (null)"))
    if isinstance(value, list):
        return Marked(N_("a list"))
    if isinstance(value, dict):
        return Marked(N_("a mapping (key: value)"))
    return Marked(N_("text"))


def _id_rule(path: Location, *, too_long: int | None = None, invalid: str = "") -> Marked:
    """An id that is too long or has other characters: the rule for a deck's or a card's id."""
    deck = path == ("id",)
    limit = DECK_ID_MAX if deck else CARD_ID_MAX
    if too_long is not None and deck:
        return Marked(N_("is {length} characters long: a deck id uses lowercase letters a-z, digits 0-9 and "
                         "hyphens (not first or last), at most {limit} characters"), length=str(too_long), limit=limit)
    if too_long is not None:
        return Marked(N_("is {length} characters long: a card id uses lowercase letters a-z, digits 0-9 and "
                         "hyphens (not first or last), at most {limit} characters"), length=str(too_long), limit=limit)
    if deck:
        return Marked(N_("{value} is not a valid id: a deck id uses lowercase letters a-z, digits 0-9 and "
                         "hyphens (not first or last), at most {limit} characters"), value=invalid, limit=limit)
    return Marked(N_("{value} is not a valid id: a card id uses lowercase letters a-z, digits 0-9 and "
                     "hyphens (not first or last), at most {limit} characters"), value=invalid, limit=limit)


def _is_date(value: object) -> bool:
    return isinstance(value, datetime.date)
