"""Which answer words are a card's keyword words: spelt the same, a compound written in two ("trade
off" for "tradeoff"), or a typo of one (OSA distance, memoised per card). The first step of grading an
answer (bot/core/grading_match.py), with its share of the per-answer work bounds (bot/core/limits.py).

A card with roles or misconceptions has a second vocabulary (its role words and triggers,
bot/core/grading_relations.py) whose words are looked for the same way: both draw on one `TypoWork`
per answer, the card's keywords first, so the typo bounds hold for the answer, not per vocabulary."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress
from operator import itemgetter

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from bot.core.grading_compile import CompiledCard, TypoPlan, typo_lengths
from bot.core.grading_split import MAX_SPLIT_WORDS, learn_splits
from bot.core.limits import MAX_TYPO_COMPARISONS, MAX_TYPO_MATCHES, MAX_TYPO_PLACES
from bot.core.text_normalize import Tokens, canonical_word

_FUZZY_CACHE_LIMIT = 4_000  # memoised words per compiled card (256 cards kept): bounded memory
_SMALL_BUCKET = 4  # up to this many keyword words: compared one by one (else one C-level call)
_PLANS_LIMIT = 2_000  # word shapes (first letter, length) planned per compiled card


class TypoWork:
    """What is left of one answer's typo bounds (bot/core/limits.py): comparisons, matches found and
    matches placed. One per answer, shared by every vocabulary its words are looked up in."""

    __slots__ = ("comparisons", "matches", "places")

    def __init__(self) -> None:
        self.comparisons = MAX_TYPO_COMPARISONS
        self.matches = MAX_TYPO_MATCHES
        self.places = MAX_TYPO_PLACES


def resolve_words(
    tokens: Tokens, distinct: set[str], card: CompiledCard, work: TypoWork | None = None, scores: bool = True
) -> tuple[dict[int, list[int]], dict[tuple[int, int], int]]:
    """Where each keyword word occurs in the answer (vocabulary id -> positions): exact look-ups first,
    then typo matches for the long words not spelt like any keyword word (memoised per card). Also the
    similarity of each typo match (unless `scores` is false: then empty). `work`: what the answer has
    left of the typo bounds (all of them if not given); what this card uses is taken from it."""
    if work is None:
        work = TypoWork()
    words = tokens.words
    vocab = card.vocab
    by_id: dict[int, list[int]] = {}
    if not distinct.isdisjoint(vocab):
        # C-level: the positions of keyword words and their ids; Python only loops over those
        positions = list(compress(range(len(words)), map(vocab.__contains__, words)))
        for position, word_id in zip(positions, map(vocab.__getitem__, map(words.__getitem__, positions)), strict=True):
            known = by_id.get(word_id)
            if known is None:
                by_id[word_id] = [position]
            else:
                known.append(position)
    similarity: dict[tuple[int, int], int] = {}
    if not distinct.isdisjoint(card.compound_tails):  # "trade off" written for the keyword "tradeoff"
        tails = card.compound_tails
        english = card.rules.english_lexicon
        get = vocab.get
        surface = tokens.surface
        for position in range(1, len(words)):
            if words[position] in tails:
                together = surface[position - 1] + surface[position]
                joined = get(canonical_word(together) if english else card.rules.tokenize(together).words[0])
                if joined is not None:
                    by_id.setdefault(joined, []).extend((position - 1, position))
    # Words already settled for this card (keyword words, little words, words with or without a typo
    # match seen before) are removed with one set difference; usually nothing is left.
    unknown = distinct.difference(card.settled)
    if unknown and card.fuzzy_words:
        if len(unknown) * len(card.fuzzy_words) <= min(work.matches, work.comparisons):
            _learn_typos(unknown, card, work)  # no bound can be reached (the usual case): in any order
        else:  # in the answer's order, so that what a bound leaves out is always the same
            _learn_typos(list(filter(unknown.__contains__, dict.fromkeys(words))), card, work)
    if unknown and card.rules.compound_heads:  # "Gesamtwiderstand" for the keyword "Widerstand" (German)
        _learn_compound_heads(unknown, card)
    if unknown and card.rules.english_lexicon:  # words run together ("weightsfrom"): the new ones found to have no typo match (grading_split)
        new = unknown.intersection(card.no_typo) if card.fuzzy_words else unknown  # (past the typo bound: not yet)
        if new:  # in the answer's order only if the bound can be reached (as for typos)
            learn_splits(new if len(new) <= MAX_SPLIT_WORDS else [word for word in dict.fromkeys(words) if word in new], card)
    cache = card.fuzzy_cache
    if cache and not distinct.isdisjoint(cache):
        room = work.places  # (a word close to many keyword words, many times over, is not an answer)
        for position in list(compress(range(len(words)), map(cache.__contains__, words))):
            matches = cache[words[position]]
            room -= len(matches)
            if room < 0:
                break
            for word_id, score in matches:
                by_id.setdefault(word_id, []).append(position)
                if scores:
                    similarity[(position, word_id)] = score
        work.places = max(room, 0)
        for positions in by_id.values():
            positions.sort()
    return by_id, similarity


COMPOUND_MIN_HEAD = 4  # letters of a keyword word found as a compound's last part
COMPOUND_MIN_REST = 3  # letters before it
COMPOUND_MAX_WORD = 40  # longer words are not looked into
COMPOUND_SCORE = 95  # a compound's head is the keyword word, said more narrowly


def _learn_compound_heads(unknown: Iterable[str], card: CompiledCard) -> None:
    """Words new to this card with no typo match that end in a keyword word (the longest such ending):
    matches of that word, memoised like typos."""
    vocab = card.vocab
    cache = card.fuzzy_cache
    for word in unknown:
        if word in cache or not (COMPOUND_MIN_HEAD + COMPOUND_MIN_REST <= len(word) <= COMPOUND_MAX_WORD):
            continue
        for start in range(COMPOUND_MIN_REST, len(word) - COMPOUND_MIN_HEAD + 1):
            word_id = vocab.get(word[start:])
            if word_id is not None:
                cache[word] = ((word_id, COMPOUND_SCORE),)
                card.no_typo.discard(word)
                card.settled.add(word)
                break


def _learn_typos(unknown: Iterable[str], card: CompiledCard, work: TypoWork) -> None:
    """Find the typo matches of words new to this card (in the answer's order): OSA distance to the
    keyword words that start with the same letter (a typo keeps the first letter) and whose length is
    within the edits allowed. Words with matches go to `card.fuzzy_cache`, others to `card.no_typo`;
    both join `card.settled`. At most the comparisons and matches left in `work` (MAX_TYPO_COMPARISONS
    and MAX_TYPO_MATCHES per answer): the words after either is spent are left unsettled (no typo
    match in this answer; a later one may look again).

    Only words of a (first letter, length) that some keyword word can be a typo of are compared, one
    by one; the others (most words of most answers, picked out with C-level maps) are settled
    together, as far as the words looked at reach."""
    if len(card.fuzzy_cache) + len(card.no_typo) > _FUZZY_CACHE_LIMIT:
        card.forget_typos()
    distance = OSA.distance
    plans = card.typo_plans
    if len(plans) > _PLANS_LIMIT:
        plans.clear()
    shapes = card.typo_shapes
    if shapes is None:
        shapes = card.typo_shapes = _typo_shapes(card)
    words = unknown if isinstance(unknown, list) else list(unknown)
    spent = 0
    budget = work.comparisons
    room = work.matches
    reached = len(words)  # the words before this one are settled
    matched = []
    comparable = map(shapes.__contains__, zip(map(itemgetter(0), words), map(len, words), strict=True))
    for position in compress(range(len(words)), comparable):
        word = words[position]
        if not (word.isascii() and word.isalpha()):
            continue
        shape = (word[0], len(word))
        plan = plans.get(shape)
        if plan is None:
            plan = plans[shape] = _typo_plan(card, shape)
        cost = plan[0]
        if spent + cost > budget:
            reached = position
            break
        spent += cost
        close: list[tuple[int, int]] = []
        for targets, target_ids, edits in plan[1]:
            if len(targets) <= _SMALL_BUCKET:
                for index, target in enumerate(targets):
                    found = distance(word, target, score_cutoff=edits)
                    if found <= edits:
                        close.append((target_ids[index], 100 - (100 * found) // len(target)))
            else:
                for target, found, index in extract(word, targets, scorer=distance, score_cutoff=edits,
                                                    limit=room + 1):
                    close.append((target_ids[index], 100 - (100 * found) // len(target)))
            if len(close) > room:
                break
        if len(close) > room:
            reached = position
            break
        room -= len(close)
        if close:
            close.sort()  # keyword word order, whatever the buckets' order
            card.fuzzy_cache[word] = tuple(close)
            matched.append(word)
    looked_at = words[:reached]
    card.no_typo.update(set(looked_at).difference(matched))
    card.typo_comparisons += spent
    work.comparisons -= spent
    work.matches = max(room, 0)
    card.settled.update(looked_at)


def _typo_shapes(card: CompiledCard) -> frozenset[tuple[str, int]]:
    """The (first letter, length) of the answer words some keyword word of the card can be a typo of."""
    return frozenset(
        (first, length)
        for first, target_length in card.typo_buckets
        for length in range(max(1, target_length - 2), target_length + 3)
        if any(other == target_length for other, _ in typo_lengths(length))
    )


def _typo_plan(card: CompiledCard, shape: tuple[str, int]) -> TypoPlan:
    """For an answer word of this (first letter, length): the card's keyword words it may be a typo of,
    bucket by bucket with the edits allowed, and how many they are."""
    first, length = shape
    buckets = [(*bucket, edits) for other, edits in typo_lengths(length)
               if (bucket := card.typo_buckets.get((first, other))) is not None]
    return sum(len(bucket[0]) for bucket in buckets), tuple(buckets)
