"""Worst cards with roles and misconceptions (bot/core/grading_relations.py), for worst_card.py.

Within the deck limits (bot/core/limits.py): at most 20 `requires` and 20 `not_with` words per concept,
10 misconceptions of 10 triggers each, every one of those counted in the card's 4,000 keyword
characters. Shapes that fill them the ways that cost the grader most:
- each keyword-only shape of worst_card.py with half of every concept's keywords moved to
  `requires`/`not_with` (up to 20 each) and 1,000 characters of triggers made of the card's words;
- 480 role words of 6 letters with one first letter (typo comparisons on the role vocabulary);
- 100 triggers of 6 words over a 30-word vocabulary (trigger phrases tried from many places);
- one-word keywords of every concept and 40 shared role words, read in long clauses (role checks).
Their answers: worst_answers.py (the role styles, and the styles of the card they were made from).
"""

from __future__ import annotations

import random

from bot.core.deck import Concept, Misconception, OpenCard
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_CONCEPTS_PER_CARD,
    MAX_KEYWORD_CHARS,
    MAX_MISCONCEPTIONS,
    MAX_RELATION_WORDS,
    MAX_TRIGGERS,
    keyword_characters,
)


def triggers_of(words: list[str], rng: random.Random) -> list[Misconception]:
    """100 five-word triggers of these words, contradicting nothing (for a card without concepts)."""
    return _triggers(words, rng, MAX_CARD_KEYWORD_CHARS, 5, concepts=0)


def _triggers(words: list[str], rng: random.Random, chars: int, length: int,
              concepts: int = MAX_CONCEPTS_PER_CARD) -> list[Misconception]:
    """Misconceptions whose triggers are `length`-word phrases of `words`, filling about `chars`, each
    contradicting one of the first `concepts` concepts in turn."""
    texts: list[str] = []
    while len(texts) < MAX_MISCONCEPTIONS * MAX_TRIGGERS:
        text = " ".join(rng.choice(words) for _ in range(length))[:MAX_KEYWORD_CHARS].strip()
        if len(text) > chars:
            break
        chars -= len(text)
        texts.append(text)
    return [
        Misconception(triggers=texts[start : start + MAX_TRIGGERS], correction=f"Correction {number}.",
                      contradicts=f"concept {number % concepts + 1}" if concepts else None)
        for number, start in enumerate(range(0, len(texts), MAX_TRIGGERS))
    ]


def with_roles(card: OpenCard, rng: random.Random, trigger_chars: int = 1000) -> OpenCard:
    """A keyword-only card remade with roles: its keywords cut to leave `trigger_chars` of the budget,
    then half of each concept's moved to `requires` and `not_with` (up to 20 each), and triggers of
    two or three of its words."""
    budget = MAX_CARD_KEYWORD_CHARS - trigger_chars
    kept_by_concept: list[list[str]] = [[] for _ in card.concepts]
    for rank in range(max(len(concept.keywords) for concept in card.concepts)):  # (every concept keeps some)
        for concept, kept in zip(card.concepts, kept_by_concept, strict=True):
            if rank < len(concept.keywords) and len(concept.keywords[rank]) <= budget:
                kept.append(concept.keywords[rank])
                budget -= len(concept.keywords[rank])
    concepts = []
    for concept, kept in zip(card.concepts, kept_by_concept, strict=True):
        half = max(1, len(kept) // 2)
        moved = kept[half:]
        concepts.append(Concept(name=concept.name, keywords=kept[:half], requires=moved[0::2][:MAX_RELATION_WORDS],
                                not_with=moved[1::2][:MAX_RELATION_WORDS]))
    words = [word for concept in card.concepts for keyword in concept.keywords for word in keyword.split()]
    spare = MAX_CARD_KEYWORD_CHARS - keyword_characters(_card(card.id, concepts, []))
    length = 2 if max(map(len, words)) > 3 else 3
    return _card(card.id + "-roles", concepts, _triggers(words, rng, spare, length, len(concepts)))


def _card(card_id: str, concepts: list[Concept], misconceptions: list[Misconception]) -> OpenCard:
    card = OpenCard(id=card_id, kind="open", level="advanced", prompt="Explain everything you know about it.",
                    hint="Use your own words.", concepts=concepts, misconceptions=misconceptions)
    assert keyword_characters(card) <= MAX_CARD_KEYWORD_CHARS, card_id
    return card


def role_word_card(words: list[str], rng: random.Random, trigger_chars: int = 600) -> OpenCard:
    """3 keywords per concept and as many role words as the budget leaves (up to 20 + 20), all of one
    length and first letter, and two-word triggers of the same words in the last `trigger_chars`."""
    per_concept = min(3 + 2 * MAX_RELATION_WORDS,
                      (MAX_CARD_KEYWORD_CHARS - trigger_chars) // (MAX_CONCEPTS_PER_CARD * len(words[0])))
    concepts = []
    for index in range(MAX_CONCEPTS_PER_CARD):
        own = words[index * per_concept : (index + 1) * per_concept]
        concepts.append(Concept(name=f"concept {index + 1}", keywords=own[:3], requires=own[3::2], not_with=own[4::2]))
    used = words[: MAX_CONCEPTS_PER_CARD * per_concept]
    spare = MAX_CARD_KEYWORD_CHARS - sum(map(len, used))
    return _card(f"role-words-{len(words[0])}", concepts, _triggers(used, rng, spare, 2))


def trigger_card(vocabulary: list[str], rng: random.Random) -> OpenCard:
    """100 triggers of 6 words over a small vocabulary (all of them in a hostile answer), one
    keyword per concept from the same words."""
    concepts = [Concept(name=f"concept {index + 1}", keywords=[vocabulary[index]],
                        requires=[vocabulary[index + 1]], not_with=[vocabulary[index + 2]])
                for index in range(MAX_CONCEPTS_PER_CARD)]
    used = sum(len(vocabulary[i]) + len(vocabulary[i + 1]) + len(vocabulary[i + 2]) for i in range(MAX_CONCEPTS_PER_CARD))
    return _card("triggers", concepts, _triggers(vocabulary, rng, MAX_CARD_KEYWORD_CHARS - used, 6))


def anchor_card(keywords: list[str], role_words: list[str], rng: random.Random) -> OpenCard:
    """10 one-word keywords per concept (each names its concept), and per concept 20 `requires` and
    20 `not_with` drawn from 40 role words every concept shares: each keyword place is checked against
    many role places, each with its nearest concepts."""
    concepts = []
    for index in range(MAX_CONCEPTS_PER_CARD):
        shuffled = rng.sample(role_words, len(role_words))
        concepts.append(Concept(name=f"concept {index + 1}", keywords=keywords[index * 10 : (index + 1) * 10],
                                requires=shuffled[:MAX_RELATION_WORDS], not_with=shuffled[MAX_RELATION_WORDS:]))
    used = keyword_characters(_card("anchors", concepts, []))
    return _card("anchors", concepts, _triggers(role_words + keywords, rng, MAX_CARD_KEYWORD_CHARS - used, 3))
