"""Time per answer on the worst open cards the deck limits allow, against hostile 4000-character answers.

The limits (bot/core/limits.py) bound what a card may hold: 12 concepts, 50 keywords per concept, 80
characters per keyword, 20 requires and 20 not_with words per concept, 10 misconceptions of 10 triggers,
4,000 characters of keywords, role words and triggers per card. Several shapes fill that budget in the
ways that cost the grader most: keyword shapes (many short typo-prone words with one first letter and
one length, long phrases of shared words, word pairs that never sit together, a mix, a card graded from
a 2,000-character model answer), each again with roles and misconceptions, and shapes that fill the
role limits (benchmarks/grading/worst_roles.py). Each is graded against answers built to be slow for it
(benchmarks/grading/worst_answers.py: near-miss spellings of its words, its words scattered across
sentences, negated phrases, odd Unicode; long clauses crowded with keywords and role words, trigger
phrases that almost hold). Every answer is new and graded cold, as a stream of distinct hostile answers
would be: the card's typo memos cleared (its roles' too) and the answer's words new to the tokeniser;
the best of 3 such gradings per answer, in three rounds over the answers (the machine is shared).

    python -m benchmarks.grading.worst_card [--answers N]

Per shape: p50, p99 and max over the answers, in ms of CPU time (`time.process_time`), and the time to
compile the card once (cached per card afterwards).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import worst_roles
from benchmarks.grading.worst_answers import (
    LITTLE,
    Answer,
    any_of,
    centre_answer,
    letters_answer,
    mixed_answer,
    near_miss_answer,
    negated_answer,
    role_words_of,
    scattered_answer,
    with_role_styles,
)
from bot.core import grading, text_normalize
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

_LETTERS = "abcdefghiklmnoprstuvy"


@dataclass(frozen=True)
class Shape:
    name: str
    card: OpenCard
    answers: Answer  # one new hostile answer for the card


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


def shapes(seed: int = 5) -> list[Shape]:
    rng = random.Random(seed)
    every_style = any_of(mixed_answer, near_miss_answer, scattered_answer, negated_answer)
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
    model_answer = " ".join(rng.choice(vocabulary + pair_words + LITTLE) for _ in range(400))[:2000]
    # 6. words one edit from a few centres ("sgaaaa", "saaaha" ... around "saaaaa"): each centre is a typo
    # of dozens of keywords
    centres = [first + letter * 6 for first, letter in zip("sptcmr", "aeioun", strict=True)]
    neighbours = list(dict.fromkeys(centre[:cut] + letter + centre[cut + 1 :] for centre in centres
                                    for cut in range(1, 7) for letter in "bdfghklmprstvwy"))
    # 7. phrases of 40 one-letter words (one of them a single letter repeated): crowded windows
    one_letter = "bcfhjkpqvwxz"
    letters = [" ".join("b" * 40)] + [" ".join(rng.choice(one_letter) for _ in range(40)) for _ in range(49)]
    plain = [
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
              any_of(centre_answer, mixed_answer, near_miss_answer)),
        Shape("50 phrases of 40 one-letter words",
              _fill([letters[i :: MAX_CONCEPTS_PER_CARD] for i in range(MAX_CONCEPTS_PER_CARD)]),
              any_of(letters_answer, scattered_answer, negated_answer)),
        Shape("derived from a 2000-character model answer",
              OpenCard(id="derived", kind="open", level="advanced", prompt="Explain it.", model_answer=model_answer),
              every_style),
    ]
    return plain + _role_shapes(rng, plain, every_style)


def _role_shapes(rng: random.Random, plain: list[Shape], every_style: Answer) -> list[Shape]:
    """The same cards with half their keywords moved to roles and 1,000 characters of triggers, and
    the shapes that fill the role limits (benchmarks/grading/worst_roles.py)."""
    shapes = [Shape(f"{shape.name} + roles", worst_roles.with_roles(shape.card, rng),
                    with_role_styles(shape.answers)) for shape in plain if shape.card.concepts]
    model_answer = plain[-1].card.model_answer or ""
    derived = OpenCard(id="derived-triggers", kind="open", level="advanced", prompt="Explain it.",
                       model_answer=model_answer, misconceptions=worst_roles.triggers_of(model_answer.split(), rng))
    shapes.append(Shape("derived from a 2000-character model answer + 100 triggers of its words", derived,
                        with_role_styles(every_style)))
    typo_style = any_of(mixed_answer, near_miss_answer, centre_answer, negated_answer)
    role_words = worst_roles.role_word_card(_distinct_words(rng, 600, 6, "s"), rng)
    shapes.append(Shape("480 role words, 6 letters, one first letter", role_words, with_role_styles(typo_style)))
    long_roles = worst_roles.role_word_card(_distinct_words(rng, 600, 10, "p"), rng)
    shapes.append(Shape("300 role words, 10 letters, one first letter", long_roles, with_role_styles(typo_style)))
    triggers = worst_roles.trigger_card(_distinct_words(rng, 30, 5), rng)
    shapes.append(Shape("100 triggers of 6 words over 30 words", triggers, with_role_styles(every_style)))
    anchors = worst_roles.anchor_card(_distinct_words(rng, 120, 4), _distinct_words(rng, 40, 4), rng)
    shapes.append(Shape("120 one-word keywords, 40 shared role words per concept", anchors,
                        with_role_styles(every_style)))
    return shapes


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
    role_words: int = 0  # words of its requires, not_with and triggers


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


def _memos(card: OpenCard) -> list[CompiledCard]:
    """The compiled cards whose typo memos grading this card fills: its own, and (in a grader that
    compiles them apart) that of its roles and misconceptions."""
    compiled = compiled_of(card)
    relations = grading.card_relations(card) if hasattr(grading, "card_relations") else None
    extra = getattr(relations, "words", None)
    return [compiled, extra] if isinstance(extra, CompiledCard) and extra is not compiled else [compiled]


def _time_answer(text: str, card: OpenCard, memos: list[CompiledCard], repeats: int) -> float:
    """Best of `repeats` cold gradings, in ms of CPU: each with the card's typo memos cleared and the
    answer's new words new again (best-of, timeit's convention: other work on a shared machine only
    ever adds time)."""
    best = float("inf")
    for _ in range(repeats):
        for compiled in memos:
            compiled.forget_typos()
        new_words = _NewWords()
        start = time.process_time()
        grade_card(text, card)
        best = min(best, (time.process_time() - start) * 1000)
        new_words.forget()
    return best


def _forget_compiled_cards() -> None:
    """Clear the grader's per-card caches (`functools.lru_cache`s of bot.core.grading*, the synonym
    table's word memo aside: it is shared by every card)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("bot.core.grading") and name != "bot.core.grading_lexicon":
            for value in list(vars(module).values()):
                if hasattr(value, "cache_clear") and getattr(value, "__module__", None) == name:
                    value.cache_clear()


