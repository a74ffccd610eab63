"""Reads deck files into core models.

Interim version (plain yaml.safe_load + validation); the content work hardens it with line numbers,
limits and author-friendly messages behind the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.core.deck import Deck


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class DeckLoad:
    path: Path
    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ContentLoad:
    decks: dict[str, Deck] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_deck_file(path: Path) -> DeckLoad:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return DeckLoad(path, Deck.model_validate(data))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError) as error:
        return DeckLoad(path, None, [Problem(str(path), None, "", str(error))])


def load_decks(paths: list[Path]) -> ContentLoad:
    """Load every deck file under `paths` (files or folders); a deck with errors is left out."""
    result = ContentLoad()
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    for file in files:
        loaded = load_deck_file(file)
        result.problems.extend(loaded.problems)
        if loaded.deck is None:
            continue
        if loaded.deck.id in result.decks:
            result.problems.append(Problem(str(file), None, "id", f"deck id {loaded.deck.id!r} is used twice"))
            continue
        result.decks[loaded.deck.id] = loaded.deck
    return result
