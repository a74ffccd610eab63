"""Hostile 4000-character answers for the worst-card benchmark (worst_card.py), each style built to
make one part of the grader work hardest on a given card.

Keyword styles: near-miss spellings, words scattered across sentences, negated phrases, words one
edit from many keyword words, crowded one-letter words, odd Unicode. Role styles, for cards with
`requires`/`not_with` and misconceptions: long clauses crowded with keywords and role words of every
concept (every keyword place is checked against many role places), near-miss spellings of the role
words and triggers, and trigger phrases that almost hold (their last word missing, or a clause word,
a negation or two other words before it).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from itertools import cycle

from bot.core.concept_extraction import card_concepts
from bot.core.deck import OpenCard

ANSWER_CHARS = 4000
Answer = Callable[[random.Random, OpenCard], str]  # one new hostile answer for the card
_ODD = ["t\u0337\u0349\u0353e\u0338\u0359a\u0334\u031f", "\u00e9l\u00e8ve", "\U0001f9e0", "\u5b66\u4e60", "\u0130\u0130",
        "\u00fc\u00df", "\u200b", "\u0645\u062f\u0644", "ｆｕｌｌ", "\x00"]
LITTLE = ["the", "a", "is", "of", "and", "to", "it", "that", "or", "but", "so"]
_NEGATIONS = ["not", "no", "never", "doesn't", "without"]
_MARKS = [".", ",", ";", "!", "?", "\n", ":", "(", ")"]
_CLAUSE_BREAKS = ["but", "and", "while", "than", "because", ".", ";", ","]


def keywords_of(card: OpenCard) -> list[str]:
    """The keywords the card is graded against (derived from the model answer if it has no concepts),
    with its role words and triggers (the words grading looks for)."""
    concepts, _ = card_concepts(card)
    return [text for concept in concepts.concepts for text in (*concept.keywords, *concept.requires, *concept.not_with)] + [
        text for item in card.misconceptions for text in item.triggers]


def near_miss(rng: random.Random, word: str) -> str:
    """One or two edits after the first letter (a typo the grader may forgive), or a longer detour."""
    for _ in range(rng.choice((1, 1, 2))):
        if len(word) < 3:
            break
        cut = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
        elif kind == 1:
            word = word[:cut] + word[cut + 1 :]
        elif kind == 2:
            word = word[:cut] + rng.choice(string.ascii_lowercase) + word[cut:]
        else:
            word = word[:cut] + rng.choice(string.ascii_lowercase) + word[cut + 1 :]
    return word


def _join(tokens: Iterator[str]) -> str:
    text = ""
    for token in tokens:
        text += token if token in _MARKS else " " + token
        if len(text) >= ANSWER_CHARS:
            break
    return text[:ANSWER_CHARS]


def mixed_answer(rng: random.Random, card: OpenCard) -> str:
    """Keyword words, near misses, negations, little words, marks and odd Unicode, shuffled."""
    words = [word for keyword in keywords_of(card) for word in keyword.split()]

    def tokens() -> Iterator[str]:
        while True:
            roll = rng.random()
            if roll < 0.35:
                yield rng.choice(words)
            elif roll < 0.65:
                yield near_miss(rng, rng.choice(words))
            elif roll < 0.72:
                yield rng.choice(_NEGATIONS)
            elif roll < 0.85:
                yield rng.choice(LITTLE)
            elif roll < 0.92:
                yield rng.choice(_MARKS)
            else:
                yield rng.choice(_ODD)

    return _join(tokens())


def near_miss_answer(rng: random.Random, card: OpenCard) -> str:
    """Only near-miss spellings of the card's words, each new: the most typo comparisons."""
    words = [word for keyword in keywords_of(card) for word in keyword.split() if len(word) >= 5] or ["longer"]
    return _join(near_miss(rng, rng.choice(words)) for _ in range(ANSWER_CHARS))


def scattered_answer(rng: random.Random, card: OpenCard) -> str:
    """Every phrase's words present many times, but never in one sentence: each place is tried."""
    words = [word for keyword in keywords_of(card) for word in keyword.split()]
    return _join(token for _ in range(ANSWER_CHARS) for token in (rng.choice(words), rng.choice(_MARKS[:3])))


