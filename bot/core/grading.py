"""Grading of open answers against a card's concepts: one verdict per concept that a teacher can trust.

How a concept is credited (benchmarks/grading/README.md explains the choices):
- words compare after normalisation (case, accents, British spelling, plurals and -ing/-ed, number
  words, "8-bit"/"8 bit"/"8bit") and with a few typos allowed on long words (OSA distance, scaled by
  length, first letter kept);
- a keyword of several words matches when its words sit close together in one sentence, any order;
- a match said not to hold ("is not smaller", "doesn't make it faster") credits nothing;
- gaming rule: wording copied from the question or hint (5+ words in a row) credits nothing, and an
  answer that is a bare list of keywords credits nothing (flag "keyword-list").
Pure and deterministic; the per-card structures are compiled once and cached.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.deck import Concept, OpenCard
from bot.core.grading_compile import PHRASE_SLACK, CompiledCard, Keyword, allowed_edits, compile_card
from bot.core.grading_negation import clause_ids, copied_positions, negated_positions
from bot.core.text_normalize import SENTENCE, STOPWORDS, Tokens, canonical_word, split_words, tokenize

# The gaming rule: fewer than this many words per credited concept is a list, not an explanation.
MIN_WORDS_PER_CONCEPT = 2.5
# Or: at least this many comma/line separated items, none longer than LIST_ITEM_WORDS words.
LIST_MIN_ITEMS = 3
LIST_ITEM_WORDS = 3

FLAG_KEYWORD_LIST = "keyword-list"
FLAG_COPIED = "copied-question"

_FUZZY_CACHE_LIMIT = 20_000
# A phrase's words must not straddle these: "similar results, but the performance is poor".
PHRASE_BREAKERS = frozenset(split_words("but however although though whereas yet while instead"))
# Words that do not push a phrase's words apart: "the model gets much smaller" is "smaller model".
LIGHT_WORDS = frozenset(
    canonical_word(word) for word in split_words("get gets got become becomes became much far way lot quite really even")
)


@dataclass(frozen=True, slots=True)
class ConceptVerdict:
    name: str
    hit: bool
    matched: str | None  # the words of the answer that matched, as written (accents folded)
    score: int  # 0-100: 100 exact, lower for typos; a miss scores below 50
    negated: bool = False  # a keyword was there but the answer said it does not hold
    keyword: str | None = None  # the card keyword that matched


@dataclass(frozen=True, slots=True)
class GradeResult:
    concepts: tuple[ConceptVerdict, ...]
    flags: tuple[str, ...] = ()  # why the gaming rule withheld credit, if it did
    weights: tuple[float, ...] = ()

    @property
    def hits(self) -> int:
        return sum(1 for verdict in self.concepts if verdict.hit)

    @property
    def total(self) -> int:
        return len(self.concepts)

    @property
    def coverage(self) -> float:
        """Weighted share of concepts credited, 0.0-1.0 (equal weights unless the card has them)."""
        weights = self.weights or tuple(1.0 for _ in self.concepts)
        total = sum(weights)
        if not total:
            return 0.0
        return sum(w for w, verdict in zip(weights, self.concepts, strict=True) if verdict.hit) / total

    def to_json(self, card_id: str | None = None) -> dict[str, Any]:
        return {
            "card": card_id,
            "hits": self.hits,
            "total": self.total,
            "concepts": [
                {
                    "name": v.name,
                    "hit": v.hit,
                    "matched": v.matched,
                    "score": v.score,
                    "negated": v.negated,
                    "keyword": v.keyword,
                }
                for v in self.concepts
            ],
            "flags": list(self.flags),
        }


def grade_answer(
    answer: str,
    concepts: Sequence[Concept],
    *,
    question: str = "",
    hint: str = "",
    weights: Sequence[float] | None = None,
    gaming_rule: bool = True,
) -> GradeResult:
    """Grade one answer; pass the card's question and hint so that pasting them back earns nothing.

    `gaming_rule=False` turns off the keyword-list rule: only for concepts that are single words derived
    from a reference answer (a coverage score), where a terse correct answer is mostly keywords."""
    return grade_compiled(answer, compile_card(concepts, question, hint, weights), gaming_rule=gaming_rule)


def grade_card(answer: str, card: OpenCard, concepts: Sequence[Concept] | None = None) -> GradeResult:
    """Grade against an open card (its concepts, or `concepts` derived from its model answer)."""
    return grade_answer(answer, concepts or card.concepts, question=card.prompt, hint=card.hint or "")


@dataclass(slots=True)
class _Match:
    keyword: Keyword
    positions: tuple[int, ...]
    score: int


def grade_compiled(answer: str, card: CompiledCard, *, gaming_rule: bool = True) -> GradeResult:
    tokens = tokenize(answer if isinstance(answer, str) else "")
    words = tokens.words
    ids, similarity = _resolve_words(tokens, card)
    by_id: dict[int, list[int]] = {}
    for position, word_ids in sorted(ids.items()):
        for word_id in word_ids:
            by_id.setdefault(word_id, []).append(position)

    negated = negated_positions(words, tokens.breaks) if "not" in words else frozenset()
    copied = copied_positions(words, card.copy_grams) if card.copy_grams and by_id else frozenset()
    clauses = clause_ids(words, tokens.breaks) if negated else ()
    layout: list[tuple[list[int], list[int]]] = []  # computed once, only if a phrase needs it

    found: list[_Match | None] = []
    denied: list[bool] = []
    present = by_id.keys()
    for concept_index, keywords in enumerate(card.keywords):
        best: _Match | None = None
        was_negated = False
        if present.isdisjoint(card.concept_vocab[concept_index]):
            found.append(None)
            denied.append(False)
            continue
        for keyword in keywords:
            if not present >= keyword.word_set:
                continue
            if len(keyword.word_ids) > 1 and not layout:
                layout.append(_layout(tokens))
            for positions in _occurrences(keyword, by_id, layout):
                if copied and any(p in copied for p in positions):
                    continue
                if negated and _is_denied(positions, negated, clauses, ids, card, concept_index):
                    was_negated = True
                    continue
                score = min(similarity.get((p, w), 100) for p, w in zip(positions, keyword.word_ids, strict=True))
                if best is None or score > best.score:
                    best = _Match(keyword, positions, score)
                break
            if best is not None and best.score == 100:
                break
        found.append(best)
        denied.append(was_negated and best is None)

    flags = _gaming_flags(tokens, sum(1 for match in found if match), len(copied), gaming_rule)
    if FLAG_KEYWORD_LIST in flags:
        found = [None for _ in found]
    shown = iter(tokens.display([(min(m.positions), max(m.positions)) for m in found if m is not None]))
    verdicts = []
    for concept_index, match in enumerate(found):
        name = card.names[concept_index]
        if match is None:
            partial = 0 if denied[concept_index] else _partial_score(card.keywords[concept_index], by_id)
            verdicts.append(ConceptVerdict(name, False, None, partial, denied[concept_index]))
        else:
            verdicts.append(ConceptVerdict(name, True, next(shown), match.score, False, match.keyword.text))
    return GradeResult(tuple(verdicts), flags, card.weights)


def _resolve_words(
    tokens: Tokens, card: CompiledCard
) -> tuple[dict[int, tuple[int, ...]], dict[tuple[int, int], int]]:
    """Vocabulary ids of the answer's words (by position): exact look-ups first, then typo matches
    for the long words that are not spelt like any keyword word (one cdist call, memoised per card)."""
    words = tokens.words
    vocab = card.vocab
    get = vocab.get
    ids: dict[int, tuple[int, ...]] = {
        position: (word_id,) for position, word_id in enumerate(map(get, words)) if word_id is not None
    }
    similarity: dict[tuple[int, int], int] = {}
    distinct = set(words)
    tails = distinct & card.compound_tails
    if tails:  # "trade off" written for the keyword "tradeoff"
        surface = tokens.surface
        for position in range(1, len(words)):
            if words[position] in tails:
                joined = get(canonical_word(surface[position - 1] + surface[position]))
                if joined is not None:
                    ids[position] = (joined,)
                    ids[position - 1] = (*ids.get(position - 1, ()), joined)
    unknown = [
        word
        for word in distinct.difference(vocab, STOPWORDS)
        if len(word) >= 5 and word.isalpha() and word.isascii()
    ]
    if not unknown or not card.fuzzy_words:
        return ids, similarity
    cache = card.fuzzy_cache
    missing = [word for word in unknown if word not in cache]
    if missing:
        if len(cache) > _FUZZY_CACHE_LIMIT:
            cache.clear()
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
            cache[word] = tuple(close)
    typo_words = {word: cache[word] for word in unknown if cache[word]}
    if typo_words:
        for position, word in enumerate(words):
            close = typo_words.get(word)
            if close:
                ids[position] = (*ids.get(position, ()), *(word_id for word_id, _ in close))
                for word_id, score in close:
                    similarity[(position, word_id)] = score
    return ids, similarity


def _layout(tokens: Tokens) -> tuple[list[int], list[int]]:
    """Per word: its sentence number and its index among content words (for phrase windows)."""
    sentence: list[int] = []
    content_index: list[int] = []
    current = 0
    count = 0
    for word, level in zip(tokens.words, tokens.breaks, strict=True):
        if level >= SENTENCE or word in PHRASE_BREAKERS:
            current += 1
        sentence.append(current)
        content_index.append(count)
        if word not in STOPWORDS and word not in LIGHT_WORDS:
            count += 1
    return sentence, content_index


def _occurrences(
    keyword: Keyword, by_id: dict[int, list[int]], layout: list[tuple[list[int], list[int]]]
) -> list[tuple[int, ...]]:
    """Places where all of the keyword's words occur close together in one sentence."""
    word_ids = keyword.word_ids
    if len(word_ids) == 1:
        return [(p,) for p in by_id.get(word_ids[0], ())]
    sentence, content_index = layout[0]
    window = len(word_ids) + PHRASE_SLACK
    results = []
    for anchor in by_id[word_ids[0]]:
        chosen = [anchor]
        for word_id in word_ids[1:]:
            candidates = [
                p
                for p in by_id[word_id]
                if p not in chosen
                and sentence[p] == sentence[anchor]
                and abs(content_index[p] - content_index[anchor]) < window
            ]
            if not candidates:
                break
            chosen.append(min(candidates, key=lambda p: (abs(content_index[p] - content_index[anchor]), p < anchor)))
        else:
            spread = max(content_index[p] for p in chosen) - min(content_index[p] for p in chosen)
            in_order = all(a < b for a, b in itertools.pairwise(chosen))
            # in order, a few words may come between ("large, complex model"); out of order only little
            # words may ("the model is large"), not other content ("a model that mimics a larger one")
            if spread < window if in_order else spread < len(word_ids):
                results.append(tuple(chosen))
    return results


