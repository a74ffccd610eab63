"""Marking a message for translation where it is written, without translating it there.

The core and the services don't know who reads them, so they can't pick a language: they mark the
English text (`N_`) and keep its placeholders apart (`RecallError(N_("... {deck} ..."), deck=...)`); the
adapter that shows it translates it for its reader (`bot.i18n.voice.say_error`). The catalogue tools find
every `N_("...")` by reading the source, so the argument must be a literal.
"""

from __future__ import annotations


def N_(message: str) -> str:  # gettext's name for "mark, don't translate here"
    return message
