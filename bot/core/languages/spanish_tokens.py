"""Spanish tokens that need the text between them (bot/core/languages/spanish.py reads an answer through
`read_tokens` after the shared tokeniser):

- a word with digits inside it is one symbol: "CO2", "H2O", "C6H12O6", "int8" (the shared tokeniser cuts
  letters from digits, so "O2" was the conjunction "o" and a number, and the "2" of "CO2" was a count);
- a question ("¿Son procesos inversos?") states nothing: its first little word becomes a `Question`, a
  "not" whose reach is the whole question (spanish_statements.py); a question without a little word gets
  an empty token for it. "¿Sabías que ...?" asks nothing.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.core.languages.alphabetic import NEGATION
from bot.core.text_normalize import SENTENCE_MARKS, STOPWORDS, Tokens

_GLUED = re.compile(r"[a-z][0-9]")
_RHETORICAL = frozenset(("sabias", "sabes", "sabian", "sabiais"))  # "¿sabías que ...?": a statement


class Question(str):
    """The "not" that stands for a question: `start` is the question's first token position."""

    start: int

    def __new__(cls, start: int) -> Question:
        marker = super().__new__(cls, NEGATION)
        marker.start = start
        return marker


def read_tokens(tokens: Tokens) -> Tokens:
    """The shared tokens with formulas joined and questions marked (the same object when neither)."""
    lowered = tokens.lowered
    words, parts = tokens.words, tokens.parts
    if _GLUED.search(lowered):
        words, parts = _join_symbols(words, parts)
    if "?" in words:
        words, parts = _mark_questions(words, parts)
    if words is tokens.words:
        return tokens
    return Tokens(tokens.text, lowered, words, parts, tokens.as_written)


def _join_symbols(words: tuple[str, ...], parts: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tokens written without a gap between them that hold a letter right before a digit become one."""
    pieces = parts[1::2]
    new_words: list[str] = []
    new_parts: list[str] = [parts[0]]
    index = 0
    count = len(pieces)
    while index < count:
        end = index + 1
        while end < count and parts[2 * end] == "" and pieces[end].isalnum() and pieces[end - 1].isalnum():
            end += 1
        run = pieces[index:end]
        if end - index > 1 and any(a[-1].isalpha() and b[0].isdigit() for a, b in pairwise(run)):
            symbol = "".join(run)  # (the shared tokeniser's pieces are lower-cased)
            new_words.append(symbol)
            new_parts += [symbol, parts[2 * end]]
        else:
            for at in range(index, end):
                new_words.append(words[at])
                new_parts += [parts[2 * at + 1], parts[2 * at + 2]]
        index = end
    return tuple(new_words), tuple(new_parts)


def _mark_questions(words: tuple[str, ...], parts: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each question's first little word becomes a `Question`; a question without one ("¿hubo sequía?")
    gets an empty token at its start to carry it."""
    spans: list[tuple[int, int]] = []  # (first token, its "?") of each question
    start = 0
    for position, word in enumerate(words):
        if "¿" in parts[2 * position]:
            start = position  # "La luz, ¿para qué sirve?": the question starts at "¿"
        if word == "?":
            if start < position and parts[2 * start + 1] not in _RHETORICAL:
                spans.append((start, position))
            start = position + 1
        elif word in SENTENCE_MARKS:
            start = position + 1
    if not spans:
        return words, parts
    marked = list(words)
    new_parts = list(parts)
    inserted = 0
    for first, end in spans:
        first += inserted
        little = next((at for at in range(first, end + inserted) if marked[at] in STOPWORDS), None)
        if little is None:
            marked.insert(first, "")
            new_parts[2 * first + 1 : 2 * first + 1] = ["", ""]  # (the texts' concatenation is unchanged)
            little = first
            inserted += 1
        marked[little] = Question(first)
    return tuple(marked), tuple(new_parts)
