"""Who does what in an answer: roles that decide whether a keyword counts, and misconceptions.

A keyword alone can't tell "the teacher is the large model" from "the teacher is the smaller one". A
card may therefore say, per concept, which words must stand beside a keyword (`requires`) and which
void it (`not_with`), and, per card, which wrong ideas (`misconceptions`) to answer with a correction.

Clauses (the "beside" above), decided here and documented in benchmarks/grading/README.md:
- a *clause* runs between sentence marks (. ! ? ; new line, bullet) and clause words ("but", "and",
  "while", "whereas", "although", "though", "however", "yet", "because", "so", "instead", "than",
  "nevertheless"): "the student is smaller | than the teacher";
- a *narrow clause* is also cut at commas, colons, brackets and bars;
- a keyword counts only if one of `requires` is in its clause (an apposition such as "the teacher, a
  large network," still says which one is large), and not if one of `not_with` is in its narrow clause
  (a comma splice "the student is small, the teacher large" voids nothing);
- a role word speaks of the concept whose keyword stands nearest it in the clause ("a large teacher
  trains a small student": "small" is the student's), and one the answer denies ("not large") does
  not count.
A misconception is stated when one of its triggers occurs as a phrase: its content words in order, at
most TRIGGER_GAP content words (TRIGGER_REACH words in all) between neighbours, no punctuation or
clause word between them ("smaller than the teacher" does not state "smaller teacher"), none of them
denied (a trigger that itself says "not" is taken as written). Then its `contradicts` concept is not
credited. Words compare as keywords do (same normalisation and typo matching, grading_words.py), and
the work per answer is bounded (MAX_RELATION_PLACES, MAX_RELATION_CHECKS, MAX_TRIGGER_STARTS).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, pairwise

from bot.core.deck import Concept, Misconception
from bot.core.grading_compile import CompiledCard, compile_card
from bot.core.grading_negation import negated_positions
from bot.core.grading_words import resolve_words
from bot.core.limits import (
    GRADED_CONCEPTS,
    GRADED_KEYWORD_CHARS,
    GRADED_KEYWORDS_PER_CONCEPT,
    MAX_MISCONCEPTIONS,
    MAX_RELATION_WORDS,
    MAX_TRIGGERS,
)
from bot.core.text_normalize import (
    MARKS,
    SENTENCE_MARKS,
    STOPWORDS,
    Tokens,
    canonical_phrases,
    canonical_word,
    split_words,
)

CLAUSE_WORDS = frozenset(
    canonical_word(word)
    for word in split_words("but and while whereas although though however yet because so instead than nevertheless")
)
_WIDE_BOUNDARIES = SENTENCE_MARKS | CLAUSE_WORDS
_NARROW_BOUNDARIES = MARKS | CLAUSE_WORDS
_TRIGGER_BREAKS = MARKS | CLAUSE_WORDS  # (less the clause words a trigger holds itself)
TRIGGER_GAP = 1  # content words allowed between two neighbouring words of a trigger ("teacher model is smaller")
TRIGGER_REACH = 4  # and words of any kind
MAX_TRIGGER_STARTS = 50
MAX_RELATION_PLACES = 50  # places of one requires / not_with word read per answer
MAX_RELATION_PLACES_IN_ALL = 300  # and of all of them
MAX_RELATION_CHECKS = 1_000  # role phrases and places looked at per answer (past it, role words are not seen)
_NEGATION = "not"
_PER_PSEUDO_CONCEPT = 50  # relation words are compiled as pseudo concepts of this many keywords

Phrase = tuple[int, ...]  # a relation word or trigger as vocabulary ids (content words, in order)
Place = tuple[int, tuple[tuple[int, frozenset[int]], ...]]  # a role word's position, nearest concept places


@dataclass(frozen=True, slots=True)
class MisconceptionFound:
    """A misconception the answer states: the trigger (as the author wrote it), the answer's words
    that stated it, the correction to show, and the concept it voids (None: only corrected)."""

    trigger: str
    matched: str
    correction: str
    contradicts: str | None


@dataclass(frozen=True, slots=True)
class _CompiledMisconception:
    triggers: tuple[tuple[str, Phrase, bool, frozenset[str]], ...]  # (text, ids, says "not", its clause words)
    correction: str
    contradicts: int | None  # concept index
    contradicts_name: str | None


@dataclass(frozen=True, slots=True)
class Relations:
    """A card's roles and misconceptions, compiled once (per distinct card content, cached)."""

    words: CompiledCard  # every relation word, trigger and keyword, for the grader's word matching
    anchors: dict[int, frozenset[int]]  # one-word keyword -> its concept (words of one concept only)
    pair_anchors: dict[tuple[int, int], frozenset[int]]  # neighbouring words of a keyword -> its concept
    relation_ids: frozenset[int]  # the words of requires and not_with
    requires: tuple[tuple[Phrase, ...], ...]  # per concept
    not_with: tuple[tuple[Phrase, ...], ...]  # per concept
    misconceptions: tuple[_CompiledMisconception, ...]
    checked: frozenset[int]  # concepts with requires or not_with: each keyword place is checked


