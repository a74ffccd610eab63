"""Roles: whether a keyword place counts, read from the `requires` / `not_with` words in its clause (the
rules are in bot/core/grading_relations.py).

Per answer, the first time a concept with roles has a keyword place to check: the answer's clauses
(wide and narrow; an "and" between two keywords of one concept joins a list, not two clauses), the undenied places of the role words (at most MAX_RELATION_PLACES per word and
MAX_RELATION_PLACES_IN_ALL in all) by clause, and per clause the set of role words placed in it. Then:
- a keyword place is checked only against its concept's role phrases whose every word has a place in
  the keyword's clause (one set test per phrase, once per concept, level and clause);
- how far a role place reaches (up to the nearest place naming another concept, in its clause) is
  worked out once, when it is first read;
- per concept, clause and role word, the positions a keyword may stand at to be spoken of by one of
  the word's places there are kept as sorted intervals: every later keyword place in that clause is
  one look-up.
Each phrase tried and each role place read costs one of the answer's MAX_RELATION_CHECKS (counted,
not timed). Past them, the role words not yet read are not seen: a concept that `requires` one is not
credited, and `not_with` voids nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from bot.core.grading_frames import frame_clauses
from bot.core.grading_subjects import ClauseSubjects
from bot.core.limits import MAX_RELATION_CHECKS, MAX_RELATION_PLACES, MAX_RELATION_PLACES_IN_ALL
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, canonical_word, split_words

if TYPE_CHECKING:
    from bot.core.grading_relations import Relations

CLAUSE_WORDS = frozenset(
    canonical_word(word)
    for word in split_words("but and while whereas although though however yet because so instead than nevertheless")
)
WIDE_BOUNDARIES = SENTENCE_MARKS | CLAUSE_WORDS  # a clause: `requires` is looked for here
NARROW_BOUNDARIES = MARKS | CLAUSE_WORDS  # a narrow clause (commas cut it too): `not_with` is looked for here

Phrase = tuple[int, ...]  # a role word (or trigger) as vocabulary ids: its content words, in order
Anchor = tuple[int, frozenset[int], bool]  # a place naming concepts (position, concepts, part of a pair)
# How far a role place reaches: for any concept; the concepts named at its nearest place before it, and
# how far that is; the same after it
Reach = tuple[int, frozenset[int], int, frozenset[int], int]
Spans = tuple[list[int], list[int]]  # sorted disjoint intervals of positions (inclusive): starts, ends
_NONE: frozenset[int] = frozenset()
_NONE_SET: set[int] = set()
_TO = canonical_word("to")
_AND = canonical_word("and")
_FAR = 1 << 30  # no concept named around a role place: it speaks of any keyword in its clause


_NEGATION = "not"  # (the canonical negation word, as in grading_relations)


class RoleReading:
    """One answer's role words, by clause, and the checks of keyword places against them."""

    __slots__ = ("_anchors", "_around", "_by_id", "_candidates", "_clauses", "_negated", "_placed", "_places",
                 "_relations", "_spans", "_subjects", "_words", "checks", "places_read")

    def __init__(self, words: Sequence[str], relations: Relations, by_id: dict[int, list[int]],
                 negated: Collection[int]) -> None:
        self._relations = relations
        self._words = words
        self._by_id = by_id
        self._negated = negated
        wide_cuts = bytearray(map(WIDE_BOUNDARIES.__contains__, words))
        narrow_cuts = bytearray(map(NARROW_BOUNDARIES.__contains__, words))
        if _AND in words and relations.anchors:
            for position in _listing_ands(words, relations, by_id):
                wide_cuts[position] = narrow_cuts[position] = 0
        wide = list(accumulate(wide_cuts))
        narrow = list(accumulate(narrow_cuts))
        self._clauses = (wide, narrow)
        # per role word and level (wide, narrow): its places by clause; per level and clause, the role
        # words placed there
        places: dict[int, tuple[dict[int, list[int]], dict[int, list[int]]]] = {}
        placed: tuple[dict[int, set[int]], dict[int, set[int]]] = ({}, {})
        room = MAX_RELATION_PLACES_IN_ALL
        framing = relations.frames
        framed: list[tuple[int, int]] = []  # (role word, place) to try as a sentence's opening frame
        read = 0  # (role places read, denied or not: what counts against the bounds)
        for word_id in sorted(relations.relation_ids & by_id.keys()):
            by_wide: dict[int, list[int]] = {}
            by_narrow: dict[int, list[int]] = {}
            found = min(len(by_id[word_id]), MAX_RELATION_PLACES)
            take = min(found, max(room, 0))
            room -= found
            read += take
            as_written = word_id in relations.as_written
            for position in by_id[word_id][:take]:
                if as_written or position not in negated:
                    by_wide.setdefault(wide[position], []).append(position)
                    by_narrow.setdefault(narrow[position], []).append(position)
                    if framing:
                        framed.append((word_id, position))
            places[word_id] = (by_wide, by_narrow)
            for level, by_clause in enumerate((by_wide, by_narrow)):
                for clause in by_clause:
                    placed[level].setdefault(clause, set()).add(word_id)
        if framed:
            # a sentence's opening frame stands in the clauses continuing it, up to one that names a
            # `requires` word of its own ("In winter it snows, and summer lakes ...": not winter's)
            settings = {word_id for phrases in relations.requires for phrase in phrases for word_id in phrase}
            own = {clause: ids & settings for clause, ids in placed[0].items()}
            for word_id, position in framed:
                for clause in frame_clauses(words, wide, position):
                    if not own.get(clause, _NONE_SET) <= {word_id}:
                        break
                    places[word_id][0].setdefault(clause, []).append(position)
                    placed[0].setdefault(clause, set()).add(word_id)
        self._places = places
        self._placed = placed
        self.places_read = read
        self._candidates: dict[tuple[int, int, int], tuple[Phrase, ...]] = {}  # (concept, level, clause) -> phrases
        # places naming a concept, in order: positions, concepts, part of a pair (when a role place is first read)
        self._anchors: tuple[list[int], list[frozenset[int]], list[bool]] | None = None
        self._around: dict[int, Reach] = {}  # role place -> how far it reaches (`_reach`)
        self._spans: dict[tuple[int, int, int, int], Spans] = {}  # (concept, level, clause, role word)
        self.checks = MAX_RELATION_CHECKS  # what is left of the answer's role checks
        self._subjects: ClauseSubjects | None = None  # each narrow clause's opening role word (on first use)

    def accepts(self, concept: int, positions: tuple[int, ...]) -> bool:
        """Whether a keyword of this concept, found at these answer positions, counts: one of its
        `requires` in the keyword's clause (if it has any), none of its `not_with` in its narrow clause."""
        relations = self._relations
        requires = relations.requires[concept]
        if requires and not self._any_near(concept, positions, requires, 0) and not self._inside(positions, requires):
            return False
        not_with = relations.not_with[concept]
        return not (not_with and self._any_near(concept, positions, not_with, 1))

    def _inside(self, positions: tuple[int, ...], phrases: tuple[Phrase, ...]) -> bool:
        """Whether one of the phrases stands inside a keyword that itself says "not" ("夜は光合成をしない"
        requiring 光合成): that keyword is taken as written, so its own negation does not deny its words."""
        words = self._words
        if len(positions) < 2 or _NEGATION not in words[min(positions) : max(positions) + 1]:
            return False
        inside = set(positions)
        by_id = self._by_id
        return any(all(inside.intersection(by_id.get(word_id, ())) for word_id in phrase) for phrase in phrases)

    def _any_near(self, concept: int, positions: tuple[int, ...], phrases: tuple[Phrase, ...], level: int) -> bool:
        """Whether one of the phrases has all its words in the keyword's clause (level 0: wide, 1:
        narrow), each speaking of this concept (no other concept's keyword nearer to it)."""
        if self.checks <= 0:
            return False
        clause_of = self._clauses[level]
        if len(positions) == 1:  # (most keywords: one word, so one clause; its phrases there found once)
            position = positions[0]
            clause = clause_of[position]
            key = (concept, level, clause)
            candidates = self._candidates.get(key)
            if candidates is None:
                here = self._placed[level].get(clause, _NONE)
                candidates = self._candidates[key] = tuple(phrase for phrase in phrases if here.issuperset(phrase))
            known = self._spans
            for phrase in candidates:  # (`_word_near` for one place and one clause, written out)
                self.checks -= 1
                if self.checks < 0:
                    return False
                for word_id in phrase:
                    spans = known.get((concept, level, clause, word_id))
                    if spans is None:
                        spans = known[(concept, level, clause, word_id)] = self._spoken_of(
                            concept, self._places[word_id][level].get(clause, ()), clause_of, clause)
                    index = bisect_right(spans[0], position) - 1
                    if index < 0 or position > spans[1][index]:
                        break
                else:
                    return True
            return False
        # a keyword of several words may span clauses: each word of a phrase in any of them
        clauses = tuple(dict.fromkeys(clause_of[position] for position in positions))
        placed = self._placed[level]
        here = set().union(*(placed.get(clause, _NONE) for clause in clauses))
        candidates = tuple(phrase for phrase in phrases if here.issuperset(phrase))
        for phrase in candidates:
            self.checks -= 1
            if self.checks < 0:
                return False
            for word_id in phrase:
                if not self._word_near(concept, positions, clauses, word_id, level):
                    break
            else:
                return True
        return False

    def _word_near(self, concept: int, positions: tuple[int, ...], clauses: tuple[int, ...], word_id: int,
                   level: int) -> bool:
        """Whether a place of this role word in the clauses speaks of the keyword: at distance d from it,
        with no other concept's place nearer to it than d. Per concept, clause and role word, the
        positions where a keyword is spoken of so are worked out once, as intervals (each role place
        read costs a check); then each keyword place is one look-up."""
        for clause in clauses:
            key = (concept, level, clause, word_id)
            spans = self._spans.get(key)
            if spans is None:
                spans = self._spans[key] = self._spoken_of(
                    concept, self._places[word_id][level].get(clause, ()), self._clauses[level], clause)
            starts, ends = spans
            if starts:
                for position in positions:
                    index = bisect_right(starts, position) - 1
                    if index >= 0 and position <= ends[index]:
                        return True
        return False

    def _spoken_of(self, concept: int, places: Sequence[int], clause_of: Sequence[int], clause: int) -> Spans:
        """Where a keyword of the concept is spoken of by one of these role places (in this clause):
        within the place's reach for that concept, as sorted disjoint intervals. A place in an earlier
        clause is a sentence's opening frame (bot/core/grading_frames.py): it speaks of the whole clause."""
        read = min(len(places), max(self.checks, 0))
        self.checks -= read
        around = self._around
        # (not_with is read in narrow clauses; "to" after it is read so in English only)
        narrow = clause_of is self._clauses[1] and self._relations.frames
        subjects = None
        if clause_of is self._clauses[0] and self._relations.frames:  # ("the client answers": the client's)
            subjects = self._subjects
            if subjects is None:
                subjects = self._subjects = ClauseSubjects(
                    self._words, self._clauses[1], self._relations, self._by_id, CLAUSE_WORDS)
        words = self._words
        spans = []
        for position in places[:read]:
            if clause_of[position] != clause:
                spans.append((position - _FAR, position + _FAR))
                continue
            if subjects is not None and subjects.said_of_another(concept, position):
                continue
            reach = around.get(position)
            if reach is None:
                reach = around[position] = self._reach(position)
            anyone, named_first, first, named_second, second = reach
            if concept in named_first:
                distance = _FAR if concept in named_second else second
            else:
                distance = first if concept in named_second else anyone
            if narrow and position + 1 < len(words) and words[position + 1] == _TO:
                # "it is used to make ATP": a not_with word before "to" speaks of what comes before it
                spans.append((position - distance, position))
            else:
                spans.append((position - distance, position + distance))
        spans.sort()
        starts: list[int] = []
        ends: list[int] = []
        for low, high in spans:
            if ends and low <= ends[-1]:
                ends[-1] = max(ends[-1], high)
            else:
                starts.append(low)
                ends.append(high)
        return starts, ends

    def _reach(self, position: int) -> Reach:
        """How far a role place reaches: up to the nearest place naming a concept on either side, in its
        clause, and, for each concept named there, up to the nearest place not naming it (its own
        keyword beside it does not stop it speaking of that keyword). The word's own place counts only
        as part of a keyword's pair ("small model" names the student)."""
        if self._anchors is None:
            anchors = _anchors(self._relations, self._by_id, self._negated)
            self._anchors = ([anchor[0] for anchor in anchors], [anchor[1] for anchor in anchors],
                             [anchor[2] for anchor in anchors])
        places, named, paired = self._anchors
        clause_of = self._clauses[0]
        clause = clause_of[position]
        after = bisect_right(places, position)  # the nearest place after it
        before = after - 1
        while before >= 0 and places[before] == position and not paired[before]:
            before -= 1
        if before >= 0 and clause_of[places[before]] == clause:
            named_first, first = named[before], position - places[before]
        else:
            named_first, first = _NONE, _FAR
        if after < len(places) and clause_of[places[after]] == clause:
            named_second, second = named[after], places[after] - position
        else:
            named_second, second = _NONE, _FAR
        return min(first, second), named_first, first, named_second, second


