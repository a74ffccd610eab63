"""Finding a card's keywords in an answer's tokens: exact look-ups, typo matches, phrase windows,
denials and copies. The per-answer half of grading; `grading_compile` builds the per-card half."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, islice, pairwise
from operator import not_

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.grading_compile import COPY_RUN, PHRASE_SLACK, CompiledCard, Keyword, allowed_edits
from bot.core.grading_negation import clause_ids, copied_positions, negated_positions
from bot.core.text_normalize import (
    MARKS,
    NOT_CONTENT,
    SENTENCE_MARKS,
    Tokens,
    canonical_word,
    split_words,
)

_FUZZY_CACHE_LIMIT = 4_000  # memoised words per compiled card (256 cards kept): bounded memory
# Places of one keyword examined at most (all denied or copied so far): bounds time on hostile text.
MAX_OCCURRENCES = 50
# A phrase's words must not straddle these: "similar results, but the performance is poor".
PHRASE_BREAKERS = frozenset(split_words("but however although though whereas yet while instead"))
# Words that do not push a phrase's words apart: "the model gets much smaller" is "smaller model".
LIGHT_WORDS = frozenset(
    canonical_word(word) for word in split_words("get gets got become becomes became much far way lot quite really even")
)
_NOT_COUNTED = NOT_CONTENT | LIGHT_WORDS
_RUN = b"\x01" * COPY_RUN
_NEW_PHRASE_SPAN = SENTENCE_MARKS | PHRASE_BREAKERS


@dataclass(slots=True)
class Match:
    keyword: Keyword
    positions: tuple[int, ...]
    score: int


def find_matches(
    tokens: Tokens, card: CompiledCard
) -> tuple[list[Match | None], list[bool], frozenset[int], int]:
    """Per concept: its best credited match (or None) and whether a match was found but denied; also
    the vocabulary ids present and how many words were copied from the question or hint."""
    words = tokens.words
    by_id, similarity = _resolve_words(tokens, card)
    present = frozenset(by_id)

    candidates: dict[int, list[int]] = {}
    for word_id in by_id:
        for concept_index, keyword_index in card.keywords_by_first_word.get(word_id, ()):
            keyword = card.keywords[concept_index][keyword_index]
            if len(keyword.word_ids) == 1 or keyword.word_set <= present:
                candidates.setdefault(concept_index, []).append(keyword_index)

    negated = negated_positions(words) if "not" in words else frozenset()
    clauses = clause_ids(words) if negated else []
    denied_by_clause = _denied_by_clause(by_id, negated, clauses) if negated else {}
    copies = _CopyCheck(words, card) if _copy_possible(words, card) else None
    layout: list[tuple[list[int], list[int]]] = []

    found: list[Match | None] = [None] * len(card.keywords)
    denied = [False] * len(card.keywords)
    for concept_index, keyword_indexes in candidates.items():
        best: Match | None = None
        was_denied = False
        for keyword_index in sorted(keyword_indexes):
            keyword = card.keywords[concept_index][keyword_index]
            if len(keyword.word_ids) == 1:
                places: Iterable[tuple[int, ...]] = [(p,) for p in by_id[keyword.word_ids[0]][:MAX_OCCURRENCES]]
            else:
                if not layout:
                    layout.append(_layout(words))
                places = islice(_occurrences(keyword, by_id, layout), MAX_OCCURRENCES)
            for positions in places:
                if copies is not None and copies.any_copied(positions):
                    continue
                if negated and _is_denied(positions, negated, clauses, denied_by_clause, card.concept_words[concept_index]):
                    was_denied = True
                    continue
                score = (
                    min(similarity.get((p, w), 100) for p, w in zip(positions, keyword.word_ids, strict=True))
                    if similarity
                    else 100
                )
                if best is None or score > best.score:
                    best = Match(keyword, positions, score)
                break
            if best is not None and best.score == 100:
                break
        found[concept_index] = best
        denied[concept_index] = was_denied and best is None
    return found, denied, present, copies.count_all(not any(found)) if copies is not None else 0


def _copy_possible(words: tuple[str, ...], card: CompiledCard) -> bool:
    """Whether COPY_RUN words of the question or hint follow each other anywhere (punctuation between
    them allowed): a quick C-level test that spares most answers the exact check."""
    if not card.copy_grams:
        return False
    return _RUN in bytes(map(card.copy_vocabulary_or_marks.__contains__, words))


class _CopyCheck:
    """Whether answer words belong to a run copied from the question or hint, checked only for the
    words that matched a keyword (the whole answer only when it is short enough to be mostly copied)."""

    def __init__(self, words: tuple[str, ...], card: CompiledCard) -> None:
        self.words = words
        self.grams = card.copy_grams
        self.vocabulary = card.copy_vocabulary
        self.known: dict[int, bool] = {}

    def any_copied(self, positions: tuple[int, ...]) -> bool:
        if self.grams:
            for position in positions:
                if self.copied(position):
                    return True
        return False

    def copied(self, position: int) -> bool:
        if self.words[position] not in self.vocabulary:
            return False
        known = self.known.get(position)
        if known is None:
            known = self.known[position] = _in_copied_run(self.words, self.grams, self.vocabulary, position)
        return known

    def count_all(self, nothing_found: bool) -> int:
        """How many words are copied: only worth counting (for the `copied-question` flag) when a
        match was voided as copied, or when the answer earned nothing."""
        if not self.grams or not (nothing_found or any(self.known.values())):
            return 0
        return len(copied_positions(self.words, self.grams))


def _in_copied_run(
    words: tuple[str, ...], grams: frozenset[tuple[str, ...]], vocabulary: frozenset[str], position: int
) -> bool:
    """Whether a run of COPY_RUN words through `position` is one of `grams`; gathers only the
    neighbours that could be part of a copy (words of the question or hint)."""
    before: list[str] = []
    index = position - 1
    while index >= 0 and len(before) < COPY_RUN - 1:
        word = words[index]
        if word not in MARKS:
            if word not in vocabulary:
                break
            before.append(word)
        index -= 1
    after: list[str] = []
    index = position + 1
    while index < len(words) and len(after) < COPY_RUN - 1:
        word = words[index]
        if word not in MARKS:
            if word not in vocabulary:
                break
            after.append(word)
        index += 1
    if len(before) + len(after) + 1 < COPY_RUN:
        return False
    around = [*reversed(before), words[position], *after]
    here = len(before)
    return any(
        tuple(around[start : start + COPY_RUN]) in grams
        for start in range(max(0, here - COPY_RUN + 1), here + 1)
        if start + COPY_RUN <= len(around)
    )


def _denied_by_clause(
    by_id: dict[int, list[int]], negated: frozenset[int], clauses: list[int]
) -> dict[int, set[int]]:
    """Per clause, the vocabulary ids of its denied words."""
    result: dict[int, set[int]] = {}
    for word_id, positions in by_id.items():
        for position in positions:
            if position in negated:
                result.setdefault(clauses[position], set()).add(word_id)
    return result


def _resolve_words(tokens: Tokens, card: CompiledCard) -> tuple[dict[int, list[int]], dict[tuple[int, int], int]]:
    """Where each keyword word occurs in the answer (vocabulary id -> positions): exact look-ups first,
    then typo matches for the long words not spelt like any keyword word (one cdist call, memoised
    per card). Also the similarity of each typo match."""
    words = tokens.words
    get = card.vocab.get
    by_id: dict[int, list[int]] = {}
    distinct = set(words)
    if not distinct.isdisjoint(card.vocab):
        for position, word_id in enumerate(map(get, words)):
            if word_id is not None:
                by_id.setdefault(word_id, []).append(position)
    similarity: dict[tuple[int, int], int] = {}
    if not distinct.isdisjoint(card.compound_tails):  # "trade off" written for the keyword "tradeoff"
        tails = card.compound_tails
        surface = tokens.surface
        for position in range(1, len(words)):
            if words[position] in tails:
                joined = get(canonical_word(surface[position - 1] + surface[position]))
                if joined is not None:
                    by_id.setdefault(joined, []).extend((position - 1, position))
    # Words known to match no keyword word are removed with one set difference.
    unknown = distinct.difference(card.vocab, NOT_CONTENT, card.no_typo)
    if unknown and card.fuzzy_words:
        typo_words = _typo_matches(unknown, card)
        if typo_words:
            for position in [i for i, word in enumerate(words) if word in typo_words]:
                for word_id, score in typo_words[words[position]]:
                    by_id.setdefault(word_id, []).append(position)
                    similarity[(position, word_id)] = score
            for positions in by_id.values():
                positions.sort()
    return by_id, similarity


def _typo_matches(unknown: set[str], card: CompiledCard) -> dict[str, tuple[tuple[int, int], ...]]:
    """The typo matches of the words in `unknown` (memoised per card; words with none are remembered
    in `card.no_typo`, so later answers skip them with a set difference)."""
    cache = card.fuzzy_cache
    if len(cache) + len(card.no_typo) > _FUZZY_CACHE_LIMIT:
        cache.clear()
        card.no_typo.clear()
    missing = []
    for word in unknown:
        if word in cache:
            continue
        if len(word) >= 5 and word.isascii() and word.isalpha():
            missing.append(word)
        else:
            card.no_typo.add(word)
    if missing:
        distances = process.cdist(
            missing, card.fuzzy_words, scorer=OSA.distance, score_cutoff=2, dtype=np.int32, workers=1
        )
        for row, word in enumerate(missing):
            close = []
            for column in np.flatnonzero(distances[row] <= 2):
                target = card.fuzzy_words[column]
                distance = int(distances[row, column])
                if target[0] == word[0] and distance <= allowed_edits(max(len(target), len(word))):
                    close.append((card.fuzzy_ids[column], 100 - (100 * distance) // len(target)))
            if close:
                cache[word] = tuple(close)
            else:
                card.no_typo.add(word)
    return {word: cache[word] for word in unknown if word in cache}


def _layout(words: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Per token: its phrase span number (sentences, cut at "but"...) and its index among content
    words, for phrase windows."""
    span = list(accumulate(map(int, map(_NEW_PHRASE_SPAN.__contains__, words))))
    content = map(int, map(not_, map(_NOT_COUNTED.__contains__, words)))
    return span, list(accumulate(content, initial=0))


