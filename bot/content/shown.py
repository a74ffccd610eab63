"""Deck problems in the reader's language, for whatever shows them (the cogs after /deck upload, the terminal).

The loader, the importers and the checker write each problem as a `Marked` text (English, with its
template and params kept), also across the checker's child process; here it is written again in the
language of the current reply (`bot.i18n.voice`). A plain `str` (an older cached verdict, a library's
own words) is shown as it is. Importing this module imports no YAML reader and no pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bot.core.messages import Marked
from bot.i18n.voice import say_marked


class _Line(Protocol):
    def marked(self) -> Marked: ...


def translated(text: str) -> str:
    """One problem (a checker line "file:line field: message", an importer's note, a media problem)."""
    return say_marked(text) if isinstance(text, Marked) else text


def translated_problems(problems: Iterable[str | _Line]) -> list[str]:
    """Problems as lines in the reader's language: `loader.Problem`s (their whole "file:line field:
    message" line) or the texts the checker, the importers and the package upload return."""
    return [translated(problem if isinstance(problem, str) else problem.marked()) for problem in problems]