def _is_denied(
    positions: tuple[int, ...],
    negated: frozenset[int],
    clauses: Sequence[int],
    ids: dict[int, tuple[int, ...]],
    card: CompiledCard,
    concept_index: int,
) -> bool:
    """A match is denied if one of its words is negated, or if its clause negates a word of its concept."""
    if any(p in negated for p in positions):
        return True
    own = card.concept_words[concept_index]
    match_clauses = {clauses[p] for p in positions}
    return any(clauses[p] in match_clauses and any(w in own for w in ids.get(p, ())) for p in negated)


def _gaming_flags(tokens: Tokens, concepts_found: int, copied_count: int, list_rule: bool) -> tuple[str, ...]:
    flags = []
    word_count = len(tokens.words)
    if word_count and copied_count * 2 >= word_count:
        flags.append(FLAG_COPIED)
    if not list_rule:
        return tuple(flags)
    items = tokens.items
    listy = len(items) >= LIST_MIN_ITEMS and max(items) <= LIST_ITEM_WORDS
    if concepts_found and (
        (concepts_found >= 2 and word_count < MIN_WORDS_PER_CONCEPT * concepts_found) or listy
    ):
        flags.append(FLAG_KEYWORD_LIST)
    return tuple(flags)


def _partial_score(keywords: tuple[Keyword, ...], by_id: dict[int, list[int]]) -> int:
    """Some evidence for a missed concept (a phrase's words present but apart), at most 49."""
    best = 0.0
    for keyword in keywords:
        if len(keyword.word_ids) > 1:
            present = sum(1 for word_id in keyword.word_ids if word_id in by_id)
            best = max(best, present / len(keyword.word_ids))
    return int(49 * best)