def negated_answer(rng: random.Random, card: OpenCard) -> str:
    """Phrases said not to hold, over and over: every credited place must be checked for a denial."""
    keywords = keywords_of(card)
    return _join(token for _ in range(ANSWER_CHARS)
                 for token in (rng.choice(_NEGATIONS), *rng.choice(keywords).split(), rng.choice(["or", ",", "."])))


def centre_answer(rng: random.Random, card: OpenCard) -> str:
    """Words one edit away from many keyword words at once (each a typo of dozens), over and over."""
    words = [word for keyword in keywords_of(card) for word in keyword.split()]
    centres = sorted({word[0] + word[1] * (len(word) - 1) for word in words})
    return _join(rng.choice(centres) for _ in range(ANSWER_CHARS))


def letters_answer(rng: random.Random, card: OpenCard) -> str:
    """One-letter words, the card's own, with negations: every phrase window is crowded."""
    letters = sorted({word for keyword in keywords_of(card) for word in keyword.split()})
    return _join(token for _ in range(ANSWER_CHARS)
                 for token in (["not"] if rng.random() < 0.2 else []) + [rng.choice(letters)])


def any_of(*styles: Answer) -> Answer:
    """Each answer in one of these styles, chosen at random."""

    def answer(rng: random.Random, card: OpenCard) -> str:
        return rng.choice(styles)(rng, card)

    return answer


def role_words_of(card: OpenCard) -> list[str]:
    """The words of the card's role words and triggers (keywords not included)."""
    texts = [text for concept in card.concepts for text in (*concept.requires, *concept.not_with)]
    texts += [text for item in card.misconceptions for text in item.triggers]
    return [word for text in texts for word in text.split()]


def _all_words(card: OpenCard) -> list[str]:
    return [word for text in keywords_of(card) for word in text.split()]


def clause_answer(rng: random.Random, card: OpenCard) -> str:
    """Long clauses (a break every 20 to 120 words, or none) crowded with the card's keywords and role
    words, in a proportion of its own."""
    keywords = [word for concept in card.concepts for text in concept.keywords for word in text.split()] or ["x"]
    roles = role_words_of(card) or keywords
    share = rng.uniform(0.2, 0.9)  # of keyword words
    length = rng.choice((20, 120, ANSWER_CHARS))

    def tokens() -> Iterator[str]:
        while True:
            for _ in range(rng.randint(length // 6, length)):
                yield rng.choice(keywords) if rng.random() < share else rng.choice(roles)
            yield rng.choice(_CLAUSE_BREAKS)

    return _join(tokens())


def role_typo_answer(rng: random.Random, card: OpenCard) -> str:
    """Near-miss spellings of the role words and trigger words (each new), with some keyword words."""
    roles = [word for word in role_words_of(card) if len(word) >= 5] or role_words_of(card) or ["longer"]
    words = _all_words(card)
    return _join(near_miss(rng, rng.choice(roles)) if rng.random() < 0.8 else rng.choice(words)
                 for _ in range(ANSWER_CHARS))


def chain_answer(rng: random.Random, card: OpenCard) -> str:
    """Trigger phrases that almost hold: their last word missing, or a clause word, a negation or two
    other words before it; every place of their first words is tried."""
    triggers = [text.split() for item in card.misconceptions for text in item.triggers] or [["x", "y"]]
    words = _all_words(card)

    def tokens() -> Iterator[str]:
        for spoil in cycle(range(4)):
            phrase = rng.choice(triggers)
            yield from phrase[:-1]
            if spoil == 1:
                yield rng.choice(_CLAUSE_BREAKS[:4])
            elif spoil == 2:
                yield rng.choice(_NEGATIONS)
            elif spoil == 3:
                yield rng.choice(words)
                yield rng.choice(words)
            if spoil:
                yield phrase[-1]
            yield rng.choice(LITTLE)

    return _join(tokens())


def with_role_styles(*styles: Answer) -> Answer:
    """The role styles and these, each answer in one of them."""
    return any_of(clause_answer, role_typo_answer, chain_answer, *styles)
