"""Misconceptions: whether an answer states one of a card's wrong ideas (the rules are in
bot/core/grading_relations.py).

A trigger is stated where its content words follow each other in order, at most TRIGGER_GAP content
words (TRIGGER_REACH words in all) between neighbours, no punctuation or clause word between them, none
denied. From each place of its first word, the next word is looked up in its sorted positions, and the
few words between checked with C-level set tests. The work per answer is bounded: at most
MAX_TRIGGER_STARTS places of a trigger's first word are tried, each costing as many of the answer's
MAX_TRIGGER_STEPS as the trigger has words (the most it can take); past them, the places not yet
tried, and the triggers not yet looked for, are not stated.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.core.grading_roles import CLAUSE_WORDS, Phrase
from bot.core.limits import MAX_TRIGGER_STARTS, MAX_TRIGGER_STEPS
from bot.core.text_normalize import MARKS, STOPWORDS, Tokens

TRIGGER_GAP = 1  # content words allowed between two neighbouring words of a trigger ("teacher model is smaller")
TRIGGER_REACH = 4  # and words of any kind
TRIGGER_BREAKS = MARKS | CLAUSE_WORDS  # (less the clause words a trigger holds itself)


@dataclass(frozen=True, slots=True)
class MisconceptionFound:
    """A misconception the answer states: the trigger (as the author wrote it), the answer's words
    that stated it, the correction to show, and the concept it voids (None: only corrected)."""

    trigger: str
    matched: str
    correction: str
    contradicts: str | None


@dataclass(frozen=True, slots=True)
class CompiledMisconception:
    triggers: tuple[tuple[str, Phrase, bool, frozenset[str]], ...]  # (text, ids, says "not", its clause words)
    correction: str
    contradicts: int | None  # concept index
    contradicts_name: str | None


def stated_misconceptions(
    tokens: Tokens, misconceptions: Sequence[CompiledMisconception], by_id: dict[int, list[int]],
    negated: Collection[int],
) -> tuple[list[MisconceptionFound], set[int], int]:
    """The misconceptions the answer states (at most one trigger each: the first that holds), the
    concepts they contradict, and the steps the search took. `by_id`: the answer positions of each
    word of the card's relation vocabulary, sorted; `negated`: the positions a negation denies."""
    found: list[MisconceptionFound] = []
    contradicted: set[int] = set()
    present = by_id.keys()
    search = _TriggerSearch(tokens.words, by_id, negated)
    for misconception in misconceptions:
        for text, phrase, says_not, own_clause_words in misconception.triggers:
            if not present >= set(phrase):
                continue
            place = search.place(phrase, says_not, TRIGGER_BREAKS - own_clause_words if own_clause_words else TRIGGER_BREAKS)
            if place is not None:
                shown = tokens.display([place])[0]
                found.append(MisconceptionFound(text, shown, misconception.correction, misconception.contradicts_name))
                if misconception.contradicts is not None:
                    contradicted.add(misconception.contradicts)
                break
    return found, contradicted, MAX_TRIGGER_STEPS - max(search.steps, 0)


class _TriggerSearch:
    __slots__ = ("_by_id", "_negated", "_words", "steps")

    def __init__(self, words: Sequence[str], by_id: dict[int, list[int]], negated: Collection[int]) -> None:
        self._words = words
        self._by_id = by_id
        self._negated = negated
        self.steps = MAX_TRIGGER_STEPS

    def place(self, phrase: Phrase, says_not: bool, breaks: frozenset[str]) -> tuple[int, ...] | None:
        """The first place where the phrase's words follow each other closely, undenied. Each place of
        its first word tried costs as many steps as the phrase has words (the most it can take)."""
        by_id = self._by_id
        empty: list[int] = []
        lists = [by_id.get(word_id, empty) for word_id in phrase]
        if not all(lists):
            return None
        affordable = self.steps // len(phrase)
        starts = lists[0][: min(MAX_TRIGGER_STARTS, affordable)]
        words = self._words
        denied: Collection[int] = () if says_not else self._negated
        rest = lists[1:]
        tried = 0
        for start in starts:
            tried += 1
            if start in denied:
                continue
            place = [start]
            previous = start
            for positions in rest:
                index = bisect_right(positions, previous)
                if index == len(positions):
                    break
                following = positions[index]
                if following - previous > TRIGGER_REACH + 1 or following in denied:
                    break
                between = words[previous + 1 : following]
                if not breaks.isdisjoint(between) or len(between) - sum(map(STOPWORDS.__contains__, between)) > TRIGGER_GAP:
                    break
                place.append(following)
                previous = following
            else:
                self.steps -= tried * len(phrase)
                return tuple(place)
        cut = len(starts) < min(MAX_TRIGGER_STARTS, len(lists[0]))  # (the steps left did not afford them all)
        self.steps = 0 if cut else self.steps - tried * len(phrase)
        return None
