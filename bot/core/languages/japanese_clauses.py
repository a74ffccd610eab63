"""Japanese clauses that state neither a claim nor its opposite, and two negations that affirm.

Rewrites of an answer's canonical words (bot/core/languages/japanese.py calls them on every tokenising),
decided from the pieces as written. A clause that states nothing has its content words read as endings,
so that no keyword is found there, not even one that says "not" itself (such a keyword is taken as written,
and a denial would not reach it):
- a question or a doubt ("…だっけ", "…のかな", "…の?", a question mark): its sentence;
- an embedded question ("酸素が出るのかどうかは…"): its clause;
- a negated clause denied in turn ("光が当たらなかったからではなく、…": not because there was no light):
  that clause.
Two negations with only little words between them that are no contrast ("出さないことはない", "流れなくは
ない", "ないわけではない") affirm: both are read as endings.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import CLAUSE_STOPS
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS

QUESTION = "?"
ENDING = "the"  # what an inflection or a particle without a role reads as
# Doubt words: the sentence they end is a question ("かも" is a guess)
DOUBT_WORDS = ("だっけ", "っけ", "かな", "かしら", "だろうか", "でしょうか", "かも")
EMBEDDED_QUESTION = "かどうか"
_DOUBTS = frozenset(DOUBT_WORDS)
_TOPIC = "is"  # は
_CLAUSE_ENDS = MARKS | CLAUSE_STOPS | {_TOPIC}
_KANA_NEGATIONS = ("な", "ず", "ぬ", "ませ")  # (no doubt word: "かどうかはわからない" has one negation)
_CONTRAST = ("では", "じゃ", "で")  # "…ではなく": not this, but …
_DOUBLE_REACH = 4  # little words between two negations that cancel


def read_questions(words: list[str], pieces: Sequence[str]) -> None:
    """Questions and doubts state nothing (see the module's docstring)."""
    if not _DOUBTS.isdisjoint(pieces) or EMBEDDED_QUESTION in pieces:
        for index, piece in enumerate(pieces):
            if piece in _DOUBTS:
                _erase_back(words, index, SENTENCE_MARKS)
            elif piece == EMBEDDED_QUESTION:
                _erase_back(words, index, _CLAUSE_ENDS)
    for index in _positions(words, QUESTION):
        _erase_back(words, index, SENTENCE_MARKS)


def read_double_negations(words: list[str], pieces: Sequence[str], negations: Sequence[int]) -> None:
    """Two kana negations with only little words between: a negated clause denied by a contrast
    ("…なかったからではなく") states nothing; otherwise the two cancel ("…ないことはない")."""
    previous = -1
    for index in negations:
        if previous >= 0 and 0 < index - previous - 1 <= _DOUBLE_REACH \
                and pieces[index].startswith(_KANA_NEGATIONS) and pieces[previous].startswith(_KANA_NEGATIONS) \
                and all(word in STOPWORDS for word in words[previous + 1 : index]):
            contrast = pieces[index].startswith("なく") and "".join(pieces[previous + 1 : index]).endswith(_CONTRAST)
            words[previous] = words[index] = ENDING
            if contrast:
                _erase_back(words, previous, _CLAUSE_ENDS)
        previous = index


def _erase_back(words: list[str], end: int, stops: frozenset[str]) -> None:
    """The words before `end`, back to one of `stops`, and the word at `end` (unless a mark), read as endings."""
    if words[end] not in MARKS:
        words[end] = ENDING
    position = end - 1
    while position >= 0 and words[position] not in stops:
        if words[position] not in MARKS:
            words[position] = ENDING
        position -= 1


def _positions(items: list[str], item: str) -> list[int]:
    """Where `item` stands in the list (list.index: a C-level scan)."""
    found: list[int] = []
    position = -1
    try:
        while True:
            position = items.index(item, position + 1)
            found.append(position)
    except ValueError:
        return found
