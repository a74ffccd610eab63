"""The rules of `content lint`: keywords that a valid deck may hold but that grade badly.

`content check` refuses decks that can't load; this finds what loads yet gives members wrong verdicts:
a concept with too few ways to say it, a keyword of one everyday word that any answer may use in
passing, one keyword credited to two concepts, a role word that is its own keyword, and a misconception
that the card's own model answer states. Keywords are compared as the grader reads them (canonical
content words, bot/core/text_normalize), so "speeds up" is the one word "speed" here as it is there.

Pure apart from reading the bundled word list once; every finding names the field it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.core.deck import Concept, Deck, OpenCard
from bot.core.grading import grade_card
from bot.core.messages import N_, Marked
from bot.core.text_normalize import NOT_CONTENT, canonical_word, tokenize

MIN_KEYWORDS = 3
COMMON_WORDS_FILE = Path(__file__).with_name("data") / "common_words.txt"
MIN_COMMON_LETTERS = 3  # shorter words are notation ("d_k", "n"), not everyday words

FEW_KEYWORDS = "few-keywords"
COMMON_WORD = "common-word"
SHARED_KEYWORD = "shared-keyword"
RELATION_IS_KEYWORD = "relation-is-keyword"
TRIGGER_IN_MODEL_ANSWER = "trigger-in-model-answer"
RULES = (FEW_KEYWORDS, COMMON_WORD, SHARED_KEYWORD, RELATION_IS_KEYWORD, TRIGGER_IN_MODEL_ANSWER)

Location = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning: `path` is the deck field, `subject` the keyword (or concept name) it is about."""

    path: Location
    rule: str
    subject: str
    message: str


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The bundled frequency list (bot/content/data/README.md), in the grader's canonical form."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(canonical_word(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def content_words(text: str) -> tuple[str, ...]:
    """The words of a keyword the grader matches on: canonical, little words and marks left out."""
    return tuple(word for word in tokenize(text).words if word not in NOT_CONTENT)


def lint_deck(deck: Deck) -> list[Finding]:
    """Every finding for the open cards of `deck`, in the order of the file."""
    findings: list[Finding] = []
    for index, card in enumerate(deck.cards):
        if isinstance(card, OpenCard) and card.concepts:
            findings.extend(lint_card(card, ("cards", index)))
    return findings


def lint_card(card: OpenCard, at: Location = ()) -> list[Finding]:
    findings: list[Finding] = []
    first_owner: dict[frozenset[str], str] = {}
    for number, concept in enumerate(card.concepts):
        where = (*at, "concepts", number)
        findings.extend(_few_keywords(concept, where))
        findings.extend(_common_words(concept, where))
        findings.extend(_shared_keywords(concept, where, first_owner))
        findings.extend(_relations_are_keywords(concept, where))
    findings.extend(_triggers_in_model_answer(card, at))
    return findings


def _few_keywords(concept: Concept, where: Location) -> Iterator[Finding]:
    count = len(concept.keywords)
    if count < MIN_KEYWORDS:
        yield Finding(
            (*where, "keywords"), FEW_KEYWORDS, concept.name,
            Marked(N_("concept {concept} has {count} keyword: give it at least {least} ways members say it, or "
                      "answers that say it otherwise go uncredited"), concept=repr(concept.name), count=str(count),
                   least=str(MIN_KEYWORDS))
            if count == 1 else
            Marked(N_("concept {concept} has {count} keywords: give it at least {least} ways members say it, or "
                      "answers that say it otherwise go uncredited"), concept=repr(concept.name), count=str(count),
                   least=str(MIN_KEYWORDS)),
        )


def _common_words(concept: Concept, where: Location) -> Iterator[Finding]:
    if concept.requires:
        return  # the keyword only counts beside one of its `requires` words: the context is asked for
    common = common_words()
    for number, keyword in enumerate(concept.keywords):
        words = content_words(keyword)
        if len(words) != 1 or len(words[0]) < MIN_COMMON_LETTERS or words[0] not in common:
            continue
        params = {"keyword": repr(keyword), "concept": repr(concept.name)}
        yield Finding(
            (*where, "keywords", number), COMMON_WORD, keyword,
            Marked(N_("{keyword} is a single common word: any answer that uses it in passing earns {concept}; write "
                      "a phrase, give the concept `requires` words, or allow it with a reason"), **params)
            if len(tokenize(keyword).words) == 1 else
            Marked(N_("{keyword} is a single common word (the grader reads it as that one word): any answer that "
                      "uses it in passing earns {concept}; write a phrase, give the concept `requires` words, or "
                      "allow it with a reason"), **params),
        )


def _shared_keywords(concept: Concept, where: Location, first_owner: dict[frozenset[str], str]) -> Iterator[Finding]:
    for number, keyword in enumerate(concept.keywords):
        words = frozenset(content_words(keyword))
        if not words:
            continue
        owner = first_owner.setdefault(words, concept.name)
        if owner != concept.name:
            yield Finding(
                (*where, "keywords", number), SHARED_KEYWORD, keyword,
                Marked(N_("{keyword} is also a keyword of {owner} (the grader reads them the same): one answer word "
                          "would earn both concepts; keep it in the one it means"), keyword=repr(keyword),
                       owner=repr(owner)),
            )


def _relations_are_keywords(concept: Concept, where: Location) -> Iterator[Finding]:
    own = {frozenset(content_words(keyword)): keyword for keyword in concept.keywords}
    for field, words in (("requires", concept.requires), ("not_with", concept.not_with)):
        for number, word in enumerate(words):
            keyword = own.get(frozenset(content_words(word)))
            if keyword is not None:
                yield Finding(
                    (*where, field, number), RELATION_IS_KEYWORD, word,
                    Marked(N_("requires word {word} is also the concept's keyword {keyword}: a keyword that must sit "
                              "beside itself; a requires word should name the context, not the idea"),
                           word=repr(word), keyword=repr(keyword))
                    if field == "requires" else
                    Marked(N_("not_with word {word} is also the concept's keyword {keyword}: a keyword that refuses "
                              "itself; a not_with word should name the context, not the idea"),
                           word=repr(word), keyword=repr(keyword)),
                )


def _triggers_in_model_answer(card: OpenCard, at: Location) -> Iterator[Finding]:
    if card.model_answer is None or not card.misconceptions:
        return
    stated = grade_card(card.model_answer, card).misconceptions
    for found in stated:
        for number, misconception in enumerate(card.misconceptions):
            if found.trigger in misconception.triggers:
                trigger = misconception.triggers.index(found.trigger)
                yield Finding(
                    (*at, "misconceptions", number, "triggers", trigger), TRIGGER_IN_MODEL_ANSWER, found.trigger,
                    Marked(N_("the card's own model answer states this misconception (its words {words}): a correct "
                              "answer would be corrected; make the trigger more specific"), words=repr(found.matched)),
                )
                break
