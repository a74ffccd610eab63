"""Kanji compounds of three or more characters ("二酸化炭素", "光合成") are read as one word.

The character matcher (bot/core/languages/cjk.py) finds a keyword's characters where they stand close
together, a few other characters allowed between: "酸素" (oxygen) was then found inside "二酸化炭素" (carbon
dioxide), whose 酸 and 素 stand two characters apart, and "光" (light) inside "光合成". A compound's
characters are read as bound ones (`bound`), so no other keyword is found among them; its last HEAD
characters stay as they are: a Japanese compound ends in what it is (誘導電流 is a 電流, 電磁誘導 an 誘導),
and a keyword naming that still finds it there.
A card's own text (keywords, role words, triggers, its question: bot/core/languages/japanese.tokenize)
reads every run of MIN_COMPOUND kanji or more as a compound; an answer reads as compounds the card's ones
(the runs of its phrases) where it writes them, inside longer runs too ("二酸化炭素濃度"), so that what it
chains to them ("酸素濃度" beside a card's "酸素") is left as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

MIN_COMPOUND = 3  # kanji in a row that make a compound read as one word
HEAD = 2  # its last characters, left as they are
MAX_COMPOUNDS = 200  # per card, longest first
RUN = re.compile(rf"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]{{{MIN_COMPOUND},}}")
# A compound's character is read as a character of Unicode's private use plane 15 (one for each kanji,
# whatever the compound): still one character, as the grader counts words of Japanese (a keyword list's
# items), and not the kanji itself
_PRIVATE = 0xF0000


def bound(char: str) -> str:
    """The character a kanji is read as inside a compound (not in its head)."""
    code = ord(char)
    if 0x3400 <= code <= 0x9FFF:
        return chr(_PRIVATE + code - 0x3400)
    if 0xF900 <= code <= 0xFAFF:
        return chr(_PRIVATE + 0x6C00 + code - 0xF900)
    return chr(_PRIVATE + 0x6E00 + (code & 0xFF))  # (々)


def phrase_compounds(text: str) -> tuple[str, ...]:
    """The kanji runs of MIN_COMPOUND or more characters in one card phrase."""
    return tuple(RUN.findall(text))


@lru_cache(maxsize=64)
def compound_pattern(compounds: frozenset[str]) -> re.Pattern[str] | None:
    """A pattern finding these compounds, the longest first at each place (None for none). (A card's text
    of its own, a question or a keyword, is read with RUN: every run of MIN_COMPOUND kanji or more.)"""
    chosen = sorted(compounds, key=lambda word: (-len(word), word))[:MAX_COMPOUNDS]
    return re.compile("|".join(map(re.escape, chosen))) if chosen else None


def mark(words: Sequence[str], parts: Sequence[str], pattern: re.Pattern[str] | None) -> tuple[str, ...] | None:
    """The words with each compound the pattern finds, written as one piece after another without a gap,
    read as its own characters but for the last HEAD; None when none is found. `parts` alternate gaps and
    pieces (Tokens.parts)."""
    if pattern is None:
        return None
    pieces = parts[1::2]
    text = "".join(pieces)
    if len(text) < MIN_COMPOUND:
        return None
    ends = list(accumulate(map(len, pieces)))  # piece i covers text[ends[i] - len(pieces[i]) : ends[i]]
    marked: list[str] | None = None
    for found in pattern.finditer(text):
        first = bisect_right(ends, found.start())
        last = first + len(found.group()) - 1
        if last >= len(pieces) or any(len(pieces[index]) != 1 for index in range(first, last + 1)) \
                or any(parts[2 * index] for index in range(first + 1, last + 1)):
            continue  # (not one kanji a piece, or a gap between: not this compound as written)
        if marked is None:
            marked = list(words)
        compound = found.group()
        for offset in range(len(compound) - HEAD):
            marked[first + offset] = bound(compound[offset])
    return tuple(marked) if marked is not None else None
