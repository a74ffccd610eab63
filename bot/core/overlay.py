"""A server's overlay on a card: keywords (and misconceptions) its admins added, applied on top of the deck.

The overlay is kept apart from the deck (a re-upload replaces the deck, the server's additions stay), and
grading sees one card: the deck's card with the additions merged into its concepts. The deck limits of
bot/core/limits.py hold for the merged card as they hold for a deck file (50 keywords per concept, 80
characters per keyword, 4,000 keyword characters per card), so no overlay can make a card costlier to
grade than the largest card a deck may hold. Additions are checked when they are made (`keyword_problem`,
a message for the admin) and bounded again when they are applied (`apply_overlay`): the deck may have
grown since, and then the newest additions are the ones left out.

Also here: which words of an answer a reviewer may be offered as new keywords (`keyword_candidates`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from bot.core.deck import Misconception, OpenCard
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_CORRECTION_CHARS,
    MAX_KEYWORD_CHARS,
    MAX_KEYWORDS_PER_CONCEPT,
    MAX_MISCONCEPTIONS,
    MAX_TRIGGERS,
    keyword_characters,
)
from bot.core.messages import N_, Marked
from bot.core.text_normalize import STOPWORDS, canonical_word

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_BREAK = re.compile(r"[.!?;:,\n()\[\]|•]+")
_SPACES = re.compile(r"\s+")
# Never worth a keyword: besides the grader's stop words, denials and bare comparisons (a keyword "not" or
# "more" would credit an answer for its grammar).
_NOT_KEYWORDS = STOPWORDS | frozenset([
    "not", "no", "never", "none", "nothing", "without", "nor", "neither", "cannot", "more", "less", "most", "least",
    "very", "really", "thing", "things", "way", "ways", "lot", "lots", "stuff",
])
CANDIDATE_WORDS = 8  # single words offered per answer
CANDIDATE_PHRASES = 4  # two-word phrases offered per answer
_LONGEST_CANDIDATE_WORD = 40


def normal_keyword(text: str) -> str:
    """How an added keyword is stored: trimmed, inner spaces collapsed, case-folded (the grader ignores case)."""
    return _SPACES.sub(" ", str(text)).strip().casefold()


def _concept_named(card: OpenCard, name: str) -> int | None:
    return next((i for i, concept in enumerate(card.concepts) if concept.name == name), None)


def keyword_problem(card: OpenCard, concept: str, keyword: str) -> Marked | None:
    """Why `keyword` can't be added to `concept` of `card` (the card as the server sees it, overlay
    included), or None if it can. The rules are the deck file's."""
    index = _concept_named(card, concept)
    if index is None:
        return Marked(N_("the card has no concept {concept} any more"), concept=repr(concept[:100]))
    text = normal_keyword(keyword)
    if not text or len(text) > MAX_KEYWORD_CHARS:
        return Marked(N_("a keyword is 1 to {limit} characters"), limit=MAX_KEYWORD_CHARS)
    keywords = card.concepts[index].keywords
    if text in {normal_keyword(k) for k in keywords}:
        return Marked(N_("it is already a keyword of that concept"))
    if len(keywords) >= MAX_KEYWORDS_PER_CONCEPT:
        return Marked(N_("the concept already has {limit} keywords, the most a concept may have"),
                      limit=MAX_KEYWORDS_PER_CONCEPT)
    if keyword_characters(card) + len(text) > MAX_CARD_KEYWORD_CHARS:
        return _over_budget()
    return None


def _over_budget() -> Marked:
    return Marked(N_("the card's keywords would pass {limit} characters, the most a card may have"),
                  limit=MAX_CARD_KEYWORD_CHARS)


def misconception_problem(card: OpenCard, misconception: Misconception) -> Marked | None:
    """Why `misconception` can't be added to `card` (overlay included), or None if it can."""
    triggers = [normal_keyword(t) for t in misconception.triggers]
    if not 1 <= len(triggers) <= MAX_TRIGGERS or not all(0 < len(t) <= MAX_KEYWORD_CHARS for t in triggers):
        return Marked(N_("a misconception has 1 to {triggers} triggers of 1 to {limit} characters"),
                      triggers=MAX_TRIGGERS, limit=MAX_KEYWORD_CHARS)
    if not 0 < len(misconception.correction.strip()) <= MAX_CORRECTION_CHARS:
        return Marked(N_("a correction is 1 to {limit} characters"), limit=MAX_CORRECTION_CHARS)
    named = misconception.contradicts
    if named is not None and named.casefold() not in {c.name.casefold() for c in card.concepts}:
        return Marked(N_("the card has no concept {concept}"), concept=repr(named[:100]))
    if len(card.misconceptions) >= MAX_MISCONCEPTIONS:
        return Marked(N_("the card already has {limit} misconceptions, the most a card may have"),
                      limit=MAX_MISCONCEPTIONS)
    if keyword_characters(card) + sum(map(len, triggers)) > MAX_CARD_KEYWORD_CHARS:
        return _over_budget()
    return None


