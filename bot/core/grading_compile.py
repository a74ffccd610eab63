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
from bot.core.grading_lexicon import keyword_aliases
from bot.core.languages import ENGLISH, LanguageRules, primary_subtag, rules_for
from bot.core.limits import (
    GRADED_CARD_KEYWORD_CHARS,
    GRADED_CONCEPTS,
    GRADED_KEYWORD_CHARS,
    GRADED_KEYWORDS_PER_CONCEPT,
    GRADED_QUESTION_CHARS,
)
from bot.core.text_normalize import (
    MARKS,
    NOT_CONTENT,
    STOPWORDS,
    canonical_phrase,
    canonical_phrases,
    split_words,
)

# How far a phrase's words may spread: a two-word keyword may have up to this many extra words between
# or around its words (in any order), inside one sentence.
PHRASE_SLACK = 2
# ... and a multi-word `requires` entry at most this many: it names what the keyword's clause must say,
# and two content words between ("mehr CO2 bremst die Photosynthese") say something else than
# "mehr Photosynthese". A `not_with` entry keeps the keyword's slack (what it voids may be worded loosely).
REQUIRED_PHRASE_SLACK = 1
# Wording copied from the question or hint: this many words in a row earn nothing.
COPY_RUN = 5
# Little words that carry a keyword's meaning when the author wrote them: "same current" is not
# "current" (a comparison), "all go out" is not "go". Kept as keyword words; elsewhere they stay little.
KEYWORD_SENSE_WORDS = frozenset(("same", "all", "out", "other", "up", "down", "both"))
KEYWORD_LITTLE_WORDS = STOPWORDS - KEYWORD_SENSE_WORDS
# Little words that join a phrase's words as a relation (as the languages' tokenisers spell them: "für",
# "de", "の" are "for", "of", "of"): see `in_order`.
KEYWORD_PREPOSITIONS = frozenset(split_words("of to in on at by for with from into onto about over under via per"))


def keyword_words(phrase: Sequence[str]) -> list[str]:
    """The words of a card phrase (keyword, role word, trigger) that must be found: little words dropped
    except the ones carrying its meaning; a phrase of nothing else keeps its content words, or its first."""
    words = [word for word in phrase if word not in KEYWORD_LITTLE_WORDS]
    if all(word in KEYWORD_SENSE_WORDS for word in words):
        words = [word for word in phrase if word not in STOPWORDS] or list(phrase)[:1]
    return words


def in_order(phrase: Sequence[str], words: Sequence[str], rules: LanguageRules) -> bool:
    """Whether a card phrase's words (`keyword_words(phrase)`) may only be found in its order: a compound
    in a language that writes them in order (Japanese), or, outside English, words joined by a
    preposition ("Energie für die Zelle" is not "die Zelle nimmt Energie auf"; "agua de lluvia"). English
    reverses such a phrase as a compound ("loss of accuracy", "accuracy loss"), and a reversed phrase
    matches only as neighbouring words (grading_phrases), so English keeps that."""
    if rules.compounds_in_order and len(words) == len(phrase):
        return True
    if rules.english_lexicon or len(words) < 2:
        return False
    inside = phrase[phrase.index(words[0]) + 1 : len(phrase) - phrase[::-1].index(words[-1]) - 1]
    return not KEYWORD_PREPOSITIONS.isdisjoint(inside)


def allowed_edits(length: int) -> int:
    """Typos allowed for a keyword word of this length (OSA distance: a swap of neighbours is one)."""
    if length < 6:
        return 0
    if length < 9:
        return 1
    return 2