def _listing_ands(words: Sequence[str], relations: Relations, by_id: dict[int, list[int]]) -> list[int]:
    """The places of "and" that join two keywords of one concept ("makes ATP and NADPH"): a list of
    things, not two clauses, so the verb before it is said of both (its role words reach the second)."""
    at: dict[int, frozenset[int]] = {}
    for word_id in relations.anchors.keys() & by_id.keys():
        for position in by_id[word_id]:
            at[position] = relations.anchors[word_id]
    return [position for position in range(1, len(words) - 1)
            if words[position] == _AND and not at.get(position - 1, _NONE).isdisjoint(at.get(position + 1, _NONE))]


def _anchors(relations: Relations, by_id: dict[int, list[int]], negated: Collection[int] = ()) -> list[Anchor]:
    """Where the answer names a concept, in order: its one-word keywords (not the word itself when it is
    a role word: "the student is large") and its keywords' neighbouring words ("smaller model"), unless
    a negation denies them ("電流は流れない" does not name "電流が流れる")."""
    anchors = sorted(
        (position, relations.anchors[word_id], False)
        for word_id in relations.anchors.keys() & by_id.keys()
        for position in by_id[word_id]
    )
    if relations.pair_anchors:
        at = {position: word_id for word_id, positions in by_id.items() for position in positions}
        # a pair inside a multi-word role word's own place is that role word, not a concept named beside it
        own = {position for _, parts, _ in relations.phrases for part in parts for position in by_id.get(part, ())}
        for position in sorted(at):
            if position in own and position + 1 in own:
                continue
            second = at.get(position + 1)
            owner = relations.pair_anchors.get((at[position], second)) if second is not None else None
            if owner and position not in negated and position + 1 not in negated:
                anchors.extend(((position, owner, True), (position + 1, owner, True)))
        anchors.sort()
    return anchors