def compile_relations(concepts: Sequence[Concept], misconceptions: Sequence[Misconception] = ()) -> Relations | None:
    """The compiled roles and misconceptions of a card, or None when it has neither (the usual case)."""
    concept_key = tuple(
        (
            concept.name,
            tuple(text[:GRADED_KEYWORD_CHARS] for text in concept.keywords[:GRADED_KEYWORDS_PER_CONCEPT]),
            tuple(text[:GRADED_KEYWORD_CHARS] for text in getattr(concept, "requires", ())[:MAX_RELATION_WORDS]),
            tuple(text[:GRADED_KEYWORD_CHARS] for text in getattr(concept, "not_with", ())[:MAX_RELATION_WORDS]),
        )
        for concept in concepts[:GRADED_CONCEPTS]
    )
    misconception_key = tuple(
        (
            tuple(text[:GRADED_KEYWORD_CHARS] for text in item.triggers[:MAX_TRIGGERS]),
            item.correction,
            item.contradicts,
        )
        for item in misconceptions[:MAX_MISCONCEPTIONS]
    )
    if not misconception_key and not any(requires or not_with for _, _, requires, not_with in concept_key):
        return None
    return _compile(concept_key, misconception_key)


@lru_cache(maxsize=256)
def _compile(
    concepts: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...],
    misconceptions: tuple[tuple[tuple[str, ...], str, str | None], ...],
) -> Relations:
    relation_texts = list(dict.fromkeys(
        [text for _, _, requires, not_with in concepts for text in (*requires, *not_with)]
        + [text for triggers, _, _ in misconceptions for text in triggers]
    ))
    relation_count = len(relation_texts)
    texts = relation_texts + [text for text in dict.fromkeys(
        text for _, keywords, _, _ in concepts for text in keywords) if text not in set(relation_texts)]
    pseudo = [
        Concept(name=f"relation words {start}", keywords=texts[start : start + _PER_PSEUDO_CONCEPT])
        for start in range(0, len(texts), _PER_PSEUDO_CONCEPT)
    ]
    phrases = dict(zip(texts, canonical_phrases(texts), strict=True))
    # Keywords are here only to see where the answer names a concept: exact words are enough, and the
    # grader already looked for their typos (this keeps the typo work per answer about what it was).
    words = _typos_only_for(
        compile_card(pseudo),
        {word for text in texts[:relation_count] for word in phrases[text]},
    )

    def ids(text: str) -> tuple[Phrase, bool, frozenset[str]] | None:
        phrase = phrases[text]
        content = [word for word in phrase if word not in STOPWORDS] or list(phrase[:1])
        found = [words.vocab.get(word) for word in content]
        if not found or None in found:
            return None  # cut by the grading bounds (only a card that skipped validation)
        return tuple(found), _NEGATION in content, CLAUSE_WORDS.intersection(phrase)  # type: ignore[arg-type]

    def compiled(texts: tuple[str, ...]) -> tuple[Phrase, ...]:
        return tuple(entry[0] for entry in map(ids, texts) if entry is not None)

    by_name = {name.casefold(): index for index, (name, *_) in enumerate(concepts)}
    compiled_misconceptions = []
    for triggers, correction, contradicts in misconceptions:
        entries = tuple((text, *entry) for text, entry in zip(triggers, map(ids, triggers), strict=True) if entry)
        index = by_name.get(contradicts.casefold()) if contradicts else None
        name = concepts[index][0] if index is not None else None
        compiled_misconceptions.append(_CompiledMisconception(entries, correction, index, name))
    requires = tuple(compiled(texts) for _, _, texts, _ in concepts)
    not_with = tuple(compiled(texts) for _, _, _, texts in concepts)
    # Anchors: keyword words of one concept only ("model", in several, says nothing about which), and
    # only one-word keywords ("sends" of "sends syn" says little about which concept)
    owners: dict[int, set[int]] = {}
    pairs: dict[tuple[int, int], set[int]] = {}
    for index, (_, keywords, _, _) in enumerate(concepts):
        for phrase in compiled(keywords):
            for word_id in phrase:
                owners.setdefault(word_id, set()).add(index if len(phrase) == 1 else -1)
            for pair in pairwise(phrase):
                pairs.setdefault(pair, set()).add(index)
    return Relations(
        pair_anchors={pair: frozenset(found) for pair, found in pairs.items() if len(found) == 1},
        anchors={word_id: frozenset(found) for word_id, found in owners.items() if len(found) == 1 and -1 not in found},
        relation_ids=frozenset(word_id for phrases in (*requires, *not_with) for phrase in phrases for word_id in phrase),
        words=words,
        requires=requires,
        not_with=not_with,
        misconceptions=tuple(compiled_misconceptions),
        checked=frozenset(index for index, (r, n) in enumerate(zip(requires, not_with, strict=True)) if r or n),
    )


