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
credited. Words compare as keywords do (same normalisation and typo matching, grading_words.py).

Here: the compiled form of a card's roles and misconceptions, and `AnswerRelations`, one answer read
against it. The role checks are in grading_roles.py, the trigger search in grading_triggers.py. The
work per answer is bounded, and counted, not timed: the role and trigger words share the answer's
typo bounds with the keywords (one `TypoWork`, the keywords first), role places and checks
(MAX_RELATION_PLACES, MAX_RELATION_PLACES_IN_ALL, MAX_RELATION_CHECKS), trigger places and steps
(MAX_TRIGGER_STARTS, MAX_TRIGGER_STEPS).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from bot.core.deck import Concept, Misconception
from bot.core.grading_compile import (
    PHRASE_SLACK,
    REQUIRED_PHRASE_SLACK,
    CompiledCard,
    Keyword,
    bounded_keywords,
    compile_card,
    in_order,
    keyword_words,
)
from bot.core.grading_phrases import phrase_places
from bot.core.grading_roles import CLAUSE_WORDS, WIDE_BOUNDARIES, Phrase, RoleReading
from bot.core.grading_triggers import (
    TRIGGER_GAP,
    TRIGGER_REACH,
    CompiledMisconception,
    MisconceptionFound,
    stated_misconceptions,
)
from bot.core.grading_words import TypoWork, resolve_words
from bot.core.languages import ENGLISH, primary_subtag, rules_for
from bot.core.limits import (
    GRADED_CARD_KEYWORD_CHARS,
    GRADED_KEYWORD_CHARS,
    MAX_CORRECTION_CHARS,
    MAX_MISCONCEPTIONS,
    MAX_RELATION_CHECKS,
    MAX_RELATION_PLACES,
    MAX_RELATION_PLACES_IN_ALL,
    MAX_RELATION_WORDS,
    MAX_TRIGGER_STARTS,
    MAX_TRIGGER_STEPS,
    MAX_TRIGGERS,
)
from bot.core.text_normalize import Tokens, canonical_phrases

_NEGATION = "not"
_PER_PSEUDO_CONCEPT = 50  # relation words are compiled as pseudo concepts of this many keywords


@dataclass(slots=True)
class RelationWork:
    """Work done for a card's roles and misconceptions so far, summed over its answers."""

    answers: int = 0
    role_checks: int = 0  # of MAX_RELATION_CHECKS per answer
    trigger_steps: int = 0  # of MAX_TRIGGER_STEPS per answer
    most_role_places: int = 0  # the most one answer used (of MAX_RELATION_PLACES_IN_ALL)
    most_role_checks: int = 0
    most_trigger_steps: int = 0


@dataclass(frozen=True, slots=True)
class Relations:
    """A card's roles and misconceptions, compiled once (per distinct card content, cached)."""

    words: CompiledCard  # every relation word, trigger and keyword, for the grader's word matching
    anchors: dict[int, frozenset[int]]  # one-word keyword -> its concept (words of one concept only)
    pair_anchors: dict[tuple[int, int], frozenset[int]]  # neighbouring words of a keyword -> its concept
    relation_ids: frozenset[int]  # the words of requires and not_with
    requires: tuple[tuple[Phrase, ...], ...]  # per concept
    not_with: tuple[tuple[Phrase, ...], ...]  # per concept
    misconceptions: tuple[CompiledMisconception, ...]
    checked: frozenset[int]  # concepts with requires or not_with: each keyword place is checked
    # multi-word role words: each as a keyword (its words' ids) and the stand-in ids its words take in
    # `requires` / `not_with`, placed only where the words stand as a phrase (not scattered in the clause)
    phrases: tuple[tuple[Keyword, Phrase, int], ...] = ()
    # role words met only in role phrases that say "not" themselves ("流れない"), in a language that takes
    # such phrases as written: a negation does not keep their places from counting (bot/core/languages)
    as_written: frozenset[int] = frozenset()
    # English clause rules: a sentence's opening frame stands in the clauses continuing it; a not_with
    # word before "to" ("is used to make") speaks of what comes before it
    frames: bool = False
    done: RelationWork = field(default_factory=RelationWork)  # (the bounds are tested on these)


