"""Writing the terminal's output in its language: errors that carry a marked template, and decimals.

`python -m bot` sets the language from the environment (`bot.cli`); these helpers follow it like `say`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.errors import RecallError
from bot.core.messages import Marked
from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.replies import babel_locale
from bot.i18n.voice import reply_language, say, say_error, say_marked

if TYPE_CHECKING:
    from bot.content.loader import Problem


def error_text(error: BaseException) -> str:
    """An error in the reader's language when it carries a marked template (`template`, `params`), with the
    errors it names as parameters translated too; else its text as is."""
    if isinstance(error, RecallError):
        return say_error(error)
    template, params = getattr(error, "template", None), getattr(error, "params", None)
    if not isinstance(template, str) or not isinstance(params, dict):
        return str(error)
    return say_marked(template, **{name: error_text(value) if isinstance(value, BaseException) else value
                                   for name, value in params.items()})


def fixed(value: float, places: int) -> str:
    """`value` with exactly `places` decimals and no grouping, as the language writes it ("12.5", "12,5")."""
    if reply_language() == SOURCE_LANGUAGE:
        return f"{value:.{places}f}"
    from babel.numbers import format_decimal

    pattern = "0." + "0" * places if places else "0"
    return str(format_decimal(value, format=pattern, locale=babel_locale(reply_language())))


def text_of(value: object) -> str:
    """A text another part handed over (a deck file's problem, an importer's note): in the reader's language
    when it is marked (`Marked`) or an error with a template, else as is."""
    if isinstance(value, Marked):
        return say_marked(value)
    if isinstance(value, BaseException):
        return error_text(value)
    return str(value)


def problem_line(problem: Problem) -> str:
    """`file:line field: message` of a deck file's problem, its message in the reader's language; a warning
    says so."""
    where = f"{problem.file}:{problem.line}" if problem.line is not None else problem.file
    message = text_of(problem.message)
    line = f"{where} {problem.field}: {message}" if problem.field else f"{where}: {message}"
    return say("{problem} (warning)", problem=line) if problem.severity == "warning" else line
