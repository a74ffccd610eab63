"""Cloze text: Anki's gap markup, read once, shown with one gap number blanked at a time.

`{{c1::Mitochondria}} make {{c2::ATP::energy molecule}}`: each gap number is its own card (the card id
plus `:c<n>`), every occurrence of that number blanked together, the other gaps shown as their words.
A hint (`::hint`) replaces `...` in the blank.

Nesting (`{{c1::a {{c2::b}} c}}`) reads as Anki reads it: c2 lies inside c1. The card of c1 blanks the
whole of c1 (its answer is "a b c"); the card of c2 shows c1's words with c2 blanked ("a [...] c").
Text that only looks like markup (`{{x}}`, a `}}` outside any gap) is kept as written; markup that is
meant as a gap but broken (`{{c1:x}}`, `{{c0::x}}`, a gap never closed) is a `ClozeError` whose message
is written for deck authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from bot.core.messages import N_, Marked

MAX_GAP_NUMBER = 99  # two digits: a gap's number fits the buttons' custom_ids (bot/cogs/cloze)
MAX_GAP_NUMBERS = 20  # distinct numbers per card: 20 cards from one text is plenty
MAX_DEPTH = 3  # gaps inside gaps inside gaps
MAX_MARKUP_CHARS = 4000  # texts are at most 2,000 characters in a deck; anything longer is refused
BLANK = "..."

# `{{c<digits>` then `::` opens a gap; `{{c` followed by something else that still looks like a gap
# number or separator is a mistake worth naming.
_OPEN_OR_CLOSE = re.compile(r"\{\{[cC](?P<number>[0-9]*)(?P<sep>::?)|\}\}|::")
_GAP_ID = re.compile(r"^(?P<card>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?):c(?P<number>[1-9][0-9]?)$")


class _HasText(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


class ClozeError(ValueError):
    """Markup that was meant as a gap but can't be read; the message says where and how to fix it.

    `brief` names the problem in a few words, without where (an importer counts notes by it)."""

    def __init__(self, message: Marked, brief: Marked) -> None:
        super().__init__(message)
        self.message = message
        self.brief = brief


@dataclass(frozen=True, slots=True)
class Gap:
    number: int
    parts: tuple[str | Gap, ...]  # its words, with any gaps nested in them
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class ClozeText:
    parts: tuple[str | Gap, ...]
    numbers: tuple[int, ...]  # every gap number used, ascending


def _near(text: str, offset: int) -> dict[str, str]:
    """Where a problem is: the params `at` and `near` of "at character {at} ({near})"."""
    return {"at": str(offset + 1), "near": repr(text[offset:offset + 12])}


class _Open:
    """A gap being read: its number, where its `{{` is, its words so far and, after `::`, its hint."""

    __slots__ = ("hint", "number", "parts", "start")

    def __init__(self, number: int, start: int) -> None:
        self.number, self.start = number, start
        self.parts: list[str | Gap] = []
        self.hint: list[str] | None = None


@lru_cache(maxsize=1024)
def parse(text: str) -> ClozeText:
    """The gaps of a cloze text; `ClozeError` when its markup is broken or it has no gap."""
    if len(text) > MAX_MARKUP_CHARS:
        too_long = Marked(N_("a cloze text may hold at most {limit} characters"), limit=MAX_MARKUP_CHARS)
        raise ClozeError(too_long, too_long)
    root: list[str | Gap] = []
    stack: list[_Open] = []  # open gaps, innermost last
    numbers: set[int] = set()
    position = 0

    def add(piece: str | Gap) -> None:
        if not stack:
            root.append(piece)
        elif stack[-1].hint is not None and isinstance(piece, str):
            stack[-1].hint.append(piece)
        else:
            stack[-1].parts.append(piece)

    for match in _OPEN_OR_CLOSE.finditer(text):
        if match.start() > position:
            add(text[position:match.start()])
        position = match.end()
        token = match.group()
        if token.startswith("{{"):
            digits, sep = match["number"], match["sep"]
            if not digits or sep != "::" or digits.startswith("0") or int(digits) > MAX_GAP_NUMBER:
                raise ClozeError(Marked(N_(
                    "broken gap at character {at} ({near}): write {{{{c1::words}}}} or {{{{c1::words::hint}}}}, "
                    "with a gap number from 1 to {limit} and two colons"), limit=MAX_GAP_NUMBER,
                    **_near(text, match.start())), Marked(N_("broken gap")))
            if stack and stack[-1].hint is not None:
                raise ClozeError(Marked(N_("a gap inside a hint at character {at} ({near}): a hint is plain text"),
                                        **_near(text, match.start())), Marked(N_("a gap inside a hint")))
            if len(stack) >= MAX_DEPTH:
                raise ClozeError(Marked(N_("gaps nested more than {depth} deep at character {at} ({near})"),
                                        depth=MAX_DEPTH, **_near(text, match.start())),
                                 Marked(N_("gaps nested more than {depth} deep"), depth=MAX_DEPTH))
            stack.append(_Open(int(digits), match.start()))
            numbers.add(int(digits))
        elif token == "::" and stack and stack[-1].hint is None:
            stack[-1].hint = []
        elif token == "}}" and stack:  # closes the innermost gap
            gap = stack.pop()
            words = "".join(part for part in gap.parts if isinstance(part, str)).strip()
            if not words and not any(isinstance(part, Gap) for part in gap.parts):
                raise ClozeError(Marked(N_("gap c{number} at character {at} ({near}) is empty: put the hidden words "
                                           "between :: and }}}}"), number=str(gap.number), **_near(text, gap.start)),
                                 Marked(N_("gap c{number}"), number=str(gap.number)))
            hint = "".join(gap.hint).strip() if gap.hint is not None else ""
            add(Gap(gap.number, tuple(gap.parts), hint or None))
        else:
            add(token)  # `::` outside a gap (or in a hint), `}}` outside any gap: text, as in Anki
    if position < len(text):
        add(text[position:])
    if stack:
        number = str(stack[-1].number)
        raise ClozeError(Marked(N_("gap c{number} at character {at} ({near}) is never closed: end it with }}}}"),
                                number=number, **_near(text, stack[-1].start)),
                         Marked(N_("gap c{number}"), number=number))
    if not numbers:
        # The brief is the message's words before its first colon, as an importer has always counted it.
        # (Without params a text is shown as written: its braces are not doubled.)
        raise ClozeError(Marked(N_("a cloze card needs at least one gap, written {{c1::hidden words}}")),
                         Marked(N_("a cloze card needs at least one gap, written {{c1")))
    if len(numbers) > MAX_GAP_NUMBERS:
        too_many = Marked(N_("this text uses {count} gap numbers; a cloze card may have at most {limit}"),
                          count=len(numbers), limit=MAX_GAP_NUMBERS)
        raise ClozeError(too_many, too_many)
    return ClozeText(tuple(root), tuple(sorted(numbers)))


def problem(text: str) -> Marked | None:
    """Why a cloze text can't be used (None when it can): for validation and lint."""
    try:
        parse(text)
    except ClozeError as error:
        return error.message
    return None


