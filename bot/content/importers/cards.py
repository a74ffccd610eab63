"""What every importer produces (card drafts) and how drafts become a validated deck."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.content.importers.text import IdMaker, shorten, slugify
from bot.content.messages import author_message, data_location, format_location
from bot.content.validation import ValidationError, validate_card, validate_deck
from bot.core.deck import CARD_ID_MAX, DECK_ID_MAX, LEVELS, SLUG_PATTERN, Deck
from bot.core.messages import N_, Marked

LONG_TEXT_MAX = 2000
FIELD_TEXT_MAX = 1024
NAME_MAX = 100
TAG_MAX = 40


class ImportFailure(Exception):
    """The source can't become a deck; `problems` are lines for the user (nothing is written)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class CardDraft:
    kind: str
    id_text: str  # the text the card's id is made from
    body: dict[str, Any]  # the kind's own fields (front/back, prompt/concepts/...)
    line: int | None = None  # where the card is in the source, for messages
    level: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    audio: str | None = None  # a sound file of the deck's media folder


@dataclass
class ParsedSource:
    drafts: list[CardDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    about: list[str] = field(default_factory=list)  # comment lines for the top of the YAML file


class Fitter:
    """Shortens texts to the deck format's limits and remembers what it had to shorten."""

    def __init__(self, source_name: str, notes: list[str]) -> None:
        self.source_name = source_name
        self.notes = notes

    def __call__(self, text: str, limit: int, line: int | None, what: str) -> str:
        if len(text) > limit:
            self.notes.append(Marked(N_("{where}: {what} shortened to {limit} characters"),
                                     where=f"{self.source_name}:{line}", what=what, limit=limit))
            return shorten(text, limit)
        return text


def check_deck_id(deck_id: str) -> str:
    if len(deck_id) > DECK_ID_MAX or not re.match(SLUG_PATTERN, deck_id):
        raise ImportFailure(
            [Marked(N_("{deck} can't be a deck id: use lowercase letters a-z, digits 0-9 and hyphens (not first or "
                       "last), at most {limit} characters"), deck=repr(deck_id), limit=DECK_ID_MAX)]
        )
    return deck_id


def default_deck_id(name: str) -> str:
    return slugify(name, DECK_ID_MAX) or "imported-deck"


def build_deck(
    source: ParsedSource,
    *,
    deck_id: str,
    title: str,
    default_level: str,
    source_name: str,
    advance: Callable[[], None] = lambda: None,
) -> Deck:
    """Give drafts ids and levels, validate every card (all problems at once), and make the deck."""
    cards = build_cards(source, default_level=default_level, source_name=source_name, advance=advance)
    return assemble_deck(cards, deck_id=deck_id, title=title, description=source.description)


def build_cards(
    source: ParsedSource,
    *,
    default_level: str,
    source_name: str,
    advance: Callable[[], None] = lambda: None,
) -> list[dict[str, Any]]:
    """The drafts as card mappings with unique ids and levels, each validated (all problems at once)."""
    if default_level not in LEVELS:
        raise ImportFailure([Marked(N_("{value} is not a level: use {levels}"), value=repr(default_level),
                                    levels=", ".join(LEVELS))])
    if not source.drafts:
        raise ImportFailure([Marked(N_("{file}: no cards found to import"), file=source_name)])
    ids = IdMaker(CARD_ID_MAX)
    cards: list[dict[str, Any]] = []
    problems: list[str] = []
    for draft in source.drafts:
        card: dict[str, Any] = {"id": ids.make(draft.id_text), "kind": draft.kind}
        card["level"] = draft.level or default_level
        tags = list(dict.fromkeys(shorten(tag, TAG_MAX) for tag in draft.tags if tag.strip()))
        if tags:
            card["tags"] = tags
        if draft.image:
            card["image"] = draft.image
        if draft.audio:
            card["audio"] = draft.audio
        card.update(draft.body)
        try:
            validate_card(card)
        except ValidationError as error:
            for item in error.errors():
                loc = data_location(item["loc"], card)
                where = f"{source_name}:{draft.line}" if draft.line else source_name
                problems.append(Marked("{where} {field}: {message}", where=where, field=format_location(loc),
                                       message=author_message(dict(item), loc, card)))
        cards.append(card)
        advance()
    if problems:
        raise ImportFailure(problems)
    return cards


def assemble_deck(cards: list[dict[str, Any]], *, deck_id: str, title: str, description: str | None) -> Deck:
    deck_data: dict[str, Any] = {"id": deck_id, "title": shorten(title, NAME_MAX)}
    if description:
        deck_data["description"] = shorten(description, FIELD_TEXT_MAX)
    deck_data["cards"] = cards
    try:
        return validate_deck(deck_data)
    except ValidationError as error:
        raise ImportFailure(
            [Marked("{field}: {message}", field=format_location(data_location(e["loc"], deck_data)), message=e["msg"])
             for e in error.errors()]
        ) from error
