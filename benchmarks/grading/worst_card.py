"""Time per answer on the worst open cards the deck limits allow, against hostile 4000-character answers.

The limits (bot/core/limits.py) bound what a card may hold: 12 concepts, 50 keywords per concept, 80
characters per keyword, 4,000 keyword characters per card. Several shapes fill that budget in the ways
that cost the grader most (many short typo-prone words with one first letter and one length, long
phrases of shared words, word pairs that never sit together, a mix, a card graded from a 2,000-character
model answer); each is graded against answers built to be slow for it (near-miss spellings of its
keywords, its words scattered across sentences, negated phrases, odd Unicode). Every answer is new and
graded cold, as a stream of distinct hostile answers would be: the card's typo memo cleared and the
answer's words new to the tokeniser; the best of 3 such gradings per answer (the machine is shared).

    python -m benchmarks.grading.worst_card [--answers N]

Per shape: p50, p99 and max over the answers, in ms of CPU time (`time.process_time`), and the time to
compile the card once (cached per card afterwards).
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.core import grading, grading_compile, text_normalize
from bot.core.concept_extraction import card_concepts
from bot.core.deck import Concept, OpenCard
from bot.core.grading import grade_card
from bot.core.grading_compile import CompiledCard, compile_card
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_CONCEPTS_PER_CARD,
    MAX_KEYWORD_CHARS,
    MAX_KEYWORDS_PER_CONCEPT,
)

ANSWER_CHARS = 4000
_LETTERS = "abcdefghiklmnoprstuvy"
_ODD = ["t\u0337\u0349\u0353e\u0338\u0359a\u0334\u031f", "\u00e9l\u00e8ve", "\U0001f9e0", "\u5b66\u4e60", "\u0130\u0130",
        "\u00fc\u00df", "\u200b", "\u0645\u062f\u0644", "ｆｕｌｌ", "\x00"]
_LITTLE = ["the", "a", "is", "of", "and", "to", "it", "that", "or", "but", "so"]
_NEGATIONS = ["not", "no", "never", "doesn't", "without"]
_MARKS = [".", ",", ";", "!", "?", "\n", ":", "(", ")"]


@dataclass(frozen=True)
class Shape:
    name: str
    card: OpenCard
    answers: Callable[[random.Random, OpenCard], str]  # one new hostile answer


def _word(rng: random.Random, length: int, first: str = "") -> str:
    letters = [rng.choice(_LETTERS) for _ in range(length - len(first))]
    return first + "".join(letters)


def _distinct_words(rng: random.Random, count: int, length: int, first: str = "") -> list[str]:
    found: dict[str, None] = {}
    while len(found) < count:
        found[_word(rng, length, first)] = None
    return list(found)


def _fill(concept_keywords: list[list[str]]) -> OpenCard:
    """A card from per-concept keyword lists, cut to the limits (a test in tests/benchmarks checks it
    passes the deck validation)."""
    budget = MAX_CARD_KEYWORD_CHARS
    concepts = []
    for index, keywords in enumerate(concept_keywords[:MAX_CONCEPTS_PER_CARD]):
        kept = []
        for keyword in keywords[:MAX_KEYWORDS_PER_CONCEPT]:
            keyword = keyword[:MAX_KEYWORD_CHARS].strip()
            if keyword and len(keyword) <= budget:
                kept.append(keyword)
                budget -= len(keyword)
        if kept:
            concepts.append(Concept(name=f"concept {index + 1}", keywords=kept))
    return OpenCard(id="worst", kind="open", level="advanced", prompt="Explain everything you know about it.",
                    hint="Use your own words.", concepts=concepts)


def keywords_of(card: OpenCard) -> list[str]:
    """The keywords the card is graded against (derived from the model answer if it has no concepts)."""
    concepts, _ = card_concepts(card)
    return [keyword for concept in concepts.concepts for keyword in concept.keywords]


def _near_miss(rng: random.Random, word: str) -> str:
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
                yield _near_miss(rng, rng.choice(words))
            elif roll < 0.72:
                yield rng.choice(_NEGATIONS)
            elif roll < 0.85:
                yield rng.choice(_LITTLE)
            elif roll < 0.92:
                yield rng.choice(_MARKS)
            else:
                yield rng.choice(_ODD)

    return _join(tokens())


def near_miss_answer(rng: random.Random, card: OpenCard) -> str:
    """Only near-miss spellings of the card's words, each new: the most typo comparisons."""
    words = [word for keyword in keywords_of(card) for word in keyword.split() if len(word) >= 5]
    return _join(_near_miss(rng, rng.choice(words)) for _ in range(ANSWER_CHARS))


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