def apply_overlay(card: OpenCard, keywords: Iterable[tuple[str, str]],
                  misconceptions: Sequence[Misconception] = ()) -> OpenCard:
    """The card with a server's additions: `keywords` as (concept name, keyword), oldest first, and
    `misconceptions`. Additions naming a concept the card doesn't have, repeating a keyword, or past a
    deck limit are left out; the card itself is returned when nothing applies."""
    if not card.concepts:
        return card  # concepts derived from a model answer have no names an overlay could use
    added: dict[int, list[str]] = {}
    seen = [{normal_keyword(k) for k in concept.keywords} for concept in card.concepts]
    budget = MAX_CARD_KEYWORD_CHARS - keyword_characters(card)
    for concept_name, keyword in keywords:
        index = _concept_named(card, concept_name)
        text = normal_keyword(keyword)
        if index is None or not text or len(text) > MAX_KEYWORD_CHARS or text in seen[index]:
            continue
        if len(card.concepts[index].keywords) + len(added.get(index, ())) >= MAX_KEYWORDS_PER_CONCEPT:
            continue
        if len(text) > budget:
            continue
        budget -= len(text)
        seen[index].add(text)
        added.setdefault(index, []).append(text)
    extra: list[Misconception] = []
    names = {concept.name.casefold() for concept in card.concepts}
    for misconception in misconceptions:
        cost = sum(map(len, misconception.triggers))
        if len(card.misconceptions) + len(extra) >= MAX_MISCONCEPTIONS or cost > budget:
            continue
        if misconception.contradicts is not None and misconception.contradicts.casefold() not in names:
            continue
        budget -= cost
        extra.append(misconception)
    if not added and not extra:
        return card
    concepts = [
        dataclasses.replace(concept, keywords=[*concept.keywords, *added[i]]) if i in added else concept
        for i, concept in enumerate(card.concepts)
    ]
    return dataclasses.replace(card, concepts=concepts, misconceptions=[*card.misconceptions, *extra])


def _content(word: str) -> bool:
    return 3 <= len(word) <= _LONGEST_CANDIDATE_WORD and word not in _NOT_KEYWORDS and canonical_word(word) != "not"


def keyword_candidates(card: OpenCard, answer: str, credited: Sequence[str] = ()) -> tuple[str, ...]:
    """Words of `answer` a reviewer may add as keywords to a concept the answer missed.

    The rule: the answer's content words (three letters or more, no stop words, denials or bare
    comparisons), in the answer's order, that are not already keyword words of the card (compared as the
    grader compares words: plurals, -ing/-ed, British spelling), not words of the prompt or hint (a keyword
    the question gives away credits copying it), and not words that earned another concept its credit
    (`credited`: the matched text of each credited concept); up to 8 of them, then up to 4 two-word phrases
    of such words written next to each other within one clause ("gamma rays").
    """
    def canonical(text: str) -> set[str]:
        return {canonical_word(w) for w in _WORD.findall(text.casefold())}

    known: set[str] = set()
    for concept in card.concepts:
        for keyword in concept.keywords:
            known |= canonical(keyword)
    known |= canonical(card.prompt) | canonical(card.hint or "")
    for text in credited:
        known |= canonical(text)

    def usable(word: str) -> bool:
        return _content(word) and canonical_word(word) not in known

    words: list[str] = []
    phrases: list[str] = []
    for clause in _BREAK.split(answer[:4000].casefold()):
        previous: str | None = None
        for word in _WORD.findall(clause):
            if not usable(word):
                previous = None
                continue
            if word not in words and len(words) < CANDIDATE_WORDS:
                words.append(word)
            if previous is not None and len(phrases) < CANDIDATE_PHRASES:
                phrase = f"{previous} {word}"
                if phrase not in phrases and len(phrase) <= MAX_KEYWORD_CHARS:
                    phrases.append(phrase)
            previous = word
        if len(words) >= CANDIDATE_WORDS and len(phrases) >= CANDIDATE_PHRASES:
            break
    return (*words, *phrases)


__all__ = [
    "CANDIDATE_PHRASES",
    "CANDIDATE_WORDS",
    "apply_overlay",
    "keyword_candidates",
    "keyword_problem",
    "misconception_problem",
    "normal_keyword",
]
