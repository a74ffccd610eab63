"""Which words of a German answer are written with a capital: German capitalises every noun, so the
clause rules (german_clauses.py) tell nouns from verbs and adjectives by it, where the writer does."""

from __future__ import annotations

import re
from itertools import accumulate

from bot.core.text_normalize import SENTENCE_MARKS, Tokens


class Capitals:
    """Per token, whether it is written with a capital (looked up when asked)."""

    __slots__ = ("_starts", "_text")

    def __init__(self, tokens: Tokens) -> None:
        self._text = tokens.text
        self._starts = list(accumulate(map(len, tokens.parts)))  # token k starts at _starts[2k]

    def __getitem__(self, index: int) -> bool:
        return self._text[self._starts[2 * index]].isupper()


class SentenceCapitals:
    """The capitals, a sentence's first word counted as capitalised (its capital says nothing)."""

    __slots__ = ("_capitals", "_words")

    def __init__(self, capitals: Capitals, words: tuple[str, ...]) -> None:
        self._capitals = capitals
        self._words = words

    def __getitem__(self, index: int) -> bool:
        return index == 0 or self._words[index - 1] in SENTENCE_ENDS or self._capitals[index]


SENTENCE_ENDS = SENTENCE_MARKS | frozenset(("\n", ";", ":"))
# a capital inside a sentence: after a word that does not end one (the writer capitalises nouns)
_INNER_CAPITAL = re.compile(r"[^\s.!?:;]\s+[A-ZÄÖÜ]")


def capitals_of(tokens: Tokens) -> Capitals | None:
    """Per token, whether it is written with a capital; None when the writer does not capitalise
    nouns (no capital but at a sentence's start) or the offsets cannot be read."""
    text = tokens.text
    if len(text) != len(tokens.lowered) or _INNER_CAPITAL.search(text) is None:
        return None
    return Capitals(tokens)