def _answers(*styles: Callable[[random.Random, OpenCard], str]) -> Callable[[random.Random, OpenCard], str]:
    def answer(rng: random.Random, card: OpenCard) -> str:
        return rng.choice(styles)(rng, card)

    return answer


def shapes(seed: int = 5) -> list[Shape]:
    rng = random.Random(seed)
    every_style = _answers(mixed_answer, near_miss_answer, scattered_answer, negated_answer)
    # 1. one-word keywords of 6 letters, all starting with "s": 571 typo targets in one bucket
    short = _distinct_words(rng, MAX_CONCEPTS_PER_CARD * MAX_KEYWORDS_PER_CONCEPT, 6, "s")
    # 2. the same at 10 letters (two typos allowed), fewer keywords
    long_words = _distinct_words(rng, 400, 10, "p")
    # 3. 80-character phrases over a small vocabulary: every keyword a candidate in every answer
    vocabulary = _distinct_words(rng, 60, 7)
    phrases = [" ".join(rng.choice(vocabulary) for _ in range(10))[:MAX_KEYWORD_CHARS] for _ in range(60)]
    # 4. word pairs over 40 words: hundreds of two-word keywords whose words are all present
    pair_words = _distinct_words(rng, 40, 5)
    pairs = [f"{rng.choice(pair_words)} {rng.choice(pair_words)}" for _ in range(600)]
    # 5. one of each per concept: a long phrase, pairs, short words
    mixed = [[phrases[i], *pairs[i * 8 : i * 8 + 8], *short[i * 25 : i * 25 + 25]] for i in range(12)]
    model_answer = " ".join(rng.choice(vocabulary + pair_words + _LITTLE) for _ in range(400))[:2000]
    # 6. words one edit from a few centres ("sgaaaa", "saaaha" ... around "saaaaa"): each centre is a typo
    # of dozens of keywords
    centres = [first + letter * 6 for first, letter in zip("sptcmr", "aeioun", strict=True)]
    neighbours = list(dict.fromkeys(centre[:cut] + letter + centre[cut + 1 :] for centre in centres
                                    for cut in range(1, 7) for letter in "bdfghklmprstvwy"))
    # 7. phrases of 40 one-letter words (one of them a single letter repeated): crowded windows
    one_letter = "bcfhjkpqvwxz"
    letters = [" ".join("b" * 40)] + [" ".join(rng.choice(one_letter) for _ in range(40)) for _ in range(49)]
    return [
        Shape("600 one-word keywords, 6 letters, one first letter",
              _fill([short[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]), every_style),
        Shape("400 one-word keywords, 10 letters, one first letter",
              _fill([long_words[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]), every_style),
        Shape("50 phrases of 80 characters (10 words, 60-word vocabulary)",
              _fill([phrases[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]), every_style),
        Shape("300 word pairs over 40 words",
              _fill([pairs[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]), every_style),
        Shape("mixed: phrases, pairs and short words per concept", _fill(mixed), every_style),
        Shape("600 one-word keywords, each one typo from one of 6 words",
              _fill([neighbours[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]),
              _answers(centre_answer, mixed_answer, near_miss_answer)),
        Shape("50 phrases of 40 one-letter words",
              _fill([letters[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]),
              _answers(letters_answer, scattered_answer, negated_answer)),
        Shape("derived from a 2000-character model answer",
              OpenCard(id="derived", kind="open", level="advanced", prompt="Explain it.", model_answer=model_answer),
              every_style),
    ]


def compiled_of(card: OpenCard) -> CompiledCard:
    """The compiled card `grade_card` uses (the same cached object)."""
    if hasattr(grading, "card_compiled"):
        return grading.card_compiled(card)[0]
    concepts, _ = card_concepts(card)  # the grader before the per-card cache (for a before/after run)
    return compile_card(concepts.concepts, card.prompt, card.hint or "", concepts.weights)


@dataclass(frozen=True)
class ShapeTiming:
    name: str
    keywords: int
    keyword_chars: int
    compile_ms: float
    p50_ms: float
    p99_ms: float
    max_ms: float


def _percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


class _NewWords:
    """Forgets the canonical forms an answer taught the tokeniser's caches, so that a repeat of the
    answer meets its new words as new again (the caches are dicts: the newest entries are the last)."""

    def __init__(self) -> None:
        self.caches = [text_normalize._CANONICAL_CACHE, text_normalize._AS_WRITTEN_CACHE]
        self.sizes = [len(cache) for cache in self.caches]

    def forget(self) -> None:
        for cache, size in zip(self.caches, self.sizes, strict=True):
            added = len(cache) - size
            if added > 0:  # (negative: the cache was cleared at its bound; nothing to forget then)
                for word in list(islice(reversed(cache), added)):
                    del cache[word]


def _time_answer(text: str, card: OpenCard, compiled: CompiledCard, repeats: int) -> float:
    """Best of `repeats` cold gradings, in ms of CPU: each with the card's typo memo cleared and the
    answer's new words new again (best-of, timeit's convention: other work on a shared machine only
    ever adds time)."""
    best = float("inf")
    for _ in range(repeats):
        compiled.forget_typos()
        new_words = _NewWords()
        start = time.process_time()
        grade_card(text, card)
        best = min(best, (time.process_time() - start) * 1000)
        new_words.forget()
    return best


def measure_shape(shape: Shape, answers: int, seed: int = 11, repeats: int = 3) -> ShapeTiming:
    rng = random.Random(seed)
    texts = [shape.answers(rng, shape.card) for _ in range(answers)]
    grading_compile._compile_cached.cache_clear()  # time one compilation
    getattr(grading, "_BY_CARD", {}).clear()
    start = time.process_time()
    compiled = compiled_of(shape.card)
    compile_ms = (time.process_time() - start) * 1000
    grade_card(texts[0], shape.card)  # the grader's own caches (tokens, canonical words) as in a running bot
    times = sorted(_time_answer(text, shape.card, compiled, repeats) for text in texts)
    concepts, _ = card_concepts(shape.card)
    keywords = [keyword for concept in concepts.concepts for keyword in concept.keywords]
    return ShapeTiming(shape.name, len(keywords), sum(map(len, keywords)), compile_ms,
                       _percentile(times, 0.5), _percentile(times, 0.99), times[-1])


def measure(answers: int = 300) -> list[ShapeTiming]:
    return [measure_shape(shape, answers) for shape in shapes()]


def worst(timings: list[ShapeTiming]) -> ShapeTiming:
    return max(timings, key=lambda timing: timing.p99_ms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.worst_card", description=__doc__)
    parser.add_argument("--answers", type=int, default=300, help="hostile answers per shape")
    args = parser.parse_args(argv)
    for timing in measure(args.answers):
        print(f"{timing.name}: {timing.keywords} keywords, {timing.keyword_chars} chars; compile "
              f"{timing.compile_ms:.1f} ms; per answer p50 {timing.p50_ms:.2f} ms, p99 {timing.p99_ms:.2f} ms, "
              f"max {timing.max_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
