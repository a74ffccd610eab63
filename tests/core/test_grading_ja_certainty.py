"""Exact verdicts of Japanese sentences whose negation affirms, claims called wrong, "neither X nor Y",
the colloquial negation ん, questions ending in のか, verbs of stopping denied and "Xを除いて" (bot/core/languages/japanese_certainty.py,
japanese.py, japanese_clauses.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes


def verdicts(keywords: list[tuple[str, ...]], answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    concepts = [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords)]
    result = grade_answer(answer, concepts, language="ja")
    return verdict_codes(result)


CASES = [
    # "no doubt" (違いない, 間違いない, 間違いなく) and "no mistake" (間違いではない, 誤りではない) affirm
    ("ni-chigainai", [("氷",)], "池の水は氷になったに違いない。", "1"),
    ("machigainai", [("沸騰",)], "百度で沸騰するのは間違いない。", "1"),
    ("machigainaku", [("沸騰",)], "間違いなく百度で沸騰する。", "1"),
    ("machigai-dewanai", [("沸騰",)], "百度で沸騰するというのは間違いではない。", "1"),
    ("difference-denied", [("違い",)], "二つの結果に違いはない。", "n"),
    ("does-not-differ", [("重さ",)], "重さは違わない。", "n"),
    # a claim called wrong states nothing; a claim called right, or an idea named elsewhere, stays
    ("claim-machigai", [("沸騰",)], "水が五十度で沸騰するというのは間違いだ。", "0"),
    ("claim-ayamari", [("沸騰",)], "水が五十度で沸騰すると考えるのは誤りである。", "0"),
    ("claim-gokai", [("重",)], "重いものほど速く落ちるのは誤解だ。", "0"),
    ("claim-not-right", [("沸騰",)], "水が五十度で沸騰するというのは正しくない。", "0"),
    ("claim-chigau", [("沸騰",)], "水が五十度で沸騰するのは違う。", "0"),
    ("claim-right", [("沸騰",)], "水が百度で沸騰するのは正しい。", "1"),
    ("claim-then-fact", [("沸騰",), ("蒸発",)], "水が五十度で沸騰するというのは誤りだ。水はどの温度でも蒸発する。", "01"),
    ("easy-to-mistake", [("単位",)], "この単位は間違えやすい。", "1"),
    ("error-margin", [("ずれ",)], "測るたびにずれが出るのは誤差のためだ。", "1"),
    # "neither X nor Y": the negation reaches both
    ("neither-nor", [("酸素",), ("窒素",)], "この気体は酸素でも窒素でもない。", "nn"),
    ("but-stays", [("酸素",), ("窒素",)], "酸素は燃えない。でも窒素も燃えない。", "nn"),
    ("demo-but", [("酸素",), ("窒素",)], "酸素は増える。でも、窒素は増えない。", "1n"),
    # the colloquial negation ん after a verb's stem; no negation in さん, たくさん
    ("n-ichidan", [("氷が溶け",)], "冷凍庫の氷は溶けん。", "n"),
    ("n-godan", [("水が減",)], "ふたをすれば水は減らんって。", "n"),
    ("n-dekin", [("光合成",)], "夜は光合成できんよ。", "n"),
    ("n-honorific", [("田中",)], "田中さんが実験した。", "1"),
    ("n-takusan", [("泡",)], "泡がたくさん出る。", "1"),
    ("n-te-form", [("本を読",)], "本を読んで調べた。", "1"),
    # a verb of stopping, forbidding or losing denied: what it would stop goes on (the verb alone is denied)
    ("stop-not", [("雨",), ("止",)], "夕方になっても雨は止まなかった。", "1n"),
    ("quit-not", [("練習",)], "けがをしても練習をやめなかった。", "1"),
    ("forbid-not", [("花火",), ("禁止",)], "この公園では花火は禁止されていない。", "1n"),
    ("vanish-not", [("炎",)], "風が吹いても炎が消えない。", "1"),
    ("other-verb-denies", [("練習",)], "けがをして練習を続けなかった。", "n"),
    # "Xを除いて" (except X) leaves X out, as "X以外" does
    ("except-nozoite", [("日曜",), ("休",)], "日曜を除いて店は休まない。", "1n"),
    ("except-nozoki", [("一人",), ("宿題",)], "一人を除き、全員が宿題を忘れなかった。", "11"),
    # spoken "must" (なきゃ, なくちゃ, ねばならない) is no denial; Kansai へん after a verb's stem is one, 大へん is not
    ("must-nakya", [("窓",)], "寝る前に窓を閉めなきゃいけない。", "1"),
    ("must-nakucha", [("窓",)], "寝る前に窓を閉めなくちゃ。", "1"),
    ("must-neba", [("窓",)], "寝る前に窓を閉めねばならない。", "1"),
    ("kansai-hen", [("雪が溶け",)], "日陰の雪は溶けへん。", "n"),
    ("taihen", [("雪かき",)], "雪かきは大へんだった。", "1"),
    # "…のか" asks: it states nothing, unless a question word asks what it says
    ("noka-whether", [("沸騰",), ("蒸発",)], "水が沸騰するのか、蒸発するのか、まだわからない。", "00"),
    ("noka-checked", [("沸騰",)], "水が百度で沸騰するのか確かめた。", "0"),
    ("noka-why", [("沸騰",), ("気圧",)], "なぜ山の上では低い温度で沸騰するのか、それは気圧が低いからだ。", "11"),
    ("noka-then-fact", [("沸騰",), ("蒸発",)], "沸騰するのか。いや、水は蒸発する。", "01"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected
