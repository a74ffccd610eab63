"""Read a domain's `.po` catalogue for one language, once, with Babel (nothing compiled at install).

Each message is keyed by its context and English text: command catalogues use the contexts of
`COMMAND_CONTEXTS`, so a word that is both a name and a description is translated for each place.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
COMMANDS_DOMAIN = "commands"
# name: command, group and option names (Discord's name rules); description: their descriptions;
# choice: the names of an option's fixed choices.
COMMAND_CONTEXTS = ("name", "description", "choice")

Messages = dict[tuple[str | None, str], str]
_lock = threading.Lock()


def catalogue_path(language: str, domain: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def read_messages(path: Path) -> Messages:
    """(context, English) -> translation for every translated, non-fuzzy entry of one `.po` file."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    found: Messages = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            found[(message.context, message.id)] = message.string
    return found


@cache
def _loaded(language: str, domain: str) -> Messages:
    path = catalogue_path(language, domain)
    return read_messages(path) if path.is_file() else {}


def messages(language: str, domain: str) -> Messages:
    """The catalogue of `domain` in `language`, read on first use and kept (a few kB)."""
    with _lock:
        return _loaded(language, domain)


def translate(language: str, domain: str, context: str, english: str) -> str | None:
    """The translation, or None when the catalogue lacks it (the caller falls back to English)."""
    return messages(language, domain).get((context, english))
