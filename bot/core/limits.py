"""How much a deck, a card and a server may hold, and how much work grading one answer may do.

A server's upload is graded for every member who answers it, on the bot's one process: the limits keep
the largest card the grader can be handed (and the decks checked at every start) small enough that no
server can slow the others. Authors meet the deck limits as ordinary validation messages (file:line
field: message) and in the JSON Schema; the server quotas are checked when a deck is uploaded.

The grading bounds below the deck limits hold whatever the card, even one built in code that never
went through validation: the grader cuts a card to them when it compiles it, and stops looking once an
answer has used its share of comparisons (see bot/core/grading_match.py).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping
from typing import Any

from bot.core.messages import N_, Marked

# --- deck limits (validation: bot/core/deck.py, messages: bot/content/messages.py) -------------------
MAX_KEYWORDS_PER_CONCEPT = 50
MAX_KEYWORD_CHARS = 80
MAX_CONCEPTS_PER_CARD = 12
# Every keyword-like string of a card together: concepts' keywords, requires and not_with words and
# misconception triggers (all typed `Keyword`: each is looked for in every answer). Corrections are not:
# they are only shown, never matched, and have their own bound (MAX_CORRECTION_CHARS each).
MAX_CARD_KEYWORD_CHARS = 4000
MAX_CARDS_PER_DECK = 2000
# Roles and misconceptions (bot/core/grading_relations.py); their words count in the keyword characters.
MAX_RELATION_WORDS = 20  # requires / not_with entries per concept
MAX_MISCONCEPTIONS = 10  # per card
MAX_TRIGGERS = 10  # per misconception
MAX_CORRECTION_CHARS = 200

# --- per-server quotas on uploads (bot/services/admin.py) ---------------------------------------------
MAX_DECKS_PER_SERVER = 50
MAX_DECK_TEXT_BYTES_PER_SERVER = 20 * 1024 * 1024  # UTF-8 bytes of the uploaded files, all decks together
# --- a server's overlay (bot/core/overlay.py): the deck limits above hold for each card with its overlay;
# this bounds the rows one server may store in all (keywords added to any deck it sees).
MAX_OVERLAY_KEYWORDS_PER_SERVER = 10_000

# --- grading bounds, whatever the card (bot/core/grading_compile.py, grading_match.py) ----------------
# Concepts derived from a model answer may be up to 25 (bot/core/concept_extraction.py), with keywords
# of up to 100 characters (a phrase's name); authored ones stay within the deck limits above.
GRADED_CONCEPTS = 25
GRADED_KEYWORDS_PER_CONCEPT = MAX_KEYWORDS_PER_CONCEPT
GRADED_KEYWORD_CHARS = 100
GRADED_CARD_KEYWORD_CHARS = MAX_CARD_KEYWORD_CHARS
GRADED_QUESTION_CHARS = 2000  # the prompt (and, separately, the hint) the copy rule compares with
# Per answer: typo comparisons (answer word x keyword word of its first letter and length), typo
# matches found (answer word x keyword word it is a typo of) and placed (x the word's positions), and
# positions looked at to place phrases (places of a keyword's first word x the positions of its other
# words in reach). Past them, the rest of that answer's typo matches and phrase placements are not looked
# for. Genuine 4000-character answers (Mohler and SAF answers joined) to cards filled to the deck limits
# with their topic's frequent words and phrases used at most 542 comparisons, 14 matches and 421
# positions (`python -m benchmarks.grading.work_needed`); the bounds leave 3.5 to 35 times that (halved
# from 8,000 comparisons and 3,000 positions: the worst card's p99 went from 4.5-5.1 to 4.1-4.9 ms).
MAX_TYPO_COMPARISONS = 4_000
MAX_TYPO_MATCHES = 500
MAX_TYPO_PLACES = 500
MAX_PLACE_STEPS = 1_500
# A card's role words and triggers (bot/core/grading_relations.py) are a second vocabulary looked for in
# the same answer: it shares the three typo bounds above with the keywords (the keywords first), and has
# its own bounds per answer. Role places read: undenied places of one requires / not_with word, and of
# all of them. Role checks: role phrases tried against a keyword place and role places read (each once
# per concept and clause); past them, the role words not yet read are not seen. Trigger steps: each
# place of a trigger's first word tried (at most MAX_TRIGGER_STARTS per trigger) costs as many steps as
# the trigger has words; past them, the triggers not yet looked for are not stated. 520 answers of 4000
# characters joined from the blind set's and the labelled set's real answers (as written and with
# typos), on their own cards, used at most 165 role places, 27 checks, 1,044 trigger steps and 384 typo
# comparisons; 3,600 salads of up to 90 of the cards' own words, 456 checks
# (`python -m benchmarks.grading.role_work`).
MAX_RELATION_PLACES = 50
MAX_RELATION_PLACES_IN_ALL = 300
MAX_RELATION_CHECKS = 1_000
MAX_TRIGGER_STARTS = 50
MAX_TRIGGER_STEPS = 4_000


class KeywordText:
    """Marks a field (`Keyword`, or a list of them) whose text counts in a card's keyword budget.

    pydantic ignores it; `keyword_texts` finds it, so a new field typed `Keyword` counts without any
    change here.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "KeywordText()"


