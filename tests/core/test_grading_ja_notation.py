"""Exact verdicts of Japanese study-note shorthand and everyday words for study terms
(bot/core/languages/japanese_notation.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.languages.japanese_notation import rewrite
from tests.core.verdict_codes import verdict_codes


def verdicts(keywords: list[tuple[str, ...]], answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    concepts = [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords)]
    result = grade_answer(answer, concepts, language="ja")
    return verdict_codes(result)


CASES = [
    # "E" after a kanji is エネルギー; not after katakana or alone
    ("e-after-kanji", [("位置エネルギー",), ("運動エネルギー",)], "坂を下ると位置Eが減り、運動Eが増える。", "11"),
    ("e-full-width", [("熱エネルギー",)], "摩擦で熱Ｅが生じる。", "1"),
    ("e-after-katakana", [("エネルギー",)], "ビタミンEをとる。", "0"),
    # "h" after a number is hours; a formula's H is not
    ("hours", [("8時間",)], "充電には8hかかる。", "1"),
    ("formula-h", [("時間",)], "燃やすと2H2Oができる。", "0"),
    # an up and a down arrow together: it changes; one alone: it rises
    ("up-and-down", [("気温が変化",)], "一日の気温↑↓が大きい。", "1"),
    ("down-and-up", [("水位が変わ",)], "水位 ↓↑ をくり返す。", "1"),
    ("up-alone", [("気温が変化",), ("気温が増",)], "昼は気温↑。", "01"),
    # "A ＞ B": A is more than B; "A ＜ B": less; an arrow is no comparison
    ("more-than", [("呼吸より多",)], "昼：光合成 ＞ 呼吸", "1"),
    ("less-than", [("夏より少",)], "冬の雨量 < 夏", "1"),
    ("arrow-not-compared", [("氷より多",)], "水 => 氷 -> 水蒸気", "0"),
    # everyday words a native speaker takes as the study term
    ("electricity-flows", [("電流が流れ",)], "スイッチを入れると豆電球に電気が流れる。", "1"),
    ("electricity-stored", [("電流",)], "電池に電気をためる。", "0"),
    ("electricity-does-not-flow", [("電流が流れ",)], "スイッチを切ると電気は流れない。", "n"),
    ("bathed-in-light", [("日光を受け",), ("光を受け",)], "ひまわりは日光を浴びて育つ。朝の光浴びて目がさめる。", "11"),
    ("bathed-in-water", [("受け",)], "毎朝シャワーを浴びる。", "0"),
    ("loanwords", [("回転",), ("磁石",)], "コマがスピンして、マグネットに近づく。", "11"),
    ("takusan", [("泡が多く",)], "底から泡がたくさん出る。", "1"),
    ("iki-wo-suru", [("呼吸",), ("呼吸",)], "魚はえらで息をする。寒い朝は息が白い。", "11"),
    ("iki-alone", [("呼吸",)], "寒い朝は息が白い。", "0"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected


def test_a_credit_shows_the_members_words() -> None:
    concepts = [Concept(name="c0", keywords=["運動エネルギー"]), Concept(name="c1", keywords=["電流が流れ"])]
    result = grade_answer("運動Eが増え、電気が流れる。", concepts, language="ja")
    assert [verdict.matched for verdict in result.concepts] == ["運動E", "電気が流"]


def test_the_offset_map_covers_the_rewritten_text() -> None:
    assert rewrite("ふつうの文。") is None
    text, origin = rewrite("運動e→24h")
    assert text == "運動エネルギー→24時間"
    assert rewrite("a ＞ 呼吸")[0] == "aは呼吸より多い"
    assert len(origin) == len(text) + 1 and origin[-1] == len("運動e→24h")
    assert origin[2] == 2 and origin[text.index("→")] == 3


def test_a_word_the_card_writes_is_read_as_written() -> None:
    """A card whose keyword is the everyday word itself finds it where the answer writes it."""
    concepts = [Concept(name="c0", keywords=["たくさん"]), Concept(name="c1", keywords=["電気が流れ"])]
    result = grade_answer("電気が流れると、たくさん光る。", concepts, language="ja")
    assert [verdict.hit for verdict in result.concepts] == [True, True]
    assert rewrite("たくさん", ("たくさん",)) is None
