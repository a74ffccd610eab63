"""Japanese two ways on the blind TUNE deck (benchmarks/grading/blind_i18n, blind-ja-denji-yudo): the
character matcher the grader uses (bot/core/languages/japanese.py) against a dictionary segmenter
(janome 0.5, pure Python, its IPADIC dictionary in the wheel): per-concept precision and recall, CPU
per answer, and the memory the segmenter adds. Only the TUNE half is read.

    pip install janome && python -m benchmarks.grading.ja_segmenter

The segmenter's tokens: nouns, verbs, adjectives and adverbs by their dictionary form (so "流れない"
and "流れた" both hold "流れる"); particles as the character matcher reads them; the auxiliaries ない,
ぬ, ん, ず, ません and the prefixes 不 無 非 未 as "not"; the same negation reach.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import languages
from benchmarks.grading.lexicon_memory import resident_kib
from bot.core import grading, grading_compile, grading_relations
from bot.core import languages as rules
from bot.core.languages import japanese
from bot.core.languages.cjk import _MARKS, NEGATION, fold, fold_katakana
from bot.core.text_normalize import MARK_LEVEL, MAX_TEXT_CHARS, Tokens, canonical_word

_CONTENT = ("名詞", "動詞", "形容詞", "副詞")


def segmenter_rules() -> rules.LanguageRules:
    from janome.tokenizer import Tokenizer

    tokenizer = Tokenizer()

    def canonical(surface: str, pos: str, base: str) -> str:
        kind = pos.split(",", 1)[0]
        if surface in _MARKS:
            return _MARKS[surface]
        if surface in MARK_LEVEL:
            return surface
        if surface.isascii() and surface.strip():
            return canonical_word(surface)
        if (kind == "助動詞" and (base in ("ない", "ぬ", "ん") or surface.startswith("ませ"))) or \
                (kind == "形容詞" and base == "ない") or (kind == "接頭詞" and surface in "不無非未"):
            return NEGATION
        if kind in _CONTENT and not pos.startswith(("名詞,非自立", "動詞,非自立", "名詞,接尾")):
            word = base if base != "*" else surface
            return fold_katakana(word)
        return japanese._PARTICLES.get(surface, "the")

    def tokenize(text: str) -> Tokens:
        text = fold(text[:MAX_TEXT_CHARS] if isinstance(text, str) else "")
        lowered = text.lower()
        parts: list[str] = []
        words: list[str] = []
        cursor = 0
        for token in tokenizer.tokenize(lowered):
            surface = token.surface
            start = lowered.find(surface, cursor)
            if not surface.strip() or start < 0:
                continue
            parts += [lowered[cursor:start], surface]
            words.append(canonical(surface, token.part_of_speech, token.base_form))
            cursor = start + len(surface)
        parts.append(lowered[cursor:])
        return Tokens(text, lowered, tuple(words), tuple(parts), False)

    return rules.LanguageRules(code="ja", tokenize=tokenize, negated_positions=japanese.negated_positions,
                               copy_run=8, word_scale=1.0)


def _use(found: rules.LanguageRules) -> None:
    rules._LOADED["ja"] = found
    grading_compile._compile_cached.cache_clear()
    grading_relations._compile.cache_clear()
    grading._BY_CARD.clear()


def _measure(name: str) -> None:
    started = time.process_time()
    row = languages.evaluate("ja", "tune")
    took = time.process_time() - started
    print(f"| {name} | {row.answers} | {row.precision:.3f} | {row.recall:.3f} | {row.denied_credited} | "
          f"{1000 * took / row.answers:.2f} ms |")


def main() -> int:
    print("| ja TUNE | answers | precision | recall | negated/reversed credited | CPU per answer (first grading, cards compiled) |")
    print("|---|---|---|---|---|---|")
    _use(japanese.RULES)
    _measure("character matcher")
    before = resident_kib()
    started = time.perf_counter()
    segmenting = segmenter_rules()
    segmenting.tokenize("データベースはバグがない")
    loaded = time.perf_counter() - started
    after = resident_kib()
    _use(segmenting)
    _measure("janome segmenter")
    print(f"janome: first use {loaded * 1000:.0f} ms, RSS +{(after - before) / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