KEYWORD_TEXT = KeywordText()
_FIELDS_CACHE: dict[type, tuple[tuple[str, bool], ...]] = {}


def _is_marked(hint: Any) -> bool:
    if typing.get_origin(hint) is typing.Annotated and any(isinstance(m, KeywordText) for m in hint.__metadata__):
        return True
    return any(_is_marked(arg) for arg in typing.get_args(hint))


def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, counts as keyword text) for each field of a dataclass, resolved once per class."""
    known = _FIELDS_CACHE.get(cls)
    if known is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        known = _FIELDS_CACHE[cls] = tuple((f.name, _is_marked(hints.get(f.name))) for f in dataclasses.fields(cls))
    return known


def keyword_texts(value: Any, counted: bool = False) -> Iterator[str]:
    """Every keyword-like string in a card (or any dataclass), however deeply nested."""
    if isinstance(value, str):
        if counted:
            yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from keyword_texts(item, counted)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for name, marked in _fields(type(value)):
            yield from keyword_texts(getattr(value, name), marked)


def keyword_characters(card: Any) -> int:
    return sum(map(len, keyword_texts(card)))


def check_keyword_budget(card: Any) -> Any:
    """A validation rule: raises ValueError, with a message for authors, for a card over the budget."""
    total = keyword_characters(card)
    if total > MAX_CARD_KEYWORD_CHARS:
        raise ValueError(Marked(N_(
            "the keywords of this card add up to {total} characters; at most {limit} are allowed (every keyword of "
            "every concept counts, and so do requires, not_with and misconception triggers): keep the few words "
            "that really show the idea"), total=total, limit=MAX_CARD_KEYWORD_CHARS))
    return card


def server_quota_problem(current: Mapping[str, int], deck_id: str, size: int) -> str | None:
    """Why a server can't store this upload (None if it can): `current` maps each deck the server has
    uploaded to its size in bytes; a deck with the same id is being replaced, so it doesn't count."""
    others = {key: value for key, value in current.items() if key != deck_id}
    if len(others) + 1 > MAX_DECKS_PER_SERVER:
        return Marked(N_("This server already has {count} uploaded decks, the most a server may have ({limit}); "
                         "remove one with `/deck remove` first, or upload a new version of an existing deck (same "
                         "`id:`)."), count=str(len(others)), limit=str(MAX_DECKS_PER_SERVER))
    used = sum(others.values())
    if used + size > MAX_DECK_TEXT_BYTES_PER_SERVER:
        return Marked(N_("This server's uploaded decks hold {used} of text and this one adds {size}; a server may "
                         "store at most {limit}. Remove a deck with `/deck remove` first."), used=_megabytes(used),
                      size=_megabytes(size), limit=_megabytes(MAX_DECK_TEXT_BYTES_PER_SERVER))
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


MAX_MEDIA_BYTES_PER_SERVER = 100 * 1024 * 1024  # the pictures and sounds of a server's uploaded decks


def server_media_problem(total: int) -> str | None:
    """Why a server can't keep its uploaded decks' media at `total` bytes (None if it can): the total is
    what the server would hold after the upload, files no deck names any more left out."""
    limit = MAX_MEDIA_BYTES_PER_SERVER
    if total <= limit:
        return None
    return Marked(N_("This server's decks would hold {total} of pictures and sounds; a server may keep at most "
                     "{limit}. Remove a deck with media (`/deck remove`) or upload fewer pictures and sounds."),
                  total=_megabytes(total), limit=_megabytes(limit))
