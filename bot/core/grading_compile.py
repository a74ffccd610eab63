"""Per-card structures built once and reused for every answer to that card.

A card's keywords become phrases of vocabulary ids, so grading an answer is dictionary look-ups plus,
for the answer's long words not spelt exactly like a keyword word, an OSA distance to the few keyword
words that start with the same letter (memoised per card).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.core.deck import Concept
from bot.core.text_normalize import MARKS, NOT_CONTENT, STOPWORDS, canonical_phrase

# How far a phrase's words may spread: a two-word keyword may have up to this many extra words between
# or around its words (in any order), inside one sentence.
PHRASE_SLACK = 2
# Wording copied from the question or hint: this many words in a row earn nothing.
COPY_RUN = 5


def allowed_edits(length: int) -> int:
    """Typos allowed for a keyword word of this length (OSA distance: a swap of neighbours is one)."""
    if length < 6:
        return 0
    if length < 9:
        return 1
    return 2


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str  # as the author wrote it
    word_ids: tuple[int, ...]  # content words, as vocabulary ids
    word_set: frozenset[int]


@dataclass(slots=True)
class CompiledCard:
    """Everything about a card's concepts that does not depend on the answer."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    vocab: dict[str, int]  # canonical word -> id (keyword words and their joined compounds)
    fuzzy_words: list[str]  # words eligible for typo matching, parallel to fuzzy_ids
    fuzzy_ids: list[int]
    keywords: tuple[tuple[Keyword, ...], ...]  # per concept
    concept_words: tuple[frozenset[int], ...]  # per concept: ids that, negated, void the concept
    concept_vocab: tuple[frozenset[int], ...]  # per concept: every id its keywords use
    copy_grams: frozenset[tuple[str, ...]]
    copy_vocabulary: frozenset[str]  # the words of those runs
    copy_vocabulary_or_marks: frozenset[str]  # the same and punctuation marks
    copy_gram_sets: tuple[frozenset[str], ...]  # each run's words: an answer lacking all of one has no copy
    compound_tails: frozenset[str]  # last parts of one-word keywords that answers may split in two
    keywords_by_first_word: dict[int, tuple[tuple[int, int], ...]]  # id -> (concept, keyword) indexes
    # Every keyword in (concept, keyword) order, with its word set alongside (a C-level subset test
    # picks the keywords whose words all occur in an answer).
    keyword_entries: tuple[tuple[int, Keyword], ...]
    keyword_sets: tuple[frozenset[int], ...]
    fuzzy_by_letter: dict[str, tuple[tuple[str, int], ...]]  # first letter -> (word, id), fuzzy_words order
    settled_base: frozenset[str]  # words never sent to typo matching: keyword words, little words, marks
    fuzzy_cache: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # word -> typo matches
    no_typo: set[str] = field(default_factory=set)  # answer words seen to match no keyword word
    # settled_base, no_typo and the fuzzy_cache words: an answer's other words are new to this card
    settled: set[str] = field(default_factory=set)
    verdicts: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # memo of identical verdicts

    def forget_typos(self) -> None:
        """Drop the per-card typo memo (bounded memory; benchmarks time a cold card with it)."""
        self.fuzzy_cache.clear()
        self.no_typo.clear()
        self.settled = set(self.settled_base)


def compile_card(
    concepts: Sequence[Concept],
    question: str = "",
    hint: str = "",
    weights: Sequence[float] | None = None,
) -> CompiledCard:
    """Build (or fetch from a small cache) the per-card structures."""
    key = tuple((concept.name, tuple(concept.keywords)) for concept in concepts)
    weight_key = tuple(weights) if weights is not None else None
    return _compile_cached(key, question, hint, weight_key)


