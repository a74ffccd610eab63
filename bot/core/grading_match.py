"""Finding a card's keywords in an answer's tokens: exact look-ups, typo matches, phrase windows,
denials and copies. The per-answer half of grading; `grading_compile` builds the per-card half."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress, islice, pairwise, repeat
from operator import length_hint

from bot.core.grading_compile import COPY_RUN, PHRASE_SLACK, CompiledCard, Keyword
from bot.core.grading_negation import answer_denials, clause_ids, copied_positions
from bot.core.grading_phrases import (
    NEAR_COMBINATIONS,
    NEAR_SPAN,
    Layout,
    near_occurrences,
    near_pair_occurrences,
    occurrences,
    pair_occurrences,
)
from bot.core.grading_phrases import layout as words_layout
from bot.core.grading_words import TypoWork, resolve_words
from bot.core.limits import MAX_PLACE_STEPS
from bot.core.text_normalize import MARKS, NOT_CONTENT, Tokens

# Places of one keyword examined at most (all denied or copied so far): bounds time on hostile text.
MAX_OCCURRENCES = 50
_RUN = b"\x01" * COPY_RUN
_PAIR_REACH = 2 * (2 + PHRASE_SLACK) - 1  # positions a two-word phrase's window can hold
# A credited keyword: (keyword, the answer positions of its words, score 0-100). A plain tuple: one is
# made per concept of every answer graded, and a tuple costs a fraction of a dataclass.
Match = tuple[Keyword, tuple[int, ...], int]


def find_matches(
    tokens: Tokens,
    card: CompiledCard,
    accept: Callable[[int, tuple[int, ...]], bool] | None = None,
    checked: frozenset[int] = frozenset(),
    work: TypoWork | None = None,
    negated: frozenset[int] | None = None,
) -> tuple[list[Match | None], list[bool], frozenset[int], int]:
    """Per concept: its best credited match (or None) and whether a match was found but denied; also
    the vocabulary ids present and how many words were copied from the question or hint.

    Per concept, its keywords whose words all occur are tried in the author's order; the first place
    of a keyword that is neither copied nor denied counts, and the search stops at a score of 100.
    For the concepts in `checked`, a place counts only if `accept(concept, positions)` says so (roles:
    bot/core/grading_relations.py). `work` and `negated`, when the caller has them: what is left of the
    answer's typo bounds, and the positions its negations deny (worked out here otherwise)."""
    words = tokens.words
    distinct = set(words)
    by_id, similarity = resolve_words(tokens, distinct, card, work)
    present = frozenset(by_id)
    found: list[Match | None] = [None] * len(card.keywords)
    denied = [False] * len(card.keywords)
    copies = _CopyCheck(words, card) if _copy_possible(words, distinct, card) else None
    # C-level: the keywords (concept order, then keyword order) whose words are all present
    candidates = list(compress(card.keyword_entries, map(present.issuperset, card.keyword_sets))) if present else ()
    if not candidates:
        return found, denied, present, copies.count_all(True) if copies is not None else 0

    if negated is None:
        negated = answer_denials(words, card.rules.negated_positions, card.rules.english_lexicon)
    clauses = clause_ids(words) if negated else []
    denied_by_clause = _denied_by_clause(by_id, negated, clauses) if negated else {}
    plain = not negated and copies is None  # nothing can void a place: the first one counts
    # The keyword words said not to hold: a keyword with none of them, in a concept with none of them,
    # has no denied place either (a denied place holds a denied word, or its clause denies one of
    # the concept's), so without copies its first place counts too.
    denied_words: set[int] = set().union(*denied_by_clause.values()) if denied_by_clause else set()
    # Position lists are sorted without duplicates unless a split compound ("trade off") was added.
    regular = distinct.isdisjoint(card.compound_tails)
    layout: list[Layout] = []  # laid out once, if a keyword needs it

    current = settled = -1
    best: Match | None = None
    was_denied = False
    budget = MAX_PLACE_STEPS
    for concept_index, keyword in candidates:
        if concept_index == settled:
            continue  # already credited with a score of 100
        if concept_index != current:
            if current >= 0:
                found[current] = best
                denied[current] = was_denied and best is None
            current, best, was_denied = concept_index, None, False
        word_ids = keyword.word_ids
        first_place = (plain or (
            copies is None
            and keyword.word_set.isdisjoint(denied_words)
            and card.concept_words[concept_index].isdisjoint(denied_words)
        )) and concept_index not in checked
        first_positions = by_id[word_ids[0]]
        if len(word_ids) == 1:
            if first_place:
                position = first_positions[0]
                score = similarity.get((position, word_ids[0]), 100) if similarity else 100
                if best is None or score > best[2]:
                    best = (keyword, (position,), score)
                if best[2] == 100:
                    settled = concept_index
                continue
            if budget <= 0:
                continue
            per_anchor = 1
            tried = first_positions[: min(MAX_OCCURRENCES, budget)]
            counted = iter(tried)
            places: Iterable[tuple[int, ...]] = zip(counted)  # (p,) each
        else:
            # Per place of the first word tried, the positions of the other words that can lie in its
            # window are looked at (a content word holds one content index; a light word may share one).
            # Few places in sorted lists: measured from the words between (only while the positions are
            # not far apart, as the words between are counted); else from a layout of the answer.
            if len(word_ids) == 2:  # (most phrases: the general case below, without its loops)
                seconds = by_id[word_ids[1]]
                per_anchor = 1 + (len(seconds) if word_ids[1] in card.light_ids else min(len(seconds), _PAIR_REACH))
                near = (regular and len(first_positions) * len(seconds) <= NEAR_COMBINATIONS
                        and max(first_positions[-1], seconds[-1]) - min(first_positions[0], seconds[0]) <= NEAR_SPAN)
                placer = near_pair_occurrences if near else pair_occurrences
            else:
                others = map(len, map(by_id.__getitem__, word_ids[1:]))
                if card.light_ids.isdisjoint(word_ids):
                    per_anchor = 1 + sum(map(min, others, repeat(2 * (len(word_ids) + PHRASE_SLACK) - 1)))
                else:
                    per_anchor = 1 + sum(others)
                lists = [by_id[word_id] for word_id in word_ids]
                near = (regular and len(first_positions) * (sum(map(len, lists)) - len(first_positions)) <= NEAR_COMBINATIONS
                        and max(positions[-1] for positions in lists) - min(positions[0] for positions in lists) <= NEAR_SPAN)
                placer = near_occurrences if near else occurrences
            if budget < per_anchor:
                continue
            # The places of the first word the budget affords, charged as they are tried (one place:
            # charged now, as it is always tried; counting costs more than the rest of a short answer)
            anchors: Iterable[int]
            if len(first_positions) == 1:
                budget -= per_anchor
                anchors, counted = first_positions, None
            else:
                tried = (first_positions if len(first_positions) * per_anchor <= budget
                         else first_positions[: budget // per_anchor])
                anchors = counted = iter(tried)
            if near:
                places = placer(keyword, by_id, words, anchors)  # type: ignore[arg-type]
            else:
                if not layout:
                    layout.append(words_layout(words))
                places = placer(keyword, by_id, layout[0], anchors)  # type: ignore[arg-type]
            if not first_place:  # (else the loop below stops at the first place)
                places = islice(places, MAX_OCCURRENCES)
        for positions in places:
            if copies is not None and copies.any_copied(positions):
                continue
            if keyword.says_not and not _said_as_written(positions, words):
                # the nearest place may take a word from before the negation: the words in order
                in_order = _in_order(keyword.word_ids, by_id, positions[0])
                if in_order is None or not _said_as_written(in_order, words):
                    continue
                positions = in_order
            if accept is not None and concept_index in checked and not accept(concept_index, positions):
                continue
            if not first_place and negated and not keyword.says_not and _is_denied(
                    positions, negated, clauses, denied_by_clause, card.concept_words[concept_index]):
                was_denied = True
                continue
            score = (
                min(similarity.get((p, w), 100) for p, w in zip(positions, word_ids, strict=True))
                if similarity
                else 100
            )
            if best is None or score > best[2]:
                best = (keyword, positions, score)
            break
        if counted is not None:  # the places of the first word tried (the one that gave the place, too)
            budget -= (len(tried) - length_hint(counted)) * per_anchor
        if best is not None and best[2] == 100:
            settled = concept_index
    card.place_steps += MAX_PLACE_STEPS - budget
    found[current] = best
    denied[current] = was_denied and best is None
    return found, denied, present, copies.count_all(not any(found)) if copies is not None else 0


def _said_as_written(positions: tuple[int, ...], words: tuple[str, ...]) -> bool:
    """A keyword that says "not" itself ("sin sal", "流れない") holds only as written: its words in its
    order, at most one content word between them in all ("no tiene sal" says "sin sal"; "la sal no se
    evapora" does not, nor does "no se vuelve más salado", where the negation governs another word)."""
    if any(a >= b for a, b in pairwise(positions)):
        return False
    between = words[positions[0] + 1 : positions[-1]]
    return len(between) - sum(map(NOT_CONTENT.__contains__, between)) - (len(positions) - 2) <= 1


def _in_order(word_ids: tuple[int, ...], by_id: dict[int, list[int]], anchor: int) -> tuple[int, ...] | None:
    """A keyword's words from `anchor` on, each at the first place after the one before (or None)."""
    chosen = [anchor]
    for word_id in word_ids[1:]:
        after = min((position for position in by_id[word_id] if position > chosen[-1]), default=None)
        if after is None:
            return None
        chosen.append(after)
    return tuple(chosen)


def _copy_possible(words: tuple[str, ...], distinct: set[str], card: CompiledCard) -> bool:
    """Whether COPY_RUN words of the question or hint follow each other anywhere (punctuation between
    them allowed): quick C-level tests (all words of one run present, then a run of such words) that
    spare most answers the exact check."""
    if not card.copy_grams or not any(map(distinct.issuperset, card.copy_gram_sets)):
        return False
    return (_RUN if card.copy_run == COPY_RUN else b"\x01" * card.copy_run) in bytes(
        map(card.copy_vocabulary_or_marks.__contains__, words))


class _CopyCheck:
    """Whether answer words belong to a run copied from the question or hint, checked only for the
    words that matched a keyword (the whole answer only when it is short enough to be mostly copied)."""

    def __init__(self, words: tuple[str, ...], card: CompiledCard) -> None:
        self.words = words
        self.grams = card.copy_grams
        self.vocabulary = card.copy_vocabulary
        self.run = card.copy_run
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
            known = self.known[position] = _in_copied_run(self.words, self.grams, self.vocabulary, position, self.run)
        return known

    def count_all(self, nothing_found: bool) -> int:
        """How many words are copied: only worth counting (for the `copied-question` flag) when a
        match was voided as copied, or when the answer earned nothing."""
        if not self.grams or not (nothing_found or any(self.known.values())):
            return 0
        return len(copied_positions(self.words, self.grams))


def _in_copied_run(
    words: tuple[str, ...], grams: frozenset[tuple[str, ...]], vocabulary: frozenset[str], position: int,
    run: int = COPY_RUN,
) -> bool:
    """Whether a run of COPY_RUN words through `position` is one of `grams`; gathers only the
    neighbours that could be part of a copy (words of the question or hint). `run`: the card's copy run."""
    before: list[str] = []
    index = position - 1
    while index >= 0 and len(before) < run - 1:
        word = words[index]
        if word not in MARKS:
            if word not in vocabulary:
                break
            before.append(word)
        index -= 1
    after: list[str] = []
    index = position + 1
    while index < len(words) and len(after) < run - 1:
        word = words[index]
        if word not in MARKS:
            if word not in vocabulary:
                break
            after.append(word)
        index += 1
    if len(before) + len(after) + 1 < run:
        return False
    around = [*reversed(before), words[position], *after]
    here = len(before)
    return any(
        tuple(around[start : start + run]) in grams
        for start in range(max(0, here - run + 1), here + 1)
        if start + run <= len(around)
    )


def _denied_by_clause(
    by_id: dict[int, list[int]], negated: frozenset[int], clauses: list[int]
) -> dict[int, set[int]]:
    """Per clause, the vocabulary ids of its denied words."""
    result: dict[int, set[int]] = {}
    for word_id, positions in by_id.items():
        if negated.isdisjoint(positions):
            continue
        for position in positions:
            if position in negated:
                result.setdefault(clauses[position], set()).add(word_id)
    return result


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
