"""How far a Spanish denial reaches beyond the shared rule (alphabetic.negated_positions), for
bot/core/languages/spanish.py:

- a question states nothing: every content word between its start and its "?" is denied (its marker,
  a `Question`, is made in spanish_tokens.py);
- a denial of what was just said ("..., eso no es así.", "... no es cierto.", "Es mentira.") denies its
  sentence before it, or the sentence before that when its own says nothing else; not when what it
  denies holds a negation itself ("creen que no respiran, pero no es así": denying a denial);
- a denial that governs a "que" clause ("no creo que", "no es cierto que", "dudo que", "no hay que")
  reaches the whole clause, however long, up to a mark or a clause word; one that holds a negation of
  its own is said ("no es cierto que la planta no respire": it does);
- "X no es / fue Y" denies what it says of its subject too ("la sequía no fue la causa"), unless hedged
  ("no fue solo ...");
- a "no" alone after "pero" at a sentence's end ("dicen que ..., pero no.") denies that sentence;
- a guess ("quizás", "tal vez", "a lo mejor", "puede que": a `Hedge`, made in spanish.py) states
  nothing of what follows it in its clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from bot.core.languages.alphabetic import (
    BACK_SCOPE,
    CLAUSE_STOPS,
    HEDGES,
    NEGATION,
    ForwardNegation,
    content_before,
    negated_positions,
)
from bot.core.languages.spanish_tokens import Question
from bot.core.text_normalize import MARKS, NOT_CONTENT, SENTENCE_MARKS

_NEUTRAL = "very"  # a little word that neither denies nor ends a clause
_BEFORE_QUE = 4  # tokens between a negation and the "que" of the clause it governs, at most
_QUE_CLAUSE = 24  # tokens of that clause denied, at most
_RELATIVE = frozenset(("that", "where"))  # "que", "quien", "donde": a relative clause's start


class Hedge(ForwardNegation):
    """A guess ("quizás", "tal vez"): a negation of all that follows it in its clause, never before."""

    __slots__ = ()


class Concord(str):
    """A "nada", "nunca", "ningún" after a "no" of its clause (negative concord, made in spanish.py): it
    denies what follows it, as the "no" does, but with that "no" it is one negation, never a double one."""

    __slots__ = ()


class StatementReach:
    """`true_words`: canonical words of "no es así / cierto / verdad"."""

    def __init__(self, true_words: frozenset[str]) -> None:
        self.true_words = true_words

    def negated_positions(self, words: Sequence[str]) -> frozenset[int]:
        """The shared reach, and the three above."""
        questions = [at for at in compress(range(len(words)), map(NEGATION.__eq__, words))
                     if isinstance(words[at], Question)]
        plain = [_NEUTRAL if isinstance(word, Question) else word for word in words] if questions else words
        if "that" in plain:
            plain = _double_denials(plain)
        denied = set(negated_positions(plain))
        for at in questions:
            start = words[at].start  # type: ignore[attr-defined]
            end = at
            while end < len(words) and words[end] != "?":
                end += 1
            denied.update(position for position in range(start, end) if words[position] not in NOT_CONTENT)
        count = len(plain)
        for at in compress(range(count), map(NEGATION.__eq__, plain)):
            if isinstance(plain[at], Hedge):
                _rest_of_clause(plain, at, denied)
                continue
            _que_clause(plain, at, denied)
            if (at + 2 < count and plain[at + 1] == "is" and plain[at + 2] not in HEDGES
                    and not isinstance(plain[at], ForwardNegation)):
                # "la sequía no fue la causa"; not the noun a "que" before it refers to ("los animales que
                # no son mamíferos ponen huevos": the relative clause speaks of them, the main clause stands)
                denied.update(content_before(plain, at, BACK_SCOPE, _RELATIVE))
            if at + 3 <= count and plain[at + 1] == "is" and plain[at + 2] in self.true_words:
                self._said_before(plain, at, at + 3, denied)
            elif at and plain[at - 1] == "is":  # "es falso.", "es mentira." (read as "not", spanish.py)
                self._said_before(plain, at - 1, at + 1, denied)
            elif at and plain[at - 1] == "but" and (at + 1 == count or plain[at + 1] in SENTENCE_MARKS):
                self._said_before(plain, at - 1, at + 1, denied)  # "dicen que ..., pero no."
        return frozenset(denied)

    @staticmethod
    def _said_before(words: Sequence[str], start: int, end: int, denied: set[int]) -> None:
        """The denial words[start:end] ends its clause: what its sentence said before it is denied."""
        if end < len(words) and (words[end] not in MARKS or words[end] == "?"):
            return  # "no es así de simple"; "..., ¿no es así?" asks for agreement
        first = start
        while first > 0 and words[first - 1] not in SENTENCE_MARKS:
            first -= 1
        said = [position for position in range(first, start) if words[position] not in NOT_CONTENT]
        if not said and first > 0:  # "La sal se evapora. Eso es falso."
            before = first - 1
            while before > 0 and words[before - 1] not in SENTENCE_MARKS:
                before -= 1
            first, start = before, first - 1
            said = [position for position in range(first, start) if words[position] not in NOT_CONTENT]
        if NEGATION not in words[first:start]:
            denied.update(said)


def _que_start(words: Sequence[str], at: int) -> int | None:
    """The "que" a negation at `at` governs ("no creo que", "no es cierto que"), if any."""
    between = words[at + 1 : at + 1 + _BEFORE_QUE]
    if "that" not in between:
        return None
    que = at + 1 + list(between).index("that")
    if any(word in MARKS or word in CLAUSE_STOPS or word == NEGATION for word in words[at + 1 : que]):
        return None
    return que


def _double_denials(words: Sequence[str]) -> Sequence[str]:
    """"No es cierto que la planta no respire" says it does: a negation that governs a "que" clause
    holding a negation of its own cancels it, and both are read as little words."""
    changed: list[str] | None = None
    for at in compress(range(len(words)), map(NEGATION.__eq__, words)):
        if isinstance(words[at], (Hedge, Concord)) or (changed is not None and changed[at] == _NEUTRAL):
            continue
        que = _que_start(words, at)
        if que is None:
            continue
        for position in range(que + 1, min(len(words), que + 1 + _QUE_CLAUSE)):
            word = words[position]
            if word in MARKS or word in CLAUSE_STOPS:
                break
            if word == NEGATION and not isinstance(word, Concord):
                changed = changed if changed is not None else list(words)
                changed[at] = changed[position] = _NEUTRAL
                break
    return words if changed is None else changed


def _que_clause(words: Sequence[str], at: int, denied: set[int]) -> None:
    """A negation right before a "que" ("no creo que", "no es cierto que") denies that clause whole."""
    que = _que_start(words, at)
    if que is not None:
        _rest_of_clause(words, que, denied)


def _rest_of_clause(words: Sequence[str], at: int, denied: set[int]) -> None:
    """The content words after `at` up to its clause's end (a mark or a clause word)."""
    for position in range(at + 1, min(len(words), at + 1 + _QUE_CLAUSE)):
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS:
            break
        if word not in NOT_CONTENT and word != NEGATION:
            denied.add(position)
