"""Importers: Anki packages and text exports, Quizlet exports, plain CSV and Red-DiscordBot trivia lists.

`import_deck` reads a file, recognises its format (unless told), turns it into a deck, and returns
the YAML to write, already checked by the same loader `content check` uses. An Anki package may give
several decks (`files`, split at 1,000 cards) and media files (`media`, staged until installed).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.importers.anki import is_anki_export, parse_anki
from bot.content.importers.apkg_media import MediaStage
from bot.content.importers.apkg_zip import looks_like_zip
from bot.content.importers.cards import (
    ImportFailure,
    ParsedSource,
    build_cards,
    build_deck,
    check_deck_id,
    default_deck_id,
)
from bot.content.importers.csvfile import csv_header, parse_csv
from bot.content.importers.progress import Progress
from bot.content.importers.quizlet import parse_quizlet
from bot.content.importers.red import is_red_trivia, parse_red
from bot.content.importers.split import DeckFile, split_decks
from bot.content.importers.yamlout import deck_to_yaml
from bot.content.loader import load_deck_text
from bot.content.yamlread import read_yaml_bytes
from bot.core.deck import Deck
from bot.core.messages import N_, Marked

FORMATS = ("apkg", "anki", "quizlet", "csv", "red")
MAX_SOURCE_BYTES = 50 * 1024 * 1024
PACKAGE_SUFFIXES = (".apkg", ".colpkg")

__all__ = ["FORMATS", "DeckFile", "ImportFailure", "ImportedDeck", "detect_format", "import_deck"]


@dataclass
class ImportedDeck:
    deck: Deck
    yaml_text: str
    format: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[DeckFile] = field(default_factory=list)  # every deck file to write (several when split)
    media: MediaStage | None = None  # the package's media, to install beside the decks (or discard)

    def __post_init__(self) -> None:
        if not self.files:
            self.files = [DeckFile("", self.deck, self.yaml_text, self.warnings)]


def import_deck(
    source_path: Path,
    *,
    output_name: str,
    format: str | None = None,
    deck_id: str | None = None,
    title: str | None = None,
    level: str = "beginner",
    progress: bool = True,
    media_on_cards: bool = True,
) -> ImportedDeck:
    """Convert `source_path` into a deck; raises ImportFailure with every problem found. `media_on_cards`
    false: a package's pictures and sounds are not named on the cards (an upload keeps no media)."""
    by_name = source_path.suffix.lower() in PACKAGE_SUFFIXES
    if format == "apkg" or (format is None and (by_name or looks_like_zip(_read_head(source_path)))):
        return _import_package(source_path, output_name, deck_id, title, level, progress, media_on_cards)
    raw = _read_source(source_path)
    chosen = format or detect_format(source_path, raw)
    name = str(source_path)
    if chosen == "red":
        parsed = parse_red(raw, name)
    else:
        text = _decode(raw, name)
        parsed = {"anki": parse_anki, "quizlet": parse_quizlet, "csv": parse_csv}[chosen](text, name)
    final_id = check_deck_id(deck_id) if deck_id else default_deck_id(Path(output_name).stem)
    final_title = title or parsed.title or _title_from(source_path)
    meter = Progress(len(parsed.drafts), f"Importing {source_path.name}") if progress else None
    try:
        deck = build_deck(
            parsed,
            deck_id=final_id,
            title=final_title,
            default_level=level,
            source_name=name,
            advance=meter.advance if meter else (lambda: None),
        )
    finally:
        if meter:
            meter.close()
    about = [
        f"Imported from {source_path.name} ({chosen} format) by `python -m bot content import`.",  # i18n: not shown (a comment in the deck file)
        *parsed.about,
    ]
    yaml_text = deck_to_yaml(deck, about)
    check = load_deck_text(yaml_text, output_name)
    if check.deck is None:
        raise ImportFailure([problem.marked() for problem in check.errors])
    warnings: list[str] = [problem.marked() for problem in check.problems if problem.severity == "warning"]
    return ImportedDeck(deck, yaml_text, chosen, parsed.notes, warnings, [DeckFile(output_name, deck, yaml_text, warnings)])


