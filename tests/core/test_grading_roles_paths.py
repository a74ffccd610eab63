"""The role checks and the trigger search take short cuts (role phrases found once per concept and clause,
how far each role place reaches worked out once, where a keyword is spoken of kept as intervals; running
counts instead of scans for triggers): on many random answers, they must decide exactly what the rules
read plainly decide (written out here the slow way, as the grader first did) whenever no bound is
reached."""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate

import pytest

from bot.core.deck import Concept, Misconception
from bot.core.grading_negation import negated_positions
from bot.core.grading_relations import Relations, compile_relations
from bot.core.grading_roles import CLAUSE_WORDS, NARROW_BOUNDARIES, WIDE_BOUNDARIES, RoleReading, _anchors
from bot.core.grading_triggers import (
    TRIGGER_BREAKS,
    TRIGGER_GAP,
    TRIGGER_REACH,
    stated_misconceptions,
)
from bot.core.grading_words import resolve_words
from bot.core.limits import MAX_RELATION_PLACES, MAX_RELATION_PLACES_IN_ALL
from bot.core.text_normalize import NOT_CONTENT, STOPWORDS, Tokens, tokenize

RNG = random.Random(20261203)

DISTILLATION = (
    [
        Concept(name="teacher", keywords=["teacher", "large model"], requires=["large", "big", "pretrained"],
                not_with=["small", "smaller", "tiny"]),
        Concept(name="student", keywords=["student", "small model", "smaller model"],
                requires=["small", "smaller", "compact", "fewer parameters"], not_with=["large", "larger", "big"]),
        Concept(name="mimic", keywords=["mimic", "imitate", "learn from"], not_with=["teacher learns"]),
    ],
    [
        Misconception(triggers=["teacher is smaller", "small teacher"], correction="No.", contradicts="teacher"),
        Misconception(triggers=["teacher learns from the student"], correction="No.", contradicts="mimic"),
        Misconception(triggers=["no labels at all", "than the teacher"], correction="No."),
    ],
)
HANDSHAKE = (
    [
        Concept(name="syn", keywords=["syn", "sends syn", "synchronize"], requires=["client", "first", "starts"],
                not_with=["server sends", "syn-ack"]),
        Concept(name="synack", keywords=["syn-ack", "syn ack", "synack"], requires=["server", "replies", "back"],
                not_with=["client sends"]),
        Concept(name="ack", keywords=["ack", "acknowledges"], requires=["client", "final", "last"],
                not_with=["server sends"]),
        Concept(name="seq", keywords=["sequence number", "isn"]),
    ],
    [Misconception(triggers=["server sends syn first", "server initiates"], correction="No.", contradicts="syn")],
)
FILLER = ["the", "a", "is", "it", "and", "but", "than", "because", "while", "so", "not", "no", "never", "really",
          ",", ".", ";", ":", "(", ")", "\n", "model", "data", "network"]


def _answer(concepts: list[Concept], misconceptions: list[Misconception]) -> str:
    texts = [t for c in concepts for t in (*c.keywords, *c.requires, *c.not_with)]
    texts += [t for m in misconceptions for t in m.triggers]
    words = [w for t in texts for w in t.split()]
    pool = words * 3 + [t for t in texts if " " in t] + FILLER * 2
    return " ".join(RNG.choice(pool) for _ in range(RNG.randint(3, 90)))


def _reading(text: str, relations: Relations) -> tuple[Tokens, dict[int, list[int]], frozenset[int]]:
    tokens = tokenize(text)
    by_id, _ = resolve_words(tokens, set(tokens.words), relations.words)
    for positions in by_id.values():
        positions.sort()
    negated = negated_positions(tokens.words) if "not" in tokens.words else frozenset()
    return tokens, by_id, negated


