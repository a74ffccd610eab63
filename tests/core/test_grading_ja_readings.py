"""Exact verdicts of the kana readings of a card's words (bot/core/languages/kana_readings.py) on
sentences written for these tests: answers typed in kana or romaji, read in the card's spelling."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.test_grading_ja import verdicts

CASES = [
    # a compound before a particle is read on ("酸素を" さんそを), then what follows it
    ("compound-before-o", [("酸素を取り入れ",)], "はいで さんそをとりいれて からだじゅうに はこぶ。", "1"),
    ("compound-before-o-verb", [("電流を流す",)], "こいるに でんりゅうをながすと じしゃくになる。", "1"),
    ("long-compound-before-o", [("二酸化炭素を吸収",)], "はっぱが にさんかたんそをきゅうしゅうする。", "1"),
    ("romaji-compound-before-o", [("酸素を取り入れ",)], "hai de sanso wo toriirete karada ni hakobu.", "1"),
    # a one-kanji word in its kun reading, between word edges (particles, marks, spaces)
    ("one-kanji-noun", [("石",)], "かわらで いしを ひろった。", "1"),
    ("one-kanji-long", [("光",)], "かがみで ひかりが はねかえる。", "1"),
    ("one-kanji-with-okurigana", [("出る",)], "あわが でると わかる。", "1"),
    ("one-kanji-inside-a-word", [("鼻",)], "はなびを みにいった。", "0"),
    ("one-kanji-before-kara", [("水",)], "みずから すすんで てつだった。", "0"),
    ("one-kanji-katakana", [("出る",)], "モデルを つくった。", "0"),
    # an English word for a one-kanji card word (the kanji's first sense) is read as that kanji
    ("gloss-one-kanji", [("光が当た",)], "かべにlightが当たって明るい。", "1"),
    ("gloss-one-kanji-alone", [("水",)], "コップにwaterをそそいだ。", "1"),
    ("gloss-not-inside-a-word", [("光",)], "lightweightな箱を運んだ。", "0"),
    # a kun compound before a particle is still read kun
    ("kun-compound-before-ni", [("青紫に",)], "ようそえきで あおむらさきになった。", "1"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected


REQUIRES = [
    # a word ending in a verb's kanji after its object ("を出") reads that verb's stem, before its forms
    ("stem-godan", "すいそを あつめて、ちっそを だした。", "1"),
    ("stem-ichidan", "すいそを あつめると、ちっそが でてきた。", "1"),
    ("stem-romaji", "suiso wo atsumete, chisso wo dashita.", "1"),
    ("stem-not-a-form", "すいそを あつめて、ちっそを でんしに かえた。", "0"),
]


@pytest.mark.parametrize(("answer", "expected"), [case[1:] for case in REQUIRES], ids=[case[0] for case in REQUIRES])
def test_verb_stem_verdicts(answer: str, expected: str) -> None:
    concepts = [Concept(name="c", keywords=["水素を集め"], requires=["窒素を出", "窒素が出"])]
    result = grade_answer(answer, concepts, language="ja")
    assert ("1" if result.concepts[0].hit else "0") == expected
