"""Anki cloze notes as cloze cards (`kind: cloze`): the note's text with its gaps kept as written, the
other fields as the card's `extra`. Used by the package importer and by the text-export importer.

A note the deck format can't hold as one cloze card (broken markup, more than 20 gap numbers, a gap
number above 99, a text longer than 2,000 characters, which shortening would cut through a gap) is
left to the caller, which makes one flashcard per gap of it instead, and says so.
"""

from __future__ import annotations

from bot.content.importers.cards import FIELD_TEXT_MAX, LONG_TEXT_MAX, CardDraft
from bot.content.importers.text import shorten
from bot.core import cloze
from bot.core.messages import N_, Marked


def cloze_problem(text: str) -> Marked | None:
    """Why this text can't be one cloze card (None when it can)."""
    if len(text) > LONG_TEXT_MAX:
        return Marked(N_("longer than {limit} characters"), limit=LONG_TEXT_MAX)
    return cloze.problem(text)


def cloze_brief(text: str) -> Marked | None:
    """`cloze_problem` in a few words, without where (what the importer counts notes by)."""
    if len(text) > LONG_TEXT_MAX:
        return Marked(N_("longer than {limit} characters"), limit=LONG_TEXT_MAX)
    return cloze.problem_brief(text)


def cloze_draft(text: str, extra: str, *, line: int | None = None, tags: list[str] | None = None,
                image: str | None = None) -> CardDraft | None:
    """The cloze card of a note, or None when `cloze_problem` has something to say (the caller falls
    back to flashcards)."""
    text = text.strip()
    if cloze_problem(text) is not None:
        return None
    body: dict[str, str] = {"text": text}
    if extra.strip():
        body["extra"] = shorten(extra.strip(), FIELD_TEXT_MAX)
    return CardDraft("cloze", cloze.plain(text), body, line=line, tags=list(tags or []), image=image)