@lru_cache(maxsize=256)
def _compile_cached(
    concepts: tuple[tuple[str, tuple[str, ...]], ...],
    question: str,
    hint: str,
    weights: tuple[float, ...] | None,
) -> CompiledCard:
    vocab: dict[str, int] = {}

    def word_id(word: str) -> int:
        return vocab.setdefault(word, len(vocab))

    keywords: list[tuple[Keyword, ...]] = []
    single_words: set[str] = set()  # words that are a whole keyword on their own
    for _name, concept_keywords in concepts:
        compiled: list[Keyword] = []
        for text in concept_keywords:
            words = [word for word in canonical_phrase(text) if word not in STOPWORDS]
            if not words:
                words = list(canonical_phrase(text))[:1]
            if not words:
                continue
            if len(words) == 1:
                single_words.add(words[0])
            word_ids = tuple(word_id(word) for word in words)
            compiled.append(Keyword(text, word_ids, frozenset(word_ids)))
            if 1 < len(words) <= 3 and all(word.isalpha() for word in words):
                # "trade-off" is also written "tradeoff"; "model size" sometimes "modelsize"
                joined = word_id("".join(words))
                compiled.append(Keyword(text, (joined,), frozenset((joined,))))
        keywords.append(tuple(compiled))

    usage: dict[int, int] = {}
    for concept_keywords_ids in keywords:
        for word in {w for keyword in concept_keywords_ids for w in keyword.word_ids}:
            usage[word] = usage.get(word, 0) + 1
    # A word shared by several concepts ("model") says nothing about which concept a negation denies.
    concept_words = tuple(
        frozenset(w for keyword in kws for w in keyword.word_ids if usage[w] < 3 or len(concepts) < 3)
        for kws in keywords
    )
    fuzzy_words = [word for word in vocab if word.isalpha() and len(word) >= 5]
    copy_grams: set[tuple[str, ...]] = set()
    for source in (question, hint):
        source_words = canonical_phrase(source)
        copy_grams.update(source_words[i : i + COPY_RUN] for i in range(len(source_words) - COPY_RUN + 1))
    fuzzy_by_letter: dict[str, list[tuple[str, int]]] = {}
    for fuzzy_word in fuzzy_words:
        fuzzy_by_letter.setdefault(fuzzy_word[0], []).append((fuzzy_word, vocab[fuzzy_word]))
    entries = tuple((index, keyword) for index, concept_keywords in enumerate(keywords) for keyword in concept_keywords)
    settled_base = frozenset(vocab) | NOT_CONTENT
    return CompiledCard(
        names=tuple(name for name, _ in concepts),
        weights=weights if weights is not None else tuple(1.0 for _ in concepts),
        vocab=vocab,
        fuzzy_words=fuzzy_words,
        fuzzy_ids=[vocab[word] for word in fuzzy_words],
        keywords=tuple(keywords),
        concept_words=concept_words,
        concept_vocab=tuple(frozenset(w for keyword in kws for w in keyword.word_ids) for kws in keywords),
        copy_grams=frozenset(copy_grams),
        copy_vocabulary=frozenset(word for gram in copy_grams for word in gram),
        copy_vocabulary_or_marks=frozenset(word for gram in copy_grams for word in gram) | MARKS,
        copy_gram_sets=tuple(dict.fromkeys(frozenset(gram) for gram in sorted(copy_grams))),
        keywords_by_first_word=_index_by_first_word(keywords),
        keyword_entries=entries,
        keyword_sets=tuple(keyword.word_set for _, keyword in entries),
        fuzzy_by_letter={letter: tuple(pairs) for letter, pairs in fuzzy_by_letter.items()},
        settled_base=settled_base,
        settled=set(settled_base),
        compound_tails=frozenset(
            word[cut:]
            for word in single_words
            if word.isalpha() and len(word) >= 6
            for cut in range(2, len(word) - 2)
            if word[cut:] not in STOPWORDS
        ),
    )


def _index_by_first_word(keywords: list[tuple[Keyword, ...]]) -> dict[int, tuple[tuple[int, int], ...]]:
    index: dict[int, list[tuple[int, int]]] = {}
    for concept_index, concept_keywords in enumerate(keywords):
        for keyword_index, keyword in enumerate(concept_keywords):
            index.setdefault(keyword.word_ids[0], []).append((concept_index, keyword_index))
    return {word_id: tuple(entries) for word_id, entries in index.items()}
