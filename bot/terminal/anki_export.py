"""`python -m bot content export DECK --to deck.apkg`: a deck as an Anki package, its media included.

DECK is a deck file, or a deck id among the decks of the content folder (`RECALL_CONTENT_DIR`, default
`content/`), found as `content check` loads them. The deck's local pictures and sounds are read from
its media folder (`NAME.media/` beside `NAME.yaml`; the parts of a split import share it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.i18n.voice import say
from bot.terminal.grade import CommandError, find_deck_file
from bot.terminal.wording import fixed, text_of

EXIT_OK = 0
EXIT_PROBLEMS = 2


def run(reference: str, target: Path, force: bool) -> int:
    from bot.content.anki_notes import PackagePlan, add_deck
    from bot.content.anki_package import write_package
    from bot.content.media import media_folder_of
    from bot.core.deck import Deck

    if target.exists() and not force:
        print(say("{target} already exists; pass --force to replace it", target=target), file=sys.stderr)
        return EXIT_PROBLEMS
    if not target.parent.is_dir():
        print(say("the folder {folder} doesn't exist", folder=target.parent), file=sys.stderr)
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
        print(say("can't write {target}: {reason}; nothing written", target=target, reason=error.strerror or error),
              file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in plan.warnings:
        print(say("{problem} (warning)", problem=text_of(warning)), file=sys.stderr)
    seconds = fixed(time.perf_counter() - started, 2)
    size = target.stat().st_size
    if plan.media:
        print(say("exported {cards} cards of deck {deck}, {media} media file(s) to {target} ({size} bytes, {seconds} s)",
                  cards=plan.note_count, deck=repr(deck.id), media=len(plan.media), target=target, size=size,
                  seconds=seconds))
    else:
        print(say("exported {cards} cards of deck {deck} to {target} ({size} bytes, {seconds} s)",
                  cards=plan.note_count, deck=repr(deck.id), target=target, size=size, seconds=seconds))
    return EXIT_OK