def _occurrences(
    keyword: Keyword, by_id: dict[int, list[int]], layout: list[tuple[list[int], list[int]]]
) -> Iterator[tuple[int, ...]]:
    """Places where all of a multi-word keyword's words occur close together in one sentence, in
    reading order (lazily: the caller usually stops at the first one it can credit)."""
    word_ids = keyword.word_ids
    span, content_index = layout[0]
    at = content_index.__getitem__
    window = len(word_ids) + PHRASE_SLACK
    for anchor in by_id[word_ids[0]]:
        here = content_index[anchor]
        chosen = [anchor]
        for word_id in word_ids[1:]:
            positions = by_id[word_id]
            low = bisect_left(positions, here - window + 1, key=at)
            high = bisect_right(positions, here + window - 1, key=at)
            candidates = [p for p in positions[low:high] if p not in chosen and span[p] == span[anchor]]
            if not candidates:
                break
            chosen.append(min(candidates, key=lambda p: (abs(content_index[p] - here), p < anchor)))
        else:
            indexes = [content_index[p] for p in chosen]
            spread = max(indexes) - min(indexes)
            in_order = all(a < b for a, b in pairwise(chosen))
            # in order, a few words may come between ("large, complex model"); out of order only little
            # words may ("the model is large"), not other content ("a model that mimics a larger one")
            if spread < window if in_order else spread < len(word_ids):
                yield tuple(chosen)


def _is_denied(
    positions: tuple[int, ...],
    negated: frozenset[int],
    clauses: list[int],
    denied_by_clause: dict[int, set[int]],
    own: frozenset[int],
) -> bool:
    """A match is denied if one of its words is negated, or if its clause negates a word of its concept."""
    for position in positions:
        if position in negated:
            return True
        denied_here = denied_by_clause.get(clauses[position])
        if denied_here and not own.isdisjoint(denied_here):
            return True
    return False