def compile_relations(
    concepts: Sequence[Concept], misconceptions: Sequence[Misconception] = (), language: str | None = None
) -> Relations | None:
    """The compiled roles and misconceptions of a card, or None when it has neither (the usual case).

    Cut to the grading bounds first, as `compile_card` cuts keywords (whose cut is kept here): role
    words and triggers together to GRADED_CARD_KEYWORD_CHARS, in the card's order. A valid card is
    never cut (its keywords, role words and triggers share that budget; a card graded from its model
    answer has derived keywords besides, outside it); one that skipped validation costs at most that
    much more than its keywords."""
    left = GRADED_CARD_KEYWORD_CHARS

    def bounded(texts: Sequence[str], count: int) -> tuple[str, ...]:
        nonlocal left
        kept = []
        for text in texts[:count]:
            text = text[:GRADED_KEYWORD_CHARS]
            if len(text) > left:
                left = 0
                break
            left -= len(text)
            kept.append(text)
        return tuple(kept)

    keywords = bounded_keywords(concepts)  # (those compile_card keeps)
    concept_key = tuple(
        (
            name,
            texts,
            bounded(getattr(concept, "requires", ()), MAX_RELATION_WORDS),
            bounded(getattr(concept, "not_with", ()), MAX_RELATION_WORDS),
        )
        for (name, texts), concept in zip(keywords, concepts, strict=False)
    )
    settings = rules_for(language).setting_roles
    if settings is not None:  # a setting another concept is framed in voids this one's keyword (German)
        concept_key = tuple((name, texts, requires, (*not_with, *extra)) for (name, texts, requires, not_with), extra
                            in zip(concept_key, settings(tuple(name for name, _ in keywords)), strict=True))
    misconception_key = tuple(
        (bounded(item.triggers, MAX_TRIGGERS), item.correction[:MAX_CORRECTION_CHARS], item.contradicts)
        for item in misconceptions[:MAX_MISCONCEPTIONS]
    )
    if not any(triggers for triggers, _, _ in misconception_key) and not any(
        requires or not_with for _, _, requires, not_with in concept_key
    ):
        return None
    return _compile(concept_key, misconception_key, primary_subtag(language))


@lru_cache(maxsize=256)
def _compile(
    concepts: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...],
    misconceptions: tuple[tuple[tuple[str, ...], str, str | None], ...],
    language: str = ENGLISH,
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
    rules = rules_for(language)
    phrases = dict(zip(texts, canonical_phrases(texts, None if rules.english_lexicon else rules.tokenize), strict=True))
    # Keywords are here only to see where the answer names a concept: exact words are enough, and the
    # grader already looked for their typos (this keeps the typo work per answer about what it was).
    words = _typos_only_for(
        compile_card(pseudo, language=language),
        {word for text in texts[:relation_count] for word in phrases[text]},
    )

    def ids(text: str) -> tuple[Phrase, bool, frozenset[str]] | None:
        phrase = phrases[text]
        content = keyword_words(phrase)
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
        compiled_misconceptions.append(CompiledMisconception(entries, correction, index, name))
    # A role word of several words is met where they stand together as a keyword's words do ("larger
    # model", not "the model ... larger"): its words take stand-in ids, placed per answer (phrase_places).
    stand_in: dict[Phrase, Phrase] = {}
    next_id = max(words.vocab.values(), default=-1) + 1
    multi_word: list[tuple[Keyword, Phrase, int]] = []
    voiding = {text for *_, texts in concepts for text in texts}
    for _, _, *role_texts in concepts:
        for text in (text for texts in role_texts for text in texts):
            entry = ids(text)
            if entry is None or len(entry[0]) < 2 or entry[0] in stand_in:
                continue
            phrase = entry[0]
            parts = stand_in[phrase] = tuple(range(next_id, next_id + len(phrase)))
            next_id += len(phrase)
            ordered = in_order(phrases[text], keyword_words(phrases[text]), rules)
            slack = PHRASE_SLACK if text in voiding else REQUIRED_PHRASE_SLACK
            multi_word.append((Keyword(text, phrase, frozenset(phrase), ordered=ordered), parts, slack))
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
    as_written: frozenset[int] = frozenset()
    if rules.negated_keywords_as_written:
        role_phrases = [phrase for phrases_ in (*requires, *not_with) for phrase in phrases_]
        negation_id = words.vocab.get(_NEGATION)
        saying_not = {word_id for phrase in role_phrases if negation_id in phrase
                      for word_id in stand_in.get(phrase, phrase)}
        plain = {word_id for phrase in role_phrases if negation_id not in phrase for word_id in stand_in.get(phrase, phrase)}
        as_written = frozenset(saying_not - plain)
    requires = tuple(tuple(stand_in.get(phrase, phrase) for phrase in phrases_) for phrases_ in requires)
    not_with = tuple(tuple(stand_in.get(phrase, phrase) for phrase in phrases_) for phrases_ in not_with)
    return Relations(
        phrases=tuple(multi_word),
        as_written=as_written,
        frames=language == ENGLISH,
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
        typo_plans={}, typo_shapes=None,
    )