def _typos_only_for(card: CompiledCard, typo_words: set[str]) -> CompiledCard:
    """A copy of a compiled card whose typo matching looks only for these words."""
    fuzzy = [(word, word_id) for word, word_id in zip(card.fuzzy_words, card.fuzzy_ids, strict=True) if word in typo_words]
    buckets: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
    for word, word_id in fuzzy:
        bucket = buckets.setdefault((word[0], len(word)), ([], []))
        bucket[0].append(word)
        bucket[1].append(word_id)
    return replace(
        card, fuzzy_words=[word for word, _ in fuzzy], fuzzy_ids=[word_id for _, word_id in fuzzy],
        typo_buckets=buckets, fuzzy_cache={}, no_typo=set(), settled=set(card.settled_base), verdicts={},
        typo_plans={},
    )


class AnswerRelations:
    """One answer read against a card's relations: which keyword places count, which misconceptions
    it states."""

    __slots__ = (
        "_budget", "_by_id", "_narrow", "_negated", "_places", "_present", "_relations", "_tokens", "_wide", "voided",
    )

    def __init__(self, tokens: Tokens, relations: Relations) -> None:
        words = tokens.words
        self._tokens = tokens
        self._relations = relations
        self._by_id, _ = resolve_words(tokens, set(words), relations.words)
        for found in self._by_id.values():
            found.sort()  # (a compound written in two is appended out of order)
        self._negated = negated_positions(words) if _NEGATION in words else frozenset()
        self._wide: list[int] = []
        self._narrow: list[int] = []
        self._places: dict[int, tuple[dict[int, list[Place]], dict[int, list[Place]]]] | None = None
        self._budget = MAX_RELATION_CHECKS
        self._present: dict[int, tuple[bool, tuple[Phrase, ...], tuple[Phrase, ...]]] = {}
        self.voided: set[int] = set()  # concepts with a keyword place that didn't count (gaming rule: found)

    def _read_places(self) -> dict[int, tuple[dict[int, list[Place]], dict[int, list[Place]]]]:
        """The clauses, and the places of the role words (once per answer, when a keyword place of a
        concept with roles is first checked)."""
        words = self._tokens.words
        relations = self._relations
        self._wide = wide = list(accumulate(map(int, map(_WIDE_BOUNDARIES.__contains__, words))))
        self._narrow = narrow = list(accumulate(map(int, map(_NARROW_BOUNDARIES.__contains__, words))))
        # where the answer names a concept: its one-word keywords (not the word itself, when that is a
        # relation word: "the student is large") and its keywords' neighbouring words ("smaller model")
        anchors = sorted(
            (position, relations.anchors[word_id], False)
            for word_id in relations.anchors.keys() & self._by_id.keys()
            for position in self._by_id[word_id]
        )
        if relations.pair_anchors:
            at = {position: word_id for word_id, positions in self._by_id.items() for position in positions}
            for position in range(len(words) - 1):
                first, second = at.get(position), at.get(position + 1)
                owner = relations.pair_anchors.get((first, second)) if first is not None and second is not None else None
                if owner:
                    anchors.extend(((position, owner, True), (position + 1, owner, True)))
            anchors.sort()
        anchor_positions = [anchor[0] for anchor in anchors]
        # per relation word, by clause (wide, then narrow): its undenied places, each with the nearest
        # concept places in its clause ((distance, concepts), ...)
        places: dict[int, tuple[dict[int, list[Place]], dict[int, list[Place]]]] = {}
        room = MAX_RELATION_PLACES_IN_ALL
        for word_id in sorted(relations.relation_ids & self._by_id.keys()):
            by_wide: dict[int, list[Place]] = {}
            by_narrow: dict[int, list[Place]] = {}
            for position in self._by_id[word_id][:MAX_RELATION_PLACES]:
                room -= 1
                if room < 0:
                    break
                if position not in self._negated:
                    place = (position, _nearest(position, anchors, anchor_positions, wide))
                    by_wide.setdefault(wide[position], []).append(place)
                    by_narrow.setdefault(narrow[position], []).append(place)
            places[word_id] = (by_wide, by_narrow)
        self._places = places
        return places

    def accepts(self, concept_index: int, positions: tuple[int, ...]) -> bool:
        """Whether a keyword of this concept, found at these answer positions, counts."""
        present = self._present.get(concept_index)
        if present is None:  # (once per concept and answer) the role phrases whose words all occur
            places = self._places if self._places is not None else self._read_places()
            relations = self._relations
            present = self._present[concept_index] = (
                bool(relations.requires[concept_index]),
                tuple(p for p in relations.requires[concept_index] if places.keys() >= set(p)),
                tuple(p for p in relations.not_with[concept_index] if places.keys() >= set(p)),
            )
        has_requires, requires, not_with = present
        if (has_requires and not (requires and self._any_near(concept_index, positions, requires, 0))) or (
            not_with and self._any_near(concept_index, positions, not_with, 1)
        ):
            self.voided.add(concept_index)
            return False
        return True

    def _any_near(self, concept: int, positions: tuple[int, ...], phrases: tuple[Phrase, ...], level: int) -> bool:
        """Whether one of the phrases has all its words in the keyword's clause (level 0: wide, 1:
        narrow), each speaking of this concept (no other concept's keyword nearer to it)."""
        clauses = {(self._narrow if level else self._wide)[p] for p in positions}
        places = self._places
        assert places is not None  # (read by `accepts`)
        for phrase in phrases:
            self._budget -= 1
            for word_id in phrase:
                if not self._word_near(concept, positions, clauses, places[word_id][level]):
                    break
            else:
                return True
        return False

    def _word_near(self, concept: int, positions: tuple[int, ...], clauses: set[int], by_clause: dict[int, list[Place]]) -> bool:
        for clause in clauses:
            for position, nearest in by_clause.get(clause, ()):
                self._budget -= 1
                if self._budget < 0:
                    return False
                distance = min(abs(position - p) for p in positions)
                if all(other >= distance or concept in owners for other, owners in nearest):
                    return True
        return False

    def stated(self) -> tuple[list[MisconceptionFound], set[int]]:
        """The misconceptions stated, and the concepts they contradict."""
        found: list[MisconceptionFound] = []
        contradicted: set[int] = set()
        present = self._by_id.keys()
        for misconception in self._relations.misconceptions:
            for text, phrase, says_not, own_clause_words in misconception.triggers:
                if not present >= set(phrase):
                    continue
                place = self._place(phrase, says_not, _TRIGGER_BREAKS - own_clause_words)
                if place is not None:
                    shown = self._tokens.display([place])[0]
                    found.append(MisconceptionFound(text, shown, misconception.correction, misconception.contradicts_name))
                    if misconception.contradicts is not None:
                        contradicted.add(misconception.contradicts)
                    break
        return found, contradicted

    def _place(self, phrase: Phrase, says_not: bool, breaks: frozenset[str]) -> tuple[int, ...] | None:
        """The first place where the phrase's words follow each other closely, undenied."""
        by_id = self._by_id
        empty: list[int] = []
        lists = [by_id.get(word_id, empty) for word_id in phrase]
        if not all(lists):
            return None
        words = self._tokens.words
        denied = frozenset() if says_not else self._negated
        for start in lists[0][:MAX_TRIGGER_STARTS]:
            if start in denied:
                continue
            place = [start]
            for positions in lists[1:]:
                previous = place[-1]
                index = bisect_right(positions, previous)
                following = positions[index] if index < len(positions) else None
                if (
                    following is None
                    or following - previous > TRIGGER_REACH + 1
                    or following in denied
                    or not breaks.isdisjoint(words[previous + 1 : following])
                    or sum(word not in STOPWORDS for word in words[previous + 1 : following]) > TRIGGER_GAP
                ):
                    break
                place.append(following)
            else:
                return tuple(place)
        return None



def _nearest(
    position: int, anchors: list[tuple[int, frozenset[int], bool]], anchor_positions: list[int], clauses: list[int]
) -> tuple[tuple[int, frozenset[int]], ...]:
    """The nearest places on each side of this word, in its clause, where the answer names a concept,
    with their distance: "a large teacher trains a small student" - "small" is nearer the student.
    The word's own place counts only as part of a keyword's pair ("small model" names the student)."""
    index = bisect_right(anchor_positions, position)
    clause = clauses[position]
    found = []
    for step in (-1, 1):
        at = index - 1 if step < 0 else index
        while 0 <= at < len(anchors) and anchors[at][0] == position and not anchors[at][2]:
            at += step
        if 0 <= at < len(anchors) and clauses[anchors[at][0]] == clause:
            found.append((abs(anchors[at][0] - position), anchors[at][1]))
    return tuple(found)
