"""Cards too many for one deck file become several decks: NAME-1.yaml, NAME-2.yaml, ...

At most MAX_CARDS_PER_SPLIT cards each (the issue's rule, well under the loader's 2,000), in even parts
in the source's order; a part whose YAML is still over the loader's file limits (size, number of values)
is halved until it fits. Each file is checked by the same loader `content check` uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.importers.cards import ImportFailure, assemble_deck
from bot.content.importers.text import shorten
from bot.content.importers.yamlout import deck_to_yaml
from bot.content.loader import load_deck_text
from bot.content.yamlread import MAX_FILE_BYTES
from bot.core.deck import DECK_ID_MAX, Deck

MAX_CARDS_PER_SPLIT = 1000
FILE_BYTES_TARGET = MAX_FILE_BYTES - 16 * 1024  # room for the header comment


@dataclass
class DeckFile:
    path: str  # where to write it (the output name, or NAME-<n>.yaml beside it)
    deck: Deck
    yaml_text: str
    warnings: list[str]


def part_name(output_name: str, number: int) -> str:
    path = Path(output_name)
    return str(path.with_name(f"{path.stem}-{number}{path.suffix or '.yaml'}"))


def part_id(deck_id: str, number: int) -> str:
    suffix = f"-{number}"
    return deck_id[: DECK_ID_MAX - len(suffix)].rstrip("-") + suffix


def split_decks(
    cards: list[dict[str, Any]],
    *,
    output_name: str,
    deck_id: str,
    title: str,
    description: str | None,
    about: list[str],
) -> list[DeckFile]:
    count = max(1, math.ceil(len(cards) / MAX_CARDS_PER_SPLIT))
    parts = [cards[len(cards) * i // count : len(cards) * (i + 1) // count] for i in range(count)]
    while True:
        files, too_big = _render(parts, output_name, deck_id, title, description, about)
        if not too_big:
            return files
        parts = [half for index, part in enumerate(parts) for half in (
            (part[: len(part) // 2], part[len(part) // 2 :]) if index in too_big else (part,)
        )]


def _render(
    parts: list[list[dict[str, Any]]],
    output_name: str,
    deck_id: str,
    title: str,
    description: str | None,
    about: list[str],
) -> tuple[list[DeckFile], set[int]]:
    """Every part as a checked file, and the indexes of parts over the file limits (to halve)."""
    single = len(parts) == 1
    files: list[DeckFile] = []
    too_big: set[int] = set()
    for index, part in enumerate(parts):
        number = index + 1
        name = output_name if single else part_name(output_name, number)
        deck = assemble_deck(
            part,
            deck_id=deck_id if single else part_id(deck_id, number),
            title=title if single else f"{shorten(title, 88)} ({number} of {len(parts)})",
            description=description,
        )
        lines = about if single else [
            *about, f"Part {number} of {len(parts)} (split: at most {MAX_CARDS_PER_SPLIT} cards a deck)."]  # i18n: not shown (a comment in the deck file)
        text = deck_to_yaml(deck, lines)
        if len(text.encode("utf-8")) > FILE_BYTES_TARGET and len(part) > 1:
            too_big.add(index)
            continue
        check = load_deck_text(text, name, media="unchecked")  # each media file was checked as it was staged
        if check.deck is None:
            if len(part) > 1:
                too_big.add(index)
                continue
            raise ImportFailure([problem.marked() for problem in check.errors])
        warnings: list[str] = [problem.marked() for problem in check.problems if problem.severity == "warning"]
        files.append(DeckFile(name, deck, text, warnings))
    return files, too_big