@lru_cache(maxsize=512)
def typo_lengths(length: int) -> tuple[tuple[int, int], ...]:
    """For an answer word of this length: the keyword word lengths a typo match can have, each with the
    edits allowed (those of the longer word; the lengths may differ by at most that many)."""
    reach = allowed_edits(length + 2)
    plans = []
    for other in range(max(1, length - reach), length + reach + 1):
        edits = allowed_edits(max(length, other))
        if edits and abs(other - length) <= edits:
            plans.append((other, edits))
    return tuple(plans)


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str  # as the author wrote it
    word_ids: tuple[int, ...]  # content words, as vocabulary ids
    word_set: frozenset[int]
    # it says "not" itself ("流れない", "sin sal"), in a language whose rules take such a keyword as
    # written: its own negation does not deny it (bot/core/languages)
    says_not: bool = False
    # its words may only be found in its order (a Japanese compound: "運動エネルギー" is not "エネルギーを運動")
    ordered: bool = False


# (comparisons, ((keyword words, their ids, edits allowed), ...)) for one answer word shape
TypoPlan = tuple[int, tuple[tuple[list[str], list[int], int], ...]]


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
    # (first letter, length) -> the typo-eligible keyword words of that shape and their ids, in
    # fuzzy_words order: a word is compared only with the few lengths its allowed typos can reach
    typo_buckets: dict[tuple[str, int], tuple[list[str], list[int]]]
    settled_base: frozenset[str]  # words never sent to typo matching: keyword words, little words, marks
    light_ids: frozenset[int]  # keyword words that phrase windows don't count ("get", "much"): see grading_phrases
    fuzzy_cache: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # word -> typo matches
    no_typo: set[str] = field(default_factory=set)  # answer words seen to match no keyword word
    # settled_base, no_typo and the fuzzy_cache words: an answer's other words are new to this card
    settled: set[str] = field(default_factory=set)
    verdicts: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # memo of identical verdicts
    # answer word shape (first letter, length) -> what typo matching compares it with (grading_words)
    typo_plans: dict[tuple[str, int], TypoPlan] = field(default_factory=dict)
    typo_shapes: frozenset[tuple[str, int]] | None = None  # the answer word shapes with a typo plan (grading_words)
    # work done for this card so far (the per-answer bounds are tested on these)
    typo_comparisons: int = 0
    place_steps: int = 0
    split_words_tried: int = 0
    # first three letters of the keyword words and their synonyms -> the shortest and longest of them:
    # a run-together word is only cut where a part starts like one and is about as long (grading_split)
    split_heads: dict[str, tuple[int, int]] = field(default_factory=dict)
    # the language's tokeniser and negation (bot/core/languages); English unless the deck says otherwise
    rules: LanguageRules = field(default_factory=lambda: rules_for(ENGLISH))
    copy_run: int = COPY_RUN  # words in a row copied from the question or hint that earn nothing

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
    language: str | None = None,
) -> CompiledCard:
    """Build (or fetch from a small cache) the per-card structures, with the rules of the card's
    language (a BCP 47 tag; English if None: bot/core/languages).

    The card is cut to the grading bounds of bot.core.limits first (concepts, keywords per concept,
    characters per keyword, keyword characters in all; the question and hint), so that even a card that
    never went through validation costs a bounded amount; a valid deck's cards are within them."""
    key = bounded_keywords(concepts)
    weight_key = tuple(weights)[: len(key)] if weights is not None else None
    return _compile_cached(key, question[:GRADED_QUESTION_CHARS], hint[:GRADED_QUESTION_CHARS], weight_key,
                           primary_subtag(language))


