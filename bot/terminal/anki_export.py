"""`python -m bot content export DECK --to deck.apkg`: a deck as an Anki package, its media included.

DECK is a deck file, or a deck id among the decks of the content folder (`RECALL_CONTENT_DIR`, default
`content/`), found as `content check` loads them. The deck's local pictures and sounds are read from
its media folder (`NAME.media/` beside `NAME.yaml`; the parts of a split import share it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.terminal.grade import CommandError, content_dir

EXIT_OK = 0
EXIT_PROBLEMS = 2


def find_deck_file(reference: str) -> tuple[Path, object]:
    """(the deck's file, the loaded deck), by path or by id among the content folder's decks."""
    from bot.content.loader import load_deck_file, load_decks

    path = Path(reference)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise CommandError(f"no deck file at {reference}")
        loaded = load_deck_file(path)
        if loaded.deck is None:
            raise CommandError("the deck has errors:\n" + "\n".join(f"  {problem}" for problem in loaded.problems))
        return path, loaded.deck
    folder = content_dir()
    if not folder.is_dir():
        raise CommandError(f"no content folder at {folder} (set RECALL_CONTENT_DIR, or give a deck file path)")
    content = load_decks([folder])
    deck = content.decks.get(reference)
    if deck is None:
        known = ", ".join(sorted(content.decks)) or "none"
        raise CommandError(f"no deck {reference!r} in {folder} (decks: {known})")
    return Path(content.files[reference]), deck


def run(reference: str, target: Path, force: bool) -> int:
    from bot.content.anki_notes import PackagePlan, add_deck
    from bot.content.anki_package import write_package
    from bot.content.media import media_folder_of
    from bot.core.deck import Deck

    if target.exists() and not force:
        print(f"{target} already exists; pass --force to replace it", file=sys.stderr)
        return EXIT_PROBLEMS
    if not target.parent.is_dir():
        print(f"the folder {target.parent} doesn't exist", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        path, deck = find_deck_file(reference)
    except CommandError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    assert isinstance(deck, Deck)
    started = time.perf_counter()
    plan = PackagePlan()
    add_deck(plan, deck, media_folder=media_folder_of(path))
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as out:
            write_package(plan, out)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        print(f"can't write {target}: {error.strerror or error}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in plan.warnings:
        print(f"{warning} (warning)", file=sys.stderr)
    seconds = time.perf_counter() - started
    media = f", {len(plan.media)} media file(s)" if plan.media else ""
    print(f"exported {plan.note_count} cards of deck {deck.id!r}{media} to {target} "
          f"({target.stat().st_size:,} bytes, {seconds:.2f} s)")
    return EXIT_OK
