"""The language a reply is written in, and writing it: `say`, `say_n`, numbers, dates and lists.

The language travels with the work instead of through every function: the bot sets it when an
interaction arrives (the member's client language, `bot.app.reply_language`) and the tasks discord.py
starts for that interaction inherit it (a `ContextVar`). A public post is written in the server's
language instead (`in_server_language()`); a scheduled post or a DM names its language (`speaking`).
English is the source: an English reply is the text in the code, and a message a catalogue lacks falls
back to it (the catalogue test in tests/i18n fails on it first).

Messages are English literals with named placeholders (`say("You got {hits}/{total} concepts",
hits=3, total=5)`); whole sentences, never assembled from pieces. Numbers given as `int` or `float` are
written in the language's form (1,234 / 1.234); pass `str(...)` for an identifier or a year.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from typing import Any

from bot.core.errors import RecallError
from bot.core.messages import Marked
from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.replies import babel_locale, replies

log = logging.getLogger(__name__)

_reply_language: ContextVar[str] = ContextVar("recall_reply_language", default=SOURCE_LANGUAGE)
_server_language: ContextVar[str] = ContextVar("recall_server_language", default=SOURCE_LANGUAGE)


def reply_language() -> str:
    return _reply_language.get()


def server_language() -> str:
    return _server_language.get()


def enter(member_language: str, server: str) -> None:
    """Set both languages for the rest of the current context (the hook that receives an interaction)."""
    _reply_language.set(member_language)
    _server_language.set(server)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write in `language` inside the block (a scheduled post, a DM, the terminal)."""
    token = _reply_language.set(language)
    try:
        yield
    finally:
        _reply_language.reset(token)


def in_server_language() -> contextlib.AbstractContextManager[None]:
    """Write a public post in the server's language inside the block."""
    return speaking(_server_language.get())


@cache
def _locale(language: str) -> Any:
    from babel import Locale

    return Locale.parse(babel_locale(language))


def say_number(value: float) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_locale(reply_language())))


def say_percent(fraction: float) -> str:
    """0.5 -> 50% (with the language's spacing and sign)."""
    from babel.numbers import format_percent

    return str(format_percent(fraction, locale=_locale(reply_language())))


def say_date(value: date | datetime, form: str = "medium") -> str:
    from babel.dates import format_date

    return str(format_date(value, format=form, locale=_locale(reply_language())))


def say_list(items: Sequence[str]) -> str:
    """"a, b and c" in the language's form ("a, b y c", "a、b、c")."""
    from babel.lists import format_list

    return str(format_list(list(items), locale=_locale(reply_language()))) if items else ""


def _shown(value: object) -> object:
    if isinstance(value, RecallError):  # a refusal quoted inside another message ("... not stored. {reason}")
        return say_error(value)
    if isinstance(value, Marked):  # a marked text quoted inside another (a deck file's problem in its line)
        return say(value.template, **value.params)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, int) and -1000 < value < 1000:
        return str(value)  # no language groups digits below 1,000 (and this is the common case: be quick)
    return say_number(value)


def _fill(text: str, english: str, params: dict[str, Any]) -> str:
    if not params:
        return text
    shown = {name: _shown(value) for name, value in params.items()}
    try:
        return text.format_map(shown)
    except (KeyError, IndexError, ValueError):
        # A broken translation never breaks a reply: the English text is shown (the catalogue test catches
        # this before a release).
        log.warning("the %s translation of %r does not fit its placeholders", reply_language(), english)
        return english.format_map(shown)


def say(message: str, /, **params: Any) -> str:
    """`message` (an English literal) in the reply's language, its placeholders filled."""
    language = reply_language()
    text = message if language == SOURCE_LANGUAGE else replies(language).singular.get(message, message)
    return _fill(text, message, params)


def say_n(singular: str, plural: str, count: int, /, **params: Any) -> str:
    """The form for `count` ("1 card", "2 cards"); `{count}` is filled with it."""
    params = {"count": count, **params}
    english = singular if count == 1 else plural
    language = reply_language()
    if language == SOURCE_LANGUAGE:
        return _fill(english, english, params)
    text = replies(language).form(singular, count)
    return _fill(text, english, params) if text is not None else _fill(english, english, params)


def say_marked(message: str, /, **params: Any) -> str:
    """A message marked `N_("...")` where it was written and held in a variable until shown; a `Marked`
    text alone brings its own params."""
    if isinstance(message, Marked) and not params:
        return say(message.template, **message.params)
    return say(message, **params)


def say_error(error: RecallError) -> str:
    """A `RecallError` in the reader's language: its marked template translated, then filled (a `Marked`
    text given as the message brings its own params)."""
    return say_marked(error.template, **error.params)