def bounded_keywords(concepts: Sequence[Concept]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, keywords) per concept, cut to the grading bounds (bot/core/limits.py)."""
    budget = GRADED_CARD_KEYWORD_CHARS
    bounded = []
    for concept in concepts[:GRADED_CONCEPTS]:
        keywords = []
        for keyword in concept.keywords[:GRADED_KEYWORDS_PER_CONCEPT]:
            keyword = keyword[:GRADED_KEYWORD_CHARS]
            budget -= len(keyword)
            if budget < 0:
                break
            keywords.append(keyword)
        bounded.append((concept.name, tuple(keywords)))
    return tuple(bounded)


@lru_cache(maxsize=256)
def _compile_cached(
    concepts: tuple[tuple[str, tuple[str, ...]], ...],
    question: str,
    hint: str,
    weights: tuple[float, ...] | None,
    language: str = ENGLISH,
) -> CompiledCard:
    from bot.core.grading_phrases import LIGHT_WORDS as light_words  # (that module imports this one)

    rules = rules_for(language)
    english = rules.english_lexicon

    vocab: dict[str, int] = {}

    def word_id(word: str) -> int:
        return vocab.setdefault(word, len(vocab))

    keywords: list[tuple[Keyword, ...]] = []
    single_words: set[str] = set()  # words that are a whole keyword on their own
    phrases = iter(canonical_phrases([text for _name, concept_keywords in concepts for text in concept_keywords],
                                     None if english else rules.tokenize))
    for _name, concept_keywords in concepts:
        compiled: list[Keyword] = []
        for text in concept_keywords:
            phrase = next(phrases)
            words = keyword_words(phrase)
            if not words:
                continue
            if len(words) == 1:
                single_words.add(words[0])
            word_ids = tuple(word_id(word) for word in words)
            says_not = rules.negated_keywords_as_written and "not" in words
            ordered = in_order(phrase, words, rules)
            compiled.append(Keyword(text, word_ids, frozenset(word_ids), says_not, ordered))
            if english and 1 < len(words) <= 3 and all(word.isalpha() for word in words):
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
        source_words = canonical_phrase(source, None if english else rules.tokenize)
        run = rules.copy_run
        copy_grams.update(source_words[i : i + run] for i in range(len(source_words) - run + 1))
    typo_buckets: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
    for fuzzy_word in fuzzy_words:
        bucket = typo_buckets.setdefault((fuzzy_word[0], len(fuzzy_word)), ([], []))
        bucket[0].append(fuzzy_word)
        bucket[1].append(vocab[fuzzy_word])
    entries = tuple((index, keyword) for index, concept_keywords in enumerate(keywords) for keyword in concept_keywords)
    # Synonyms of the keyword words (bot/core/grading_lexicon.py), as those words' ids: exact matches,
    # never typo-matched themselves (they are added after fuzzy_words).
    if english:
        vocab.update(keyword_aliases(vocab, light_words))
    elif rules.keyword_aliases is not None:  # the language's own synonyms (bot/core/languages)
        vocab.update(rules.keyword_aliases(vocab, light_words))
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
        typo_buckets=typo_buckets,
        settled_base=settled_base,
        light_ids=frozenset(word_id for word, word_id in vocab.items() if word in light_words),
        settled=set(settled_base),
        split_heads=_split_heads(vocab),
        compound_tails=frozenset(
            word[cut:]
            for word in single_words
            if word.isalpha() and len(word) >= 6
            for cut in range(2, len(word) - 2)
            if word[cut:] not in STOPWORDS
        ) if english or rules.compound_heads else frozenset(),  # (German: "Magen-Säure", "Magen Säure")
        rules=rules,
        copy_run=rules.copy_run,
    )


def _index_by_first_word(keywords: list[tuple[Keyword, ...]]) -> dict[int, tuple[tuple[int, int], ...]]:
    index: dict[int, list[tuple[int, int]]] = {}
    for concept_index, concept_keywords in enumerate(keywords):
        for keyword_index, keyword in enumerate(concept_keywords):
            index.setdefault(keyword.word_ids[0], []).append((concept_index, keyword_index))
    return {word_id: tuple(entries) for word_id, entries in index.items()}


def _split_heads(vocab: dict[str, int]) -> dict[str, tuple[int, int]]:
    heads: dict[str, tuple[int, int]] = {}
    for word in vocab:
        if word.isalpha():
            shortest, longest = heads.get(word[:3], (len(word), len(word)))
            heads[word[:3]] = (min(shortest, len(word)), max(longest, len(word)))
    return heads
