"""Reads deck files into core models, with every problem named by file, line and field.

A deck with any error is not loaded at all (nothing half-loaded); other decks still are. Warnings
(e.g. an option too long for a native poll) are reported but don't block a deck.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content.media import check_deck_media, media_folder_of, uses_media_files
from bot.content.messages import author_message, data_location, format_location
from bot.content.validation import ValidationError, validate_deck
from bot.content.yamlread import YamlDocument, read_yaml_bytes, read_yaml_file
from bot.core.deck import Deck, deck_warnings
from bot.core.messages import N_, Marked

DECK_SUFFIXES = (".yaml", ".yml")
MAX_PROBLEMS_PER_FILE = 200


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str  # a `Marked` text where the bot wrote it (translated where it is shown)
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return str.__str__(self.marked())

    def marked(self) -> Marked:
        """The whole line ("file:line field: message"), its message translatable (`say_marked(line)`)."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        message = self.message if isinstance(self.message, Marked) else Marked("{text}", text=self.message)
        if self.field:
            return Marked("{where} {field}: {message}", where=where, field=self.field, message=message)
        return Marked("{where}: {message}", where=where, message=message)


@dataclass
class DeckLoad:
    path: Path
    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)
    id_line: int | None = None  # where the deck's id is written, for duplicate-id messages
    media_folder: Path | None = None  # where its cards' pictures and sounds are (bot.content.media)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class ContentLoad:
    decks: dict[str, Deck] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # deck id -> the file it came from
    media: dict[str, Path] = field(default_factory=dict)  # deck id -> its media folder, if its cards use one

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_deck_file(path: Path) -> DeckLoad:
    """Read and validate one deck file; `deck` is None if anything in it is an error. The files its
    cards name are checked in its media folder."""
    return _validate(path, read_yaml_file(path), media=media_folder_of(path) or "none")


def load_deck_text(text: str, name: str = "<deck>", *, media: str = "uploaded") -> DeckLoad:
    """Validate deck YAML that is not (yet) a file. `media`: "uploaded" (a /deck upload: no media files
    allowed), or "unchecked" (an importer's output, whose media files it checked as it staged them)."""
    return _validate(Path(name), read_yaml_bytes(text.encode("utf-8")), media=media)


def load_decks(paths: list[Path]) -> ContentLoad:
    """Load every deck file under `paths` (files or folders); a deck with errors is left out.

    When two files declare the same deck id, the first (in the order given, folders sorted by name)
    is kept and the later one is refused with a message naming both.
    """
    result = ContentLoad()
    for file in deck_files(paths, result.problems):
        loaded = load_deck_file(file)
        result.problems.extend(loaded.problems)
        if loaded.deck is None:
            continue
        deck_id = loaded.deck.id
        if deck_id in result.decks:
            result.problems.append(
                Problem(
                    str(file),
                    loaded.id_line,
                    "id",
                    Marked(N_("the deck id {deck} is already used by {file}; this file is not loaded"),
                           deck=repr(deck_id), file=str(result.files[deck_id])),
                )
            )
            continue
        result.decks[deck_id] = loaded.deck
        result.files[deck_id] = file
        if loaded.media_folder is not None:
            result.media[deck_id] = loaded.media_folder
    return result


def deck_files(paths: list[Path], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in DECK_SUFFIXES and p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, "", Marked(N_("no such file or folder"))))
    return files


def _validate(path: Path, document: YamlDocument, *, media: Path | str) -> DeckLoad:
    name = str(path)
    problems = [
        Problem(name, issue.line, format_location(issue.path), issue.message) for issue in document.issues
    ]
    data = document.data
    if data is None:
        if not problems:
            problems.append(Problem(name, None, "", Marked(N_("the file is empty"))))
        return DeckLoad(path, None, problems)
    id_line = document.lines.get(("id",))
    duplicate_ids = _duplicate_card_ids(document)
    problems.extend(
        Problem(name, line, format_location(loc), message) for loc, line, message in duplicate_ids
    )
    try:
        deck = validate_deck(data)
    except ValidationError as error:
        reported = {issue.path for issue in document.issues}
        for item in error.errors():
            loc = data_location(item["loc"], data)
            twice = "is used twice in this deck"  # i18n: not shown (the core's English words, matched)
            if loc in reported or (duplicate_ids and twice in item["msg"]):
                continue
            line = document.line_of(loc)
            problems.append(Problem(name, line, format_location(loc), author_message(dict(item), loc, data)))
        return DeckLoad(path, None, _ordered(problems), id_line)
    if problems:
        return DeckLoad(path, None, _ordered(problems), id_line)
    folder = media if isinstance(media, Path) else None
    if media != "unchecked":
        problems = [Problem(name, document.line_of(p.path), format_location(p.path), p.message)
                    for p in check_deck_media(deck, folder, uploaded=media == "uploaded")]
        if problems:
            return DeckLoad(path, None, problems, id_line)
    warnings = [
        Problem(name, document.line_of(w.path), format_location(w.path), w.message, "warning")
        for w in deck_warnings(deck)
    ]
    used = folder is not None and any(uses_media_files(card) for card in deck.cards)
    return DeckLoad(path, deck, warnings, id_line, folder.resolve() if folder is not None and used else None)


def _duplicate_card_ids(document: YamlDocument) -> list[tuple[tuple[Any, ...], int | None, Marked]]:
    cards = document.data.get("cards") if isinstance(document.data, dict) else None
    if not isinstance(cards, list):
        return []
    first_line: dict[str, int | None] = {}
    found = []
    for index, card in enumerate(cards):
        card_id = card.get("id") if isinstance(card, dict) else None
        if not isinstance(card_id, str):
            continue
        loc = ("cards", index, "id")
        if card_id in first_line:
            message = Marked(N_("the card id {card} is used twice in this deck (first at line {line})"),
                             card=repr(card_id), line=str(first_line[card_id]))
            found.append((loc, document.line_of(loc), message))
        else:
            first_line[card_id] = document.line_of(loc)
    return found


def _ordered(problems: list[Problem]) -> list[Problem]:
    """By line; after MAX_PROBLEMS_PER_FILE the rest are counted, not listed (a file that bad needs a look)."""
    ordered = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
    if len(ordered) <= MAX_PROBLEMS_PER_FILE:
        return ordered
    hidden = len(ordered) - MAX_PROBLEMS_PER_FILE
    last = ordered[MAX_PROBLEMS_PER_FILE - 1]
    summary = Problem(last.file, None, "", Marked(N_("{count} more problems not shown; fix the ones above first"),
                                                  count=str(hidden)))
    return [*ordered[:MAX_PROBLEMS_PER_FILE], summary]
