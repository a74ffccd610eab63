"""Misconceptions: whether an answer states one of a card's wrong ideas (the rules are in
bot/core/grading_relations.py).

A trigger is stated where its content words follow each other in order, at most TRIGGER_GAP content
words (TRIGGER_REACH words in all) between neighbours, no punctuation or clause word between them, none
denied. Each step of the search (a place of a trigger's first word tried, or the next word looked up
after it) is a look-up in sorted positions and two differences of running counts (content words and
breaks before each position, counted once per answer), not a scan of the words between. The work per
answer is bounded: at most MAX_TRIGGER_STARTS places of a trigger's first word, and MAX_TRIGGER_STEPS
steps for all triggers together; past it, the triggers not yet looked for are not stated.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate

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
    __slots__ = ("_breaks", "_by_id", "_little", "_negated", "_words", "steps")

    def __init__(self, words: Sequence[str], by_id: dict[int, list[int]], negated: Collection[int]) -> None:
        self._words = words
        self._by_id = by_id
        self._negated = negated
        self._little: list[int] | None = None  # little words before each position (then content: the rest)
        self._breaks: dict[frozenset[str], list[int]] = {}  # break words before each position, per set of breaks
        self.steps = MAX_TRIGGER_STEPS

    def place(self, phrase: Phrase, says_not: bool, breaks: frozenset[str]) -> tuple[int, ...] | None:
        """The first place where the phrase's words follow each other closely, undenied."""
        by_id = self._by_id
        empty: list[int] = []
        lists = [by_id.get(word_id, empty) for word_id in phrase]
        if not all(lists) or self.steps <= 0:
            return None
        little = self._little
        if little is None:
            little = self._little = list(accumulate(bytes(map(STOPWORDS.__contains__, self._words)), initial=0))
        broken = self._breaks.get(breaks)
        if broken is None:
            broken = self._breaks[breaks] = list(accumulate(bytes(map(breaks.__contains__, self._words)), initial=0))
        denied: Collection[int] = () if says_not else self._negated
        steps = self.steps
        try:
            for start in lists[0][:MAX_TRIGGER_STARTS]:
                steps -= 1
                if steps < 0:
                    return None
                if start in denied:
                    continue
                place = [start]
                previous = start
                for positions in lists[1:]:
                    steps -= 1
                    if steps < 0:
                        return None
                    index = bisect_right(positions, previous)
                    if index == len(positions):
                        break
                    following = positions[index]
                    # between them (previous + 1 .. following - 1): no break, at most TRIGGER_GAP content words
                    between = following - previous - 1
                    if (
                        between > TRIGGER_REACH
                        or following in denied
                        or broken[following] != broken[previous + 1]
                        or between - (little[following] - little[previous + 1]) > TRIGGER_GAP
                    ):
                        break
                    place.append(following)
                    previous = following
                else:
                    return tuple(place)
            return None
        finally:
            self.steps = steps