def problem_brief(text: str) -> Marked | None:
    """A few words naming why a cloze text can't be used (None when it can)."""
    try:
        parse(text)
    except ClozeError as error:
        return error.brief
    return None


def _render(parts: tuple[str | Gap, ...], number: int, out: list[str], shown: tuple[str, str] | None) -> None:
    """Write the parts with gap `number` blanked (`shown` None) or marked by (`before`, `after`)."""
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part.number != number:
            _render(part.parts, number, out, shown)
        elif shown is None:
            out.append(f"[{part.hint or BLANK}]")
        else:
            out.append(shown[0])
            _render(part.parts, number, out, ("", ""))
            out.append(shown[1])


def blanked(text: str, number: int) -> str:
    """The text as the card of gap `number` asks it: that gap's occurrences blanked, the others shown."""
    out: list[str] = []
    _render(parse(text).parts, number, out, None)
    return "".join(out)


def revealed(text: str, number: int, before: str = "", after: str = "") -> str:
    """The whole text, the words of gap `number` wrapped in `before`/`after` (e.g. bold)."""
    out: list[str] = []
    _render(parse(text).parts, number, out, (before, after))
    return "".join(out)


def plain(text: str) -> str:
    """The text with every gap filled in and no markup (a title, a search)."""
    return revealed(text, 0)


def answers(text: str, number: int) -> tuple[str, ...]:
    """The words of each occurrence of gap `number`, in order (a nested gap's words included)."""
    found: list[str] = []

    def visit(parts: tuple[str | Gap, ...]) -> None:
        for part in parts:
            if isinstance(part, Gap):
                if part.number == number:
                    words: list[str] = []
                    _render(part.parts, 0, words, ("", ""))
                    found.append(" ".join("".join(words).split()))
                else:
                    visit(part.parts)

    visit(parse(text).parts)
    return tuple(found)


_NUMBERS: dict[str, tuple[int, ...]] = {}
_NUMBERS_LIMIT = 100_000  # texts remembered, then forgotten all at once: a few MB at most


def gap_numbers(text: str) -> tuple[int, ...]:
    """The gap numbers of a valid cloze text (none for an invalid one), remembered per text: drills list
    every gap of every card of a deck at each draw, so this must not parse the text each time."""
    known = _NUMBERS.get(text)
    if known is None:
        try:
            known = parse(text).numbers
        except ClozeError:
            known = ()
        if len(_NUMBERS) >= _NUMBERS_LIMIT:
            _NUMBERS.clear()
        _NUMBERS[text] = known
    return known


_IDS: dict[tuple[str, str], tuple[str, ...]] = {}


def gap_ids(card: _HasText) -> tuple[str, ...]:
    """The ids of a cloze card's gaps (`cell:c1`, `cell:c2`), remembered per card id and text."""
    key = (card.id, card.text)
    known = _IDS.get(key)
    if known is None:
        known = tuple(gap_id(card.id, number) for number in gap_numbers(card.text))
        if len(_IDS) >= _NUMBERS_LIMIT:
            _IDS.clear()
        _IDS[key] = known
    return known


def gap_id(card_id: str, number: int) -> str:
    return f"{card_id}:c{number}"


def split_gap_id(text: str) -> tuple[str, int] | None:
    """(card id, gap number) of `card:c<n>`; None for anything else (`x:c0`, `x:c1:c1`, `x:c007`)."""
    match = _GAP_ID.match(text) if len(text) <= 50 else None
    return (match["card"], int(match["number"])) if match else None