def _plain_accepts(words: tuple[str, ...], relations: Relations, by_id: dict[int, list[int]], negated: frozenset[int],
                   concept: int, positions: tuple[int, ...]) -> bool:
    """The role rule read plainly: every phrase, every place, every time."""
    def named(position: int) -> set[int]:
        return {concept for word_id, found in relations.anchors.items() if position in by_id.get(word_id, ())
                for concept in found}

    # an "and" between two keywords of one concept joins a list ("ATP and NADPH"), not two clauses
    listing = {p for p, word in enumerate(words) if word == "and" and 0 < p < len(words) - 1
               and named(p - 1) & named(p + 1)}
    clause_of = (list(accumulate(int(word in WIDE_BOUNDARIES and p not in listing) for p, word in enumerate(words))),
                 list(accumulate(int(word in NARROW_BOUNDARIES and p not in listing) for p, word in enumerate(words))))
    anchors = _anchors(relations, by_id, negated)
    places: dict[int, list[int]] = {}
    room = MAX_RELATION_PLACES_IN_ALL
    for word_id in sorted(relations.relation_ids & by_id.keys()):
        places[word_id] = []
        for position in by_id[word_id][:MAX_RELATION_PLACES]:
            room -= 1
            if room < 0:
                break
            if position not in negated:
                places[word_id].append(position)

    def nearest(position: int) -> list[tuple[int, frozenset[int]]]:
        index = bisect_right([anchor[0] for anchor in anchors], position)
        found = []
        for step in (-1, 1):
            at = index - 1 if step < 0 else index
            while 0 <= at < len(anchors) and anchors[at][0] == position and not anchors[at][2]:
                at += step
            if 0 <= at < len(anchors) and clause_of[0][anchors[at][0]] == clause_of[0][position]:
                found.append((abs(anchors[at][0] - position), anchors[at][1]))
        return found

    own = {word_id for phrase in relations.requires[concept] for word_id in phrase}
    required = {word_id for phrases in relations.requires for phrase in phrases for word_id in phrase}

    def said_of_another(place: int) -> bool:
        """The place is the first content word after its narrow clause's first one, which is made of role
        words the concept does not require."""
        clause = clause_of[1][place]
        content = [p for p, word in enumerate(words)
                   if clause_of[1][p] == clause and word not in NOT_CONTENT and word not in CLAUSE_WORDS]
        if len(content) < 2 or content[1] != place:
            return False
        found = {word_id for word_id in required if content[0] in by_id.get(word_id, ())}
        return bool(found) and not found & own

    def speaks(word_id: int, level: int) -> bool:
        clauses = {clause_of[level][p] for p in positions}
        for place in places.get(word_id, ()):
            if level == 0 and said_of_another(place):
                continue
            if clause_of[level][place] in clauses:
                distance = min(abs(place - p) for p in positions)
                if all(other >= distance or concept in owners for other, owners in nearest(place)):
                    return True
        return False

    def any_near(phrases: tuple[tuple[int, ...], ...], level: int) -> bool:
        return any(all(speaks(word_id, level) for word_id in phrase) for phrase in phrases)

    def inside(phrases: tuple[tuple[int, ...], ...]) -> bool:
        """A phrase inside the keyword, when the keyword itself says "not" (taken as written)."""
        return (len(positions) > 1 and "not" in words[min(positions) : max(positions) + 1]
                and any(all(set(positions) & set(by_id.get(word_id, ())) for word_id in phrase) for phrase in phrases))

    requires, not_with = relations.requires[concept], relations.not_with[concept]
    return not ((requires and not any_near(requires, 0) and not inside(requires)) or (not_with and any_near(not_with, 1)))


def _plain_place(words: tuple[str, ...], by_id: dict[int, list[int]], negated: frozenset[int],
                 phrase: tuple[int, ...], says_not: bool, breaks: frozenset[str]) -> tuple[int, ...] | None:
    lists = [by_id.get(word_id, []) for word_id in phrase]
    if not all(lists):
        return None
    denied = frozenset() if says_not else negated
    for start in lists[0][:50]:
        if start in denied:
            continue
        place = [start]
        for positions in lists[1:]:
            index = bisect_right(positions, place[-1])
            following = positions[index] if index < len(positions) else None
            if (following is None or following - place[-1] > TRIGGER_REACH + 1 or following in denied
                    or not breaks.isdisjoint(words[place[-1] + 1 : following])
                    or sum(word not in STOPWORDS for word in words[place[-1] + 1 : following]) > TRIGGER_GAP):
                break
            place.append(following)
        else:
            return tuple(place)
    return None


@pytest.mark.parametrize("card", [DISTILLATION, HANDSHAKE], ids=["distillation", "handshake"])
def test_role_checks_decide_what_the_plain_rule_decides(card: tuple[list[Concept], list[Misconception]]) -> None:
    concepts, misconceptions = card
    relations = compile_relations(concepts, misconceptions)
    assert relations is not None
    compared = refused = 0
    for _ in range(400):
        tokens, by_id, negated = _reading(_answer(concepts, misconceptions), relations)
        words = tokens.words
        reading = RoleReading(words, relations, by_id, negated)
        # keyword places: each word of the card's keywords, alone and with a neighbour word
        keyword_ids = [relations.words.vocab[word] for c in concepts for k in c.keywords for word in k.split()
                       if word in relations.words.vocab]
        spots = sorted({p for word_id in keyword_ids for p in by_id.get(word_id, [])})
        for concept in relations.checked:
            for spot in spots:
                for positions in ((spot,), (spot, min(spot + 2, len(words) - 1))):
                    decided = reading.accepts(concept, positions)
                    assert reading.checks > 0, "a bound was reached: the comparison says nothing"
                    assert decided == _plain_accepts(words, relations, by_id, negated, concept, positions), (
                        words, concept, positions)
                    compared += 1
                    refused += not decided
    assert compared > 2000 and 0.1 < refused / compared < 0.9  # both outcomes, often


@pytest.mark.parametrize("card", [DISTILLATION, HANDSHAKE], ids=["distillation", "handshake"])
def test_the_trigger_search_finds_what_the_plain_search_finds(card: tuple[list[Concept], list[Misconception]]) -> None:
    concepts, misconceptions = card
    relations = compile_relations(concepts, misconceptions)
    assert relations is not None
    stated = 0
    for _ in range(600):
        tokens, by_id, negated = _reading(_answer(concepts, misconceptions), relations)
        found, contradicted, steps = stated_misconceptions(tokens, relations.misconceptions, by_id, negated)
        expected = []
        voided = set()
        for item in relations.misconceptions:
            for text, phrase, says_not, own in item.triggers:
                place = _plain_place(tokens.words, by_id, negated, phrase, says_not, TRIGGER_BREAKS - own)
                if place is not None:
                    expected.append((text, tokens.display([place])[0]))
                    voided.update([item.contradicts] if item.contradicts is not None else [])
                    break
        assert [(m.trigger, m.matched) for m in found] == expected
        assert contradicted == voided
        assert steps > 0 or not any(set(t[1]) <= by_id.keys() for m in relations.misconceptions for t in m.triggers)
        stated += len(found)
    assert stated > 50