def _import_package(
    source_path: Path, output_name: str, deck_id: str | None, title: str | None, level: str, progress: bool,
    media_on_cards: bool = True,
) -> ImportedDeck:
    """An Anki package: one deck, or several of at most 1,000 cards; its media staged, not yet written."""
    from bot.content.importers.apkg import parse_apkg

    package = parse_apkg(source_path, str(source_path), progress=progress, media_on_cards=media_on_cards)
    try:
        parsed: ParsedSource = package.parsed
        meter = Progress(len(parsed.drafts), N_("Checking cards")) if progress else None
        try:
            cards = build_cards(parsed, default_level=level, source_name=str(source_path),
                                advance=meter.advance if meter else (lambda: None))
        finally:
            if meter:
                meter.close()
        about = [f"Imported from {source_path.name} (Anki package) by `python -m bot content import`."]  # i18n: not shown (a comment in the deck file)
        if package.media.names:
            about.append(f"Its media files are in {Path(output_name).stem}.media/ (named by their sha256).")  # i18n: not shown (a comment in the deck file)
        files = split_decks(
            cards,
            output_name=output_name,
            deck_id=check_deck_id(deck_id) if deck_id else default_deck_id(Path(output_name).stem),
            title=title or parsed.title or _title_from(source_path),
            description=parsed.description,
            about=about,
        )
    except BaseException:
        package.media.discard()
        raise
    warnings = package.warnings + [warning for file in files for warning in file.warnings]
    first = files[0]
    return ImportedDeck(first.deck, first.yaml_text, "apkg", parsed.notes, warnings, files, package.media)


def detect_format(path: Path, raw: bytes) -> str:
    """Guess the format from the file's name and first lines; raise ImportFailure if unsure."""
    suffix = path.suffix.lower()
    if looks_like_zip(raw[:4]):
        return "apkg"
    if suffix in (".yaml", ".yml"):
        return "red"
    text = _decode(raw[:65536], str(path), partial=True)
    if is_anki_export(text):
        return "anki"
    header = csv_header(text)
    if "front" in header and "back" in header:
        return "csv"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first:
        return "quizlet"
    if suffix not in (".txt", ".csv", ".tsv") and is_red_trivia(
        read_yaml_bytes(raw, strings_only=True, allow_tabs=True).data
    ):
        return "red"
    raise ImportFailure([Marked(N_("{file}: can't tell the format; pass --format with one of {formats}"), file=str(path),
                                formats=", ".join(FORMATS))])


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(4)
    except OSError as error:
        raise ImportFailure([_unreadable(path, error)]) from error


def _unreadable(path: Path, error: OSError) -> Marked:
    return Marked(N_("{file}: can't read the file: {reason}"), file=str(path), reason=str(error.strerror or error))


def _read_source(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise ImportFailure([Marked(N_("{file}: the file is larger than {limit} MB"), file=str(path),
                                        limit=MAX_SOURCE_BYTES // (1024 * 1024))])
        with path.open("rb") as stream:
            return stream.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        raise ImportFailure([_unreadable(path, error)]) from error


def _decode(raw: bytes, name: str, partial: bool = False) -> str:
    """UTF-8 (with or without a byte order mark), or UTF-16 when it starts with its byte order mark."""
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16", errors="ignore" if partial else "strict")
        return raw.decode("utf-8-sig", errors="ignore" if partial else "strict")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFailure([Marked(N_("{where}: the file is not UTF-8 text; save it as UTF-8"),
                                    where=f"{name}:{line}")]) from error


def _title_from(path: Path) -> str:
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "Imported deck"  # i18n: not shown (deck content: a title written into the file)
