"""Worst cards for the grader's language rules (bot/core/languages), measured like worst_card.py's shapes.

Japanese answers are tokenised a character at a time, so a 4000-character answer is 4000 tokens (an
English one is about 700): the shapes fill a Japanese card with keywords over a few Han characters, so
that every keyword's characters occur all over every answer, with negations and particles between.
Spanish words are stemmed by Snowball, dearer per new word than the English suffix rules: a card of
600 typo-prone words graded against answers of new words.

    python -m benchmarks.grading.worst_languages [--answers N]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import worst_card
from benchmarks.grading.worst_answers import (
    any_of,
    mixed_answer,
    near_miss_answer,
    negated_answer,
    scattered_answer,
)
from bot.core.deck import OpenCard
from bot.core.limits import MAX_CONCEPTS_PER_CARD

_HAN = "磁界電流誘導回転交流発電機変化石止動速巻数強大小生流入出中国貿易港藩長崎薩摩対馬松前蝦夷朝鮮幕府"
_KANA_BITS = ("は", "が", "を", "に", "と", "ない", "ません", "ず", "なかった", "、", "。", "データベース", "バグ")


def _han_answer(rng: random.Random, card: OpenCard) -> str:
    """4000 characters of the card's own characters, with particles, negations and marks between."""
    chars = sorted({ch for concept in card.concepts for keyword in concept.keywords for ch in keyword})
    out: list[str] = []
    size = 0
    while size < 4000:
        piece = rng.choice(chars) if rng.random() < 0.8 else rng.choice(_KANA_BITS)
        out.append(piece)
        size += len(piece)
    return "".join(out)[:4000]


def shapes(seed: int = 7) -> list[worst_card.Shape]:
    rng = random.Random(seed)
    han = _HAN[:40]
    pairs = list(dict.fromkeys(rng.choice(han) + rng.choice(han) for _ in range(2000)))[:600]
    long_phrases = ["".join(rng.choice(han[:30]) for _ in range(40)) for _ in range(100)]
    spanish = worst_card._distinct_words(rng, 600, 6, "s")
    german = worst_card._distinct_words(rng, 600, 8, "s")
    every_style = any_of(mixed_answer, near_miss_answer, scattered_answer, negated_answer)
    per_concept = range(MAX_CONCEPTS_PER_CARD)
    return [
        worst_card.Shape("ja: 600 two-character keywords over 40 Han characters",
                         replace(worst_card._fill([pairs[i :: MAX_CONCEPTS_PER_CARD] for i in per_concept]), language="ja"),
                         _han_answer),
        worst_card.Shape("ja: 100 keywords of 40 Han characters over 30",
                         replace(worst_card._fill([long_phrases[i :: MAX_CONCEPTS_PER_CARD] for i in per_concept]),
                                 language="ja"),
                         _han_answer),
        worst_card.Shape("es: 600 one-word keywords, 6 letters, one first letter",
                         replace(worst_card._fill([spanish[i :: MAX_CONCEPTS_PER_CARD] for i in per_concept]), language="es"),
                         every_style),
        worst_card.Shape("de: 600 one-word keywords, 8 letters, one first letter (compound heads, synonyms)",
                         replace(worst_card._fill([german[i :: MAX_CONCEPTS_PER_CARD] for i in per_concept]), language="de"),
                         every_style),
    ]


class _NewWordsAllLanguages(worst_card._NewWords):
    """Also forgets what an answer taught the languages' own word memos (Snowball stems, kana and Han
    tokens), so that every timing is cold for them too."""

    def __init__(self) -> None:
        super().__init__()
        from bot.core.languages import german, japanese, spanish

        self.caches += [spanish.LANGUAGE._cache, japanese.LANGUAGE._cache, german.LANGUAGE._cache]  # type: ignore[list-item]
        self.sizes = [len(cache) for cache in self.caches]


def main(argv: list[str] | None = None) -> int:
    worst_card._NewWords = _NewWordsAllLanguages  # type: ignore[misc]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.worst_languages", description=__doc__)
    parser.add_argument("--answers", type=int, default=300, help="hostile answers per shape")
    args = parser.parse_args(argv)
    for shape in shapes():
        timing = worst_card.measure_shape(shape, args.answers)
        print(f"{timing.name}: {timing.keywords} keywords, {timing.keyword_chars} chars; compile "
              f"{timing.compile_ms:.1f} ms; per answer p50 {timing.p50_ms:.2f} ms, p99 {timing.p99_ms:.2f} ms, "
              f"max {timing.max_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
