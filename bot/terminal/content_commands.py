"""`python -m bot content ...`: check, lint, show, import and export decks, print the editors' JSON Schema, suggest
concepts, show how a card's keywords do on sample answers (coverage).

The terminal side of `bot/content` (which reads and imports deck files and knows nothing of the terminal).
Nothing here imports discord: these commands run in CI and on an author's laptop.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from bot.i18n.voice import say, say_n
from bot.terminal.wording import problem_line, text_of

if TYPE_CHECKING:
    from bot.content.importers import ImportedDeck

DEFAULT_CONTENT_DIR = Path("content")
EXIT_OK = 0
EXIT_PROBLEMS = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("content", help="check, show and import decks")
    commands = parser.add_subparsers(dest="content_command", metavar="SUBCOMMAND", required=True)

    check = commands.add_parser("check", help="validate deck files (exit 0 if none has errors, else 2)")
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="deck files or folders (default: content/)"
    )
    check.set_defaults(handler=run_check)

    lint = commands.add_parser(
        "lint", help="warn about keywords that grade badly (exit 0 with warnings only, 2 on errors)"
    )
    lint.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="deck files or folders (default: content/)"
    )
    lint.set_defaults(handler=run_lint)

    coverage = commands.add_parser(
        "coverage", help="grade a file of sample answers: which answers each concept's keywords credit"
    )
    coverage.add_argument("deck", metavar="DECK", help="a deck id in content/ (or $RECALL_CONTENT_DIR), or a deck file")
    coverage.add_argument("card", metavar="CARD", help="an open card's id")
    coverage.add_argument("answers", metavar="ANSWERS", help='a text file, one answer per line ("-": stdin)')
    coverage.set_defaults(handler=run_coverage)

    show = commands.add_parser("show", help="summarise a deck: cards by kind and level")
    show.add_argument("deck", metavar="DECK", help="a deck id in content/, or a deck file")
    show.set_defaults(handler=run_show)

    importer = commands.add_parser(
        "import", help="convert an Anki package (.apkg/.colpkg) or text export, Quizlet, CSV or Red trivia file into a deck"
    )
    importer.add_argument("source", type=Path, metavar="FILE")
    importer.add_argument(
        "--to", required=True, type=Path, metavar="content/NAME.yaml", help="the deck file to write"
    )
    importer.add_argument(
        "--format", choices=("apkg", "anki", "quizlet", "csv", "red"), help="default: detected (apkg: Anki package)"
    )
    importer.add_argument("--deck-id", help="default: from the output file's name")
    importer.add_argument("--title", help="default: from the source")
    importer.add_argument(
        "--level",
        default="beginner",
        choices=("beginner", "intermediate", "advanced"),
        help="level of cards that don't give one (default: beginner)",
    )
    importer.add_argument("--force", action="store_true", help="replace the output file if it exists")
    importer.set_defaults(handler=run_import)

    exporter = commands.add_parser(
        "export", help="write a deck as an Anki package (.apkg), its pictures and sounds included"
    )
    exporter.add_argument("deck", metavar="DECK", help="a deck id in content/ (or $RECALL_CONTENT_DIR), or a deck file")
    exporter.add_argument("--to", required=True, type=Path, metavar="deck.apkg", help="the package to write")
    exporter.add_argument("--force", action="store_true", help="replace the package if it exists")
    exporter.set_defaults(handler=run_export)

    schema = commands.add_parser("schema", help="print the JSON Schema of decks (content/schema.json)")
    schema.set_defaults(handler=run_schema)

    suggest = commands.add_parser("suggest-concepts", help="suggest concepts for an open card")
    suggest.add_argument("deck", metavar="DECK")
    suggest.add_argument("card", metavar="CARD")
    suggest.set_defaults(handler=run_suggest_concepts)


def run_check(args: argparse.Namespace) -> int:
    from bot.content.loader import load_decks

    paths = args.paths or [DEFAULT_CONTENT_DIR]
    result = load_decks(paths)
    for problem in result.problems:
        print(problem_line(problem))
    errors = len(result.errors)
    print(
        say("{decks} deck(s) loaded, {errors} error(s), {warnings} warning(s)", decks=len(result.decks),
            errors=errors, warnings=len(result.problems) - errors),
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if errors else EXIT_OK


def run_lint(args: argparse.Namespace) -> int:
    from bot.terminal.lint import run

    return run(args.paths)


def run_coverage(args: argparse.Namespace) -> int:
    from bot.terminal.coverage import run

    return run(args.deck, args.card, args.answers)


def run_show(args: argparse.Namespace) -> int:
    from bot.content.loader import load_deck_file, load_decks
    from bot.core.deck import KINDS, LEVELS, ChoiceCard

    candidate = Path(args.deck)
    if candidate.is_file():
        loaded = load_deck_file(candidate)
        deck, problems = loaded.deck, loaded.problems
    else:
        content = load_decks([DEFAULT_CONTENT_DIR])
        deck = content.decks.get(args.deck)
        problems = [
            p for p in content.problems if deck is None or Path(p.file) == content.files.get(args.deck)
        ]
        if deck is None and not problems:
            if content.decks:
                print(say("no deck {deck} in {folder}/ (decks: {known})", deck=repr(args.deck),
                          folder=DEFAULT_CONTENT_DIR, known=", ".join(sorted(content.decks))), file=sys.stderr)
            else:
                print(say("no deck {deck} in {folder}/ (decks: none)", deck=repr(args.deck),
                          folder=DEFAULT_CONTENT_DIR), file=sys.stderr)
            return EXIT_PROBLEMS
    for problem in problems:
        print(problem_line(problem), file=sys.stderr)
    if deck is None:
        return EXIT_PROBLEMS
    counts = Counter((card.kind, card.level) for card in deck.cards)
    print(say_n("{title} ({deck}): {count} cards", "{title} ({deck}): {count} cards", len(deck.cards),
                title=deck.title, deck=deck.id))
    if deck.description:
        print(deck.description)
    width = max(len(level) for level in LEVELS)
    total = say("total")  # one word, the table's last column and row
    print(f"{'':10}" + "".join(f"{level:>{width + 2}}" for level in LEVELS) + f"{total:>8}")
    for kind in KINDS:
        row = [counts[(kind, level)] for level in LEVELS]
        if kind == "cloze" and not sum(row):
            continue  # (the fourth kind, shown when the deck has some: older decks read as before)
        print(f"{kind:10}" + "".join(f"{n:>{width + 2}}" for n in row) + f"{sum(row):>8}")
    totals = [sum(counts[(kind, level)] for kind in KINDS) for level in LEVELS]
    print(f"{total:10}" + "".join(f"{n:>{width + 2}}" for n in totals) + f"{sum(totals):>8}")
    polls = sum(1 for card in deck.cards if isinstance(card, ChoiceCard) and card.fits_poll)
    choices = sum(counts[("choice", level)] for level in LEVELS)
    if choices:
        print(say_n("{polls} of {count} choice cards fit a native poll", "{polls} of {count} choice cards fit a native poll",
                    choices, polls=polls))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from bot.content.importers import ImportFailure, import_deck

    target: Path = args.to
    if target.exists() and not args.force:
        print(say("{target} already exists; pass --force to replace it", target=target), file=sys.stderr)
        return EXIT_PROBLEMS
    if not target.parent.is_dir():
        print(say("the folder {folder} doesn't exist", folder=target.parent), file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        imported = import_deck(
            args.source,
            output_name=str(target),
            format=args.format,
            deck_id=args.deck_id,
            title=args.title,
            level=args.level,
        )
    except ImportFailure as failure:
        for problem in failure.problems:
            print(text_of(problem), file=sys.stderr)
        print(say("nothing written to {target}", target=target), file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        written = _write_import(imported, target, args.force)
    finally:
        if imported.media is not None:
            imported.media.discard()
    if written is None:
        return EXIT_PROBLEMS
    for note in imported.notes:
        print(say("note: {note}", note=text_of(note)), file=sys.stderr)
    for warning in imported.warnings:
        print(say("{problem} (warning)", problem=text_of(warning)), file=sys.stderr)
    if len(imported.files) == 1:
        deck = imported.deck
        print(say_n("imported {count} cards ({format} format) into {target} as deck {deck}",
                    "imported {count} cards ({format} format) into {target} as deck {deck}", len(deck.cards),
                    format=imported.format, target=target, deck=repr(deck.id)))
    else:
        total = sum(len(file.deck.cards) for file in imported.files)
        parts = ", ".join(say_n("{path} ({deck}, {count} cards)", "{path} ({deck}, {count} cards)", len(file.deck.cards),
                                path=file.path, deck=repr(file.deck.id)) for file in imported.files)
        print(say_n("imported {count} cards ({format} format) into {decks} decks: {parts}",
                    "imported {count} cards ({format} format) into {decks} decks: {parts}", total,
                    format=imported.format, decks=len(imported.files), parts=parts))
    if written:
        print(say("{count} media file(s) in {folder}", count=written, folder=target.parent / (target.stem + ".media")))
    return EXIT_OK


def _write_import(imported: ImportedDeck, target: Path, force: bool) -> int | None:
    """Write every deck file, then install the media; on a failure remove what this run wrote.
    Returns the number of media files added (None after a failure, already reported)."""
    from bot.content.importers.yamlout import write_atomically

    paths = [Path(file.path) if file.path else target for file in imported.files]
    existing = [path for path in paths if path.exists()]
    if existing and not force:
        print(say("{target} already exists; pass --force to replace it", target=", ".join(map(str, existing))),
              file=sys.stderr)
        return None
    written: list[Path] = []
    try:
        for path, file in zip(paths, imported.files, strict=True):
            write_atomically(path, file.yaml_text, overwrite=force)
            if path not in existing:
                written.append(path)
        if imported.media is not None and imported.media.names:
            return imported.media.install(target.parent / f"{target.stem}.media")
        return 0
    except (FileExistsError, OSError) as error:
        for path in written:
            path.unlink(missing_ok=True)
        reason = say("it already exists") if isinstance(error, FileExistsError) else (error.strerror or str(error))
        print(say("can't write {target}: {reason}; nothing written", target=getattr(error, "filename", None) or target,
                  reason=reason), file=sys.stderr)
        return None


def run_export(args: argparse.Namespace) -> int:
    from bot.terminal.anki_export import run

    return run(args.deck, args.to, args.force)


def run_schema(args: argparse.Namespace) -> int:
    from bot.content.schema import deck_json_schema_text

    sys.stdout.write(deck_json_schema_text())
    return EXIT_OK


def run_suggest_concepts(args: argparse.Namespace) -> int:
    from bot.terminal.suggest_concepts import run

    result: int = run(args)
    return result
