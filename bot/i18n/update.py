"""`python -m bot.i18n.update`: bring every language's `replies-<part>.po` up to date with the source.

New messages are added untranslated (the catalogue test fails until someone translates them), a
message that moved to another part keeps its translation, and messages the code no longer says are
dropped. Run it after changing what the bot says, translate the empty entries, commit both.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n.extract import Message, extract
from bot.i18n.languages import CATALOGUE_LANGUAGES
from bot.i18n.replies import REPLIES_DOMAIN, babel_locale, reply_files

# The header's dates stay put, so a catalogue changes only where a message did.
STABLE_DATE = datetime(2026, 12, 3, tzinfo=UTC)
HEADER = "Recall's replies ({part}): buttons, forms, errors and messages. English is the source text."


# (English, whether it is a plural entry): the same English may be one message in a part and the
# singular of a plural in another.
Known = dict[tuple[str, bool], object]


def translations_known(language: str) -> Known:
    """What every replies file of `language` translates: a text, or the plural forms."""
    known: Known = {}
    for path in reply_files(language):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    english = message.id if isinstance(message.id, str) else str(message.id[0])
                    known[(english, not isinstance(message.id, str))] = message.string
    return known


def filled(translations: dict[str, object]) -> Known:
    """A `--fill` file's entries of one language: a text, or a list of plural forms."""
    return {(english, isinstance(value, list)): value for english, value in translations.items()}


def catalogue_for(language: str, part: str, messages: dict[str, Message], known: Known) -> Catalog:
    catalog = Catalog(locale=babel_locale(language), domain=f"{REPLIES_DOMAIN}-{part}", project="Recall",
                      version="1", header_comment=f"# {HEADER.format(part=part)}", charset="utf-8", fuzzy=False,
                      creation_date=STABLE_DATE, revision_date=STABLE_DATE)
    for english in sorted(messages):
        message = messages[english]
        previous = known.get((english, message.plural is not None))
        if message.plural is None:
            catalog.add(english, previous if isinstance(previous, str) else "", locations=_files(message))
        else:
            forms = tuple(str(form) for form in previous) if isinstance(previous, (tuple, list)) else (
                ("",) * catalog.num_plurals)
            catalog.add((english, message.plural), forms, locations=_files(message))
    return catalog


def _files(message: Message) -> list[tuple[str, int]]:
    """Where it is said (the catalogues are written without the line numbers, which change on every edit)."""
    places = {place.rpartition(":")[0] for place in message.places}
    return [(place, 1) for place in sorted(places)]


def update(languages: tuple[str, ...] = CATALOGUE_LANGUAGES, only: set[str] | None = None,
           fill: dict[str, dict[str, object]] | None = None) -> list[str]:
    """Rewrite the catalogues (of the parts in `only`, or all); returns a line per language and part that
    still has untranslated entries."""
    parts, problems = extract()
    if problems:
        raise SystemExit("fix these first:\n" + "\n".join(problems))
    if only is not None:
        parts = {part: messages for part, messages in parts.items() if part in only}
    untranslated = []
    for language in languages:
        known = translations_known(language)
        known.update(filled((fill or {}).get(language, {})))
        folder = reply_files_folder(language)
        folder.mkdir(parents=True, exist_ok=True)
        wanted = {f"{REPLIES_DOMAIN}-{part}.po" for part in parts}
        for stale in folder.glob(f"{REPLIES_DOMAIN}*.po") if only is None else []:
            if stale.name not in wanted:
                stale.unlink()
        for part, messages in sorted(parts.items()):
            catalog = catalogue_for(language, part, messages, known)
            with (folder / f"{REPLIES_DOMAIN}-{part}.po").open("wb") as handle:
                write_po(handle, catalog, width=0, include_lineno=False, sort_output=True)
            missing = sum(1 for english, message in messages.items()
                          if (english, message.plural is not None) not in known)
            if missing:
                untranslated.append(f"{language} {part}: {missing} to translate")
    return untranslated


def reply_files_folder(language: str) -> Path:
    from bot.i18n.catalogues import LOCALES_DIR

    return LOCALES_DIR / language / "LC_MESSAGES"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bot.i18n.update", description=__doc__)
    parser.add_argument("--part", action="append", help="only this part's files (repeatable); default: all")
    parser.add_argument("--fill", type=Path, help="a JSON file {language: {English: translation, or a list of "
                        "plural forms}} to write into the catalogues")
    arguments = parser.parse_args(argv)
    fill = json.loads(arguments.fill.read_text(encoding="utf-8")) if arguments.fill else None
    for line in update(only=set(arguments.part) if arguments.part else None, fill=fill):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
