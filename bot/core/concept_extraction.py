"""Concepts derived from a model answer, for cards whose author wrote none.

The key terms of the reference answer become concepts. Terms that the question already contains are
weighted down (every answer repeats them, so finding them says little), generic verbs and fillers are
dropped, and ideas the reference states as *not* holding are left out (a student repeating the term
would be denied by the negation rule anyway). Pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.deck import Concept, Flashcard, OpenCard
from bot.core.grading_negation import negated_positions
from bot.core.languages import rules_for
from bot.core.text_normalize import NOT_CONTENT, Tokens, canonical_word, split_words, tokenize

QUESTION_WEIGHT = 0.35  # a term the question already uses counts this much
_FILLER = frozenset(
    canonical_word(word)
    for word in split_words(
        "make makes made use uses used using get gets got thing things way ways need needs needed give gives "
        "given take takes taken allow allows allowed lot lots kind kinds able example instance e.g. i.e. "
        "various certain different also well many much more most less least should would must called "
        "mean means meant whole part parts rather often usually always never sure simply simple only far first "
        "then just really instead"
    )
)
_MAX_PHRASE = 3
_CHARACTER_PHRASE = 4  # characters per derived phrase where a character is a token
_NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class DerivedConcepts:
    concepts: tuple[Concept, ...]
    weights: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.concepts)


def derive_concepts(
    model_answer: str,
    question: str = "",
    *,
    granularity: Literal["phrase", "word"] = "phrase",
    max_concepts: int = 25,
    language: str | None = None,
) -> DerivedConcepts:
    """Key terms of `model_answer` as weighted concepts.

    "word": one concept per distinct content word (what a coverage score needs).
    "phrase": one concept per run of up to three content words ("smaller student model"), with the
    run's distinctive single words as extra keywords; what an author would paste into a deck.
    `language`: the card's (bot/core/languages; English if None), whose rules read the model answer.
    """
    rules = rules_for(language)
    english = rules.english_lexicon
    read = tokenize if english else rules.tokenize
    tokens = read(model_answer)
    question_words = set(read(question).words)
    denied = (negated_positions if english else rules.negated_positions)(tokens.words) if "not" in tokens.words else frozenset()
    runs: list[list[int]] = []
    current: list[int] = []
    for position, word in enumerate(tokens.words):
        keep = (
            word not in NOT_CONTENT
            and position not in denied
            and word not in _FILLER
            and word != "not"
            and (word.isascii() or not english)
            and (len(word) > 1 or word.isdigit() or not english)
            and not (current and word == tokens.words[current[-1]] and word.isdigit())  # "thirty-two"
        )
        if keep:
            current.append(position)
        elif current and not (word.isdigit() and word == tokens.words[current[-1]]):
            runs.append(current)
            current = []
    if current:
        runs.append(current)

    if granularity == "word":
        return _word_concepts(tokens, runs, question_words, max_concepts)
    if rules.word_scale != 1.0:  # characters are tokens (Japanese, Chinese): phrases of up to 4, joined as written
        return _phrase_concepts(tokens, runs, question_words, max_concepts, _CHARACTER_PHRASE, "")
    return _phrase_concepts(tokens, runs, question_words, max_concepts)


def _weight(words: list[str], question_words: set[str]) -> float:
    """Mean of the words' weights: 1 for a fresh word, QUESTION_WEIGHT for one the question uses."""
    return sum(QUESTION_WEIGHT if word in question_words else 1.0 for word in words) / len(words)


def _word_concepts(
    tokens: Tokens, runs: list[list[int]], question_words: set[str], max_concepts: int
) -> DerivedConcepts:
    surface = tokens.surface
    seen: dict[str, int] = {}
    concepts: list[Concept] = []
    weights: list[float] = []
    for run in runs:
        for position in run:
            word = tokens.words[position]
            if word in seen:
                continue
            seen[word] = position
            written = surface[position][:_NAME_MAX]
            concepts.append(Concept(name=written, keywords=[written]))
            weights.append(_weight([word], question_words))
    return _strongest(concepts, weights, max_concepts)


def _phrase_concepts(
    tokens: Tokens, runs: list[list[int]], question_words: set[str], max_concepts: int,
    longest: int = _MAX_PHRASE, joiner: str = " ",
) -> DerivedConcepts:
    surface = tokens.surface
    seen_names: set[str] = set()
    seen_words: set[str] = set()
    concepts: list[Concept] = []
    weights: list[float] = []
    for run in runs:
        # chunks are cut from the right: an English phrase ends with its head noun
        cuts = list(range(len(run), 0, -longest))
        for end in reversed(cuts):
            chunk = run[max(0, end - longest) : end]
            words = [tokens.words[p] for p in chunk]
            name = joiner.join(surface[p] for p in chunk)[:_NAME_MAX]
            if not joiner and len(name) < 2:
                continue  # one character alone (a verb's stem: 使 of 使う) names no idea
            if name.casefold() in seen_names or all(word in seen_words for word in words):
                continue
            seen_names.add(name.casefold())
            seen_words.update(words)
            keywords = [name]
            if len(chunk) > 1 and joiner:
                keywords += [
                    surface[p][:_NAME_MAX]
                    for p in chunk
                    if tokens.words[p] not in question_words and len(tokens.words[p]) >= 4
                ]
            concepts.append(Concept(name=name, keywords=list(dict.fromkeys(keywords))))
            weights.append(_weight(words, question_words))
    # A phrase made only of the question's words ("model" for "Why optimise a model?") is no idea of
    # the answer: dropped, unless nothing else is left.
    fresh = [i for i, weight in enumerate(weights) if weight > QUESTION_WEIGHT]
    if fresh:
        concepts = [concepts[i] for i in fresh]
        weights = [weights[i] for i in fresh]
    return _strongest(concepts, weights, max_concepts)


def _priority(concept: Concept, weight: float) -> float:
    """Which concepts to keep when there are too many: phrases over single words, and a lone verb form
    ("trained", "changing") last, since it rarely names an idea on its own."""
    words = concept.name.split()
    if len(words) == 1 and words[0].endswith(("ed", "ing")):
        return weight * 0.5
    return weight * (1 + 0.25 * (len(words) - 1))


def _strongest(concepts: list[Concept], weights: list[float], limit: int) -> DerivedConcepts:
    """Keep at most `limit` concepts: the most useful, in their order of appearance."""
    if len(concepts) > limit:
        ranked = sorted(range(len(concepts)), key=lambda i: (-_priority(concepts[i], weights[i]), i))[:limit]
        keep = sorted(ranked)
        concepts = [concepts[i] for i in keep]
        weights = [weights[i] for i in keep]
    return DerivedConcepts(tuple(concepts), tuple(weights))


def card_concepts(card: OpenCard | Flashcard) -> tuple[DerivedConcepts, bool]:
    """What answers to a card are graded against, and whether it was derived: an open card's own
    concepts (equal weights), else concepts derived from its model answer or a flashcard's back."""
    if isinstance(card, OpenCard):
        if card.concepts:
            return DerivedConcepts(tuple(card.concepts), tuple(1.0 for _ in card.concepts)), False
        return derive_concepts(card.model_answer or "", card.prompt, language=card.language), True
    return derive_concepts(card.back, card.front, language=card.language), True
