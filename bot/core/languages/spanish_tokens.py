"""Spanish tokens that need the text between them (bot/core/languages/spanish.py reads an answer through
`read_tokens` after the shared tokeniser):

- a word with digits inside it is one symbol: "CO2", "H2O", "C6H12O6", "int8" (the shared tokeniser cuts
  letters from digits, so "O2" was the conjunction "o" and a number, and the "2" of "CO2" was a count);
  a formula that names one word is read as that word ("H2O" is "agua", spanish.py lists them); a count
  glued before it stays a number ("6O2" is six "O2", as in English and German);
- a question ("¿Son procesos inversos?") states nothing: its first little word becomes a `Question`, a
  "not" whose reach is the whole question (spanish_statements.py); a question without a little word gets
  an empty token for it. "¿Sabías que ...?" asks nothing.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from itertools import compress, pairwise

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


def read_tokens(tokens: Tokens, names: Mapping[str, str]) -> Tokens:
    """The shared tokens with formulas joined and questions marked (the same object when neither).
    `names`: a formula -> the canonical word it is read as ("h2o" -> the word for water)."""
    lowered = tokens.lowered
    words, parts = tokens.words, tokens.parts
    if _GLUED.search(lowered):
        words, parts = _join_symbols(words, parts, names)
    if "?" in words:
        words, parts = _mark_questions(words, parts)
    if words is tokens.words:
        return tokens
    return Tokens(tokens.text, lowered, words, parts, tokens.as_written)


def _join_symbols(words: tuple[str, ...], parts: tuple[str, ...], names: Mapping[str, str],
                  ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tokens written without a gap between them that hold a letter right before a digit become one."""
    pieces = parts[1::2]
    # tokens with no gap before them (C-level: only those are looked at), grouped in runs
    runs: list[list[int]] = []
    for index in compress(range(1, len(pieces)), map(operator.not_, parts[2 : 2 * len(pieces) : 2])):
        if pieces[index].isalnum() and pieces[index - 1].isalnum():
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index - 1, index])
    # a digit run glued before a formula is its count ("6CO2" is six of "CO2", as "6 CO2"), not part of it
    runs = [run[1:] if pieces[run[0]].isdigit() and pieces[run[1]][0].isalpha() else run for run in runs]
    joined = [run for run in runs
              if any(pieces[a][-1].isalpha() and pieces[b][0].isdigit() for a, b in pairwise(run))]
    if not joined:
        return words, parts
    new_words = list(words)
    new_parts = list(parts)
    for run in reversed(joined):  # (from the end: earlier indexes stay valid)
        first, last = run[0], run[-1]
        symbol = "".join(pieces[first : last + 1])  # (the shared tokeniser's pieces are lower-cased)
        new_words[first : last + 1] = [names.get(symbol, symbol)]
        new_parts[2 * first + 1 : 2 * last + 2] = [symbol]
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
