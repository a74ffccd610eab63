"""The replies' catalogues: every `replies*.po` of a language, read once with Babel, plurals included.

A language's replies are split into one file per part of the bot (`replies-flashcard.po`, ...), so
the parts can be translated apart; together they are one catalogue keyed by the English text. Plural
entries pick their form with the language's CLDR rule as gettext writes it (Babel's `get_plural`).
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bot.i18n.catalogues import LOCALES_DIR

REPLIES_DOMAIN = "replies"
Forms = tuple[str, ...]


@dataclass(frozen=True)
class Replies:
    language: str
    singular: dict[str, str]  # English -> translation
    plural: dict[str, Forms]  # English singular -> the translation's forms, in the rule's order
    plural_index: Callable[[int], int]

    def form(self, english_singular: str, count: int) -> str | None:
        forms = self.plural.get(english_singular)
        if not forms:
            return None
        index = self.plural_index(abs(count))
        return forms[index] if 0 <= index < len(forms) and forms[index] else None


def babel_locale(language: str) -> str:
    """Babel's spelling of a catalogue language (`pt-BR` -> `pt_BR`)."""
    return language.replace("-", "_")


def plural_rule(language: str) -> tuple[int, str]:
    """(number of forms, gettext expression) of a language, from CLDR through Babel."""
    from babel.messages.plurals import get_plural

    rule = get_plural(babel_locale(language))
    return rule.num_plurals, rule.plural_expr


def reply_files(language: str) -> list:
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    return sorted(folder.glob(f"{REPLIES_DOMAIN}*.po")) if folder.is_dir() else []


def read_replies(language: str) -> Replies:
    from babel.messages.pofile import read_po

    singular: dict[str, str] = {}
    plural: dict[str, Forms] = {}
    for path in reply_files(language):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, str):
                if isinstance(message.string, str) and message.string:
                    singular[message.id] = message.string
            elif isinstance(message.string, (tuple, list)) and all(message.string):
                plural[message.id[0]] = tuple(message.string)
    _count, expression = plural_rule(language)
    return Replies(language, singular, plural, gettext.c2py(expression))


_lock = threading.Lock()


@cache
def _loaded(language: str) -> Replies:
    return read_replies(language)


def replies(language: str) -> Replies:
    """A language's replies, read on first use and kept."""
    with _lock:
        return _loaded(language)