class AnswerRelations:
    """One answer read against a card's relations: which keyword places count, which misconceptions
    it states. The answer's relation words are looked up when first needed (after its keywords, so
    that the keywords have the first call on the answer's typo bounds), the role places when a concept
    with roles first has a keyword place to check."""

    __slots__ = ("_by_id", "_negated", "_relations", "_roles", "_tokens", "_work", "voided")

    def __init__(self, tokens: Tokens, relations: Relations, negated: Collection[int], work: TypoWork) -> None:
        self._tokens = tokens
        self._relations = relations
        self._negated = negated  # the positions a negation denies (as the keywords' denials read them)
        self._work = work  # what is left of the answer's typo bounds
        self._by_id: dict[int, list[int]] | None = None
        self._roles: RoleReading | None = None
        self.voided: set[int] = set()  # concepts with a keyword place that didn't count (gaming rule: found)

    def _words(self) -> dict[int, list[int]]:
        """Where each word of the relation vocabulary occurs in the answer, sorted positions."""
        if self._by_id is None:
            tokens = self._tokens
            self._by_id, _ = resolve_words(tokens, set(tokens.words), self._relations.words, self._work, scores=False)
            for found in self._by_id.values():
                found.sort()  # (a compound written in two is appended out of order)
        return self._by_id

    def accepts(self, concept_index: int, positions: tuple[int, ...]) -> bool:
        """Whether a keyword of this concept, found at these answer positions, counts."""
        roles = self._roles
        if roles is None:
            by_id = self._words()
            relations = self._relations
            if relations.phrases:  # multi-word role words: their places as phrases, under stand-in ids
                # (first: where a position holds several ids, the pair anchors read the answer's own last)
                by_id = {**phrase_places(relations.phrases, by_id, self._tokens.words, WIDE_BOUNDARIES,
                                        MAX_RELATION_PLACES, MAX_RELATION_PLACES_IN_ALL), **by_id}
            roles = self._roles = RoleReading(self._tokens.words, relations, by_id, self._negated)
        if roles.accepts(concept_index, positions):
            return True
        self.voided.add(concept_index)
        return False

    def stated(self) -> tuple[list[MisconceptionFound], set[int]]:
        """The misconceptions stated, and the concepts they contradict (asked last, once per answer:
        the answer's work is added to the card's count here)."""
        relations = self._relations
        found: list[MisconceptionFound] = []
        contradicted: set[int] = set()
        steps = 0
        if relations.misconceptions:
            found, contradicted, steps = stated_misconceptions(
                self._tokens, relations.misconceptions, self._words(), self._negated)
        checks = MAX_RELATION_CHECKS - max(self._roles.checks, 0) if self._roles is not None else 0
        done = relations.done
        done.answers += 1
        done.most_role_places = max(done.most_role_places, self._roles.places_read if self._roles is not None else 0)
        done.role_checks += checks
        done.trigger_steps += steps
        done.most_role_checks = max(done.most_role_checks, checks)
        done.most_trigger_steps = max(done.most_trigger_steps, steps)
        return found, contradicted


__all__ = [
    "CLAUSE_WORDS",
    "MAX_RELATION_CHECKS",
    "MAX_RELATION_PLACES",
    "MAX_RELATION_PLACES_IN_ALL",
    "MAX_TRIGGER_STARTS",
    "MAX_TRIGGER_STEPS",
    "TRIGGER_GAP",
    "TRIGGER_REACH",
    "AnswerRelations",
    "MisconceptionFound",
    "RelationWork",
    "Relations",
    "compile_relations",
]