def measure_shape(shape: Shape, answers: int, seed: int = 11, repeats: int = 3) -> ShapeTiming:
    rng = random.Random(seed)
    texts = [shape.answers(rng, shape.card) for _ in range(answers)]
    _forget_compiled_cards()  # time one compilation (of its roles and misconceptions too)
    getattr(grading, "_BY_CARD", {}).clear()
    start = time.process_time()
    compiled_of(shape.card)
    if hasattr(grading, "card_relations"):
        grading.card_relations(shape.card)
    compile_ms = (time.process_time() - start) * 1000
    grade_card(texts[0], shape.card)  # the grader's own caches (tokens, canonical words) as in a running bot
    memos = _memos(shape.card)
    # Best of `repeats` per answer, the repeats a round apart (a burst of other work on the shared
    # machine then slows one of an answer's gradings, not all of them)
    best = [float("inf")] * len(texts)
    for _ in range(repeats):
        best = [min(known, _time_answer(text, shape.card, memos, 1)) for known, text in zip(best, texts, strict=True)]
    times = sorted(best)
    concepts, _ = card_concepts(shape.card)
    keywords = [keyword for concept in concepts.concepts for keyword in concept.keywords]
    roles = len(role_words_of(shape.card))
    return ShapeTiming(shape.name, len(keywords), sum(map(len, keywords)), compile_ms,
                       _percentile(times, 0.5), _percentile(times, 0.99), times[-1], roles)


def measure(answers: int = 300) -> list[ShapeTiming]:
    return [measure_shape(shape, answers) for shape in shapes()]


def worst(timings: list[ShapeTiming]) -> ShapeTiming:
    return max(timings, key=lambda timing: timing.p99_ms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.worst_card", description=__doc__)
    parser.add_argument("--answers", type=int, default=300, help="hostile answers per shape")
    args = parser.parse_args(argv)
    for timing in measure(args.answers):
        roles = f", {timing.role_words} role/trigger words" if timing.role_words else ""
        print(f"{timing.name}: {timing.keywords} keywords, {timing.keyword_chars} chars{roles}; compile "
              f"{timing.compile_ms:.1f} ms; per answer p50 {timing.p50_ms:.2f} ms, p99 {timing.p99_ms:.2f} ms, "
              f"max {timing.max_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
