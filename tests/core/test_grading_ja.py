"""Exact verdicts of the Japanese rules (bot/core/languages/japanese.py) on sentences written for these
tests: the reach of a negation (conditions, concessions, the topic inside a kana run) and verbs written in
kana after を."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept, Misconception
from bot.core.grading import grade_answer
from bot.core.languages import rules_for
from tests.core.verdict_codes import verdict_codes


def verdicts(keywords: list[tuple[str, ...]], answer: str, misconceptions: tuple[Misconception, ...] = ()) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    concepts = [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords)]
    result = grade_answer(answer, concepts, language="ja", misconceptions=list(misconceptions))
    return verdict_codes(result)


CASES = [
    # a condition (と, ば, たら) is not what the negation after it denies
    ("to-condition", [("止める",)], "磁石を止めると流れなくなる。", "1"),
    ("ba-condition", [("止める",)], "磁石を止めれば流れない。", "1"),
    ("tara-condition", [("冷やす",)], "水を冷やしたら沸騰しない。", "1"),
    ("negated-itself", [("止める",)], "磁石を止めない。", "n"),
    # a negated main clause after ても denies what the concession does
    ("temo-negated", [("巻数",)], "巻数を増やしても電流は変わらない。", "n"),
    ("temo-affirmed", [("巻数",)], "巻数を増やしても、電流は大きくなる。", "1"),
    ("to-affirmed", [("巻数",)], "巻数を増やすと電流が大きくなる。", "1"),
    # は closing a kana run is the topic: the negation's reach stops there
    ("topic-in-kana-run", [("強さ",)], "新しいコイルの強さは問題ない。", "1"),
    # an arrow pointing up or down is 増 / 減 ("電流↑" is "電流が増える")
    ("arrow-up", [("電流が増え",), ("抵抗が減",)], "電圧を上げると電流↑、抵抗↓。", "11"),
    # a denied "matters" / "changes" / "affects" is said of the topic; a partner with とは is denied too
    ("topic-does-not-matter", [("速さ",)], "磁石の速さは関係ない。", "n"),
    ("topic-does-not-change", [("大きさ",)], "電流の大きさは変わらない。", "n"),
    ("partner-with-towa", [("田中",)], "その日、田中さんとは話さなかった。", "n"),
    ("topic-of-other-negation", [("データベース",), ("バグ",)], "このデータベースはバグがない。", "1n"),
    # なし denies; a negation after "only" (しか, だけで) does not; "AではなくB" denies A, not B
    ("nashi", [("磁石",), ("電流",)], "磁石なしで電流は流れる。", "n1"),
    ("shika-nai", [("動かす",)], "電流を得るには磁石を動かすしかない。", "1"),
    ("dake-denaku", [("電流",), ("電圧",)], "電流だけでなく電圧も生じる。", "11"),
    # "Xしか…ない" with a verb between says "only X"; しかし (but) stays a word of its own
    ("shika-verb-nai", [("港",), ("船",)], "船はこの港でしか荷を降ろさなかった。", "11"),
    ("shika-suru-nai", [("雨",)], "この季節は雨しか降らない。", "1"),
    ("shikashi-still-but", [("雨",), ("風",)], "雨だ。しかし、風は吹かない。", "1n"),
    ("dewa-naku", [("電流",), ("磁界",)], "変化するのは電流ではなく磁界だ。", "n1"),
    ("prefix", [("変",)], "磁界の向きは不変だ。", "n"),
    ("negated-keyword-as-written", [("流れない",)], "電流は流れない。", "1"),
    ("negated-keyword-elsewhere", [("流れない",)], "流れ出すと止まらない。", "0"),
    # a compound keyword is found in its order only ("エネルギーは位置" is not "位置エネルギー")
    ("compound-in-order", [("位置エネルギー",)], "ボールの位置エネルギーが減る。", "1"),
    ("compound-out-of-order", [("位置エネルギー",)], "ボールのエネルギーは位置によって変わる。", "0"),
    ("phrase-any-order", [("磁界が変化",)], "変化する磁界がコイルを貫く。", "1"),
    # a card's compound of three or more kanji is one word: no other keyword among its characters, but
    # its last two (what it is: 誘導電流 is a 電流) still name that
    ("compound-hides-its-characters", [("酸素",), ("過酸化水素",)], "過酸化水素を分解する。", "01"),
    ("compound-and-the-word-beside", [("酸素",), ("過酸化水素",)], "過酸化水素が分解して酸素ができる。", "11"),
    ("compound-head", [("誘導電流",), ("電流",)], "コイルの中で磁石を動かすと、誘導電流が流れることが実験でわかった。", "11"),
    ("compound-first-character", [("光合成",), ("光",)], "葉で光合成が起こる。", "10"),
    ("compound-typed-in-kana", [("過酸化水素",), ("酸素",)], "かさんかすいそをつかう。", "10"),
    # a keyword written in kana is a word, not an ending: found where the answer says it
    ("kana-keyword-absent", [("ぶどう",)], "きのうは雨で、みんな家にいた。", "0"),
    ("kana-keyword-present", [("ぶどう",)], "庭でぶどうを育てている。", "1"),
    ("kana-keyword-after-kanji", [("ぶどう",)], "庭ぶどうを育てている。", "1"),
    # the kana part of a keyword counts: "より強い" is not found where only the kanji stand
    ("kana-part-missing", [("氷よりかるい",)], "氷の上を歩いた。", "0"),
    ("kana-part-present", [("氷よりかるい",)], "この油は氷よりかるいので浮く。", "1"),
    # a kana word after a particle ("がいる"), never inside an ending ("見ている")
    ("kana-word-after-particle", [("水がいる",)], "植物が育つには水がいる。", "1"),
    ("kana-word-inside-ending", [("水がいる",)], "水を見ている。", "0"),
    # "only" (だけ, のみ, オンリー) is a word of the keyword, also after an ending
    ("only-missing", [("雨が降るときだけ",)], "雨が降ると道がぬれる。", "0"),
    ("only-present", [("雨が降るときだけ",)], "雨が降るときだけ傘を使う。", "1"),
    ("only-nomi", [("朝のみ",)], "店は朝のみ開く。", "1"),
    ("only-loanword", [("朝だけ",)], "店は朝オンリーで開く。", "1"),
    # a question or a doubt states nothing: "…っけ", "…かな", "…かどうか", a question mark
    ("doubt-kke", [("氷河",)], "この谷は氷河がけずったんだっけ？", "0"),
    ("doubt-kana", [("氷河",)], "この谷は氷河がけずったのかな。", "0"),
    ("doubt-kadouka", [("氷河",), ("谷",)], "氷河がけずったかどうかはわからないが、谷は深い。", "01"),
    ("question-mark", [("氷河",)], "谷をけずったのは氷河なの？", "0"),
    ("question-then-statement", [("氷河",), ("谷",)], "なぜ谷ができたの？ 氷河がけずったからだ。", "10"),
    ("doubt-negated-keyword", [("氷がない",)], "この池には氷がないのかな？", "0"),
    ("statement-negated-keyword", [("氷がない",)], "この池には氷がない。", "1"),
    # a negated clause denied in turn states neither; two negations with little words between affirm
    ("denied-negated-reason", [("氷がない",), ("氷が",), ("風",)], "池がこおらなかったのは、氷がなかったからではなく、風が強かったからだ。", "001"),
    ("double-negation-affirms", [("氷",)], "この池に氷ができないことはない。", "1"),
    ("double-negation-nakuha", [("凍",)], "池の水は凍らなくはない。", "1"),
    ("single-negation-still-denies", [("氷",)], "この池に氷はできない。", "n"),
    # "instead of X" denies X, not what is used instead
    ("instead-kanji", [("石炭",), ("電気",)], "石炭の代わりに電気を使う。", "n1"),
    ("instead-kana", [("石炭",), ("電気",)], "石炭のかわりに電気を使う。", "n1"),
    ("instead-at-start", [("電気",)], "そのかわりに電気を使う。", "1"),
    # ぬ after を begins a verb: no negation
    ("nu-after-wo", [("色",)], "板に色をぬる。", "1"),
    # a verb denied of its topic alone denies the topic too; a topic with its own argument, a noun predicate
    # or "indispensable" (欠かせない) does not
    ("topic-of-bare-verb", [("雪",)], "今年の冬、雪は降りませんでした。", "n"),
    ("topic-of-bare-verb-quantity", [("雪",)], "雪は一度も積もらなかった。", "n"),
    ("topic-of-one-kanji-verb", [("手紙",)], "手紙は来ない。", "n"),
    ("topic-with-argument", [("雪",), ("道",)], "雪は道に積もらなかった。", "1n"),
    ("topic-of-noun-predicate", [("雪",)], "雪は問題ない。", "1"),
    ("topic-indispensable", [("水",)], "水は欠かせない。", "1"),
    # "far from X" (どころか) and "rather than X" (というより) deny X
    ("dokoroka", [("減る",), ("増え",)], "人口は減るどころか、かえって増えた。", "n1"),
    ("toiuyori", [("趣味",), ("仕事",)], "料理は趣味というより、もはや仕事だ。", "n1"),
    # a purpose ("so that X does not V": ないように, ないために) denies the verb, not its subject or object
    ("purpose-subject", [("洪水",), ("起こ",)], "洪水が起こらないように堤防を築いた。", "1n"),
    ("purpose-object", [("食料",)], "食料をむだにしないために計画を立てた。", "1"),
    ("purpose-bare-yo", [("泥棒",)], "泥棒が入らないよう鍵をかけた。", "1"),
    ("seeming-not-purpose", [("洪水",)], "洪水が起こらないようだ。", "n"),
    ("seeming-looks", [("洪水",)], "洪水が起こらないように見える。", "n"),
    # "other than X" (以外): a negation of the others denies nothing of X
    ("except", [("オランダ",), ("来",)], "オランダ以外の船は来なかった。", "1n"),
    # a negation reaches three words back (characters standing together are one word), not a fourth
    ("reach-three-words", [("ポルトガル",), ("来航",)], "幕府はポルトガル船の来航を認めなかった。", "nn"),
    ("reach-not-four-words", [("屋根",), ("窓",)], "赤い屋根の古い家の窓が開かなかった。", "1n"),
    # a claim reported and then rejected ("so" denied, "that is wrong") states nothing
    ("rejected-so-dewa", [("自分で光",), ("反射",)], "月は自分で光っていると聞いたが、そうではない。太陽の光を反射している。", "01"),
    ("rejected-so-towa", [("重い物ほど速く",)], "重い物ほど速く落ちると本で読んだが、実際に落としてみると、そうとは言えない。", "0"),
    ("rejected-next-sentence", [("地球が中心",), ("太陽が中心",)], "昔は地球が中心だと考えられていた。しかし、そうではなく、太陽が中心だ。", "01"),
    ("rejected-that-is-wrong", [("速く落ち",)], "重い物ほど速く落ちると言う人がいる。しかし、それは間違いだ。", "0"),
    ("in-fact-after-reported", [("高い木",), ("低い所",)], "雷は高い木に落ちると思われがちだが、実は低い所にも落ちる。", "01"),
    ("in-fact-next-sentence", [("高い木",)], "雷は高い木に落ちると言われる。本当はどこにでも落ちる。", "0"),
    ("in-fact-heard", [("高い木",)], "雷は高い木に落ちるって聞いたけど、実は違うらしい。", "0"),
    ("in-fact-after-statement", [("高い木",), ("低い所",)], "雷は高い木に落ちる。実は低い所にも落ちる。", "11"),
    ("so-of-another-subject", [("鉄",), ("磁石",)], "鉄は磁石につく。アルミはそうではない。", "11"),
    ("so-without-denial", [("ボタン",)], "まずボタンを押す。そうすると扉が開く。", "1"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected


def test_a_keyword_in_another_concepts_time_is_not_credited() -> None:
    """Concepts framed in different times ("夏は…", "冬は…"): a keyword said of the other time is a swap."""
    concepts = [Concept(name="夏は気温が高くなる", keywords=["気温が高く"]),
                Concept(name="冬は雪が積もる", keywords=["雪が積も"]),
                Concept(name="気温は季節で変わる", keywords=["季節"])]

    def credited(answer: str) -> str:
        return "".join("1" if verdict.hit else "0" for verdict in grade_answer(answer, concepts, language="ja").concepts)

    assert credited("夏は気温が高くなり、冬は雪が積もる。季節で変わる。") == "111"
    assert credited("冬は気温が高くなり、夏は雪が積もる。季節で変わる。") == "001"
    assert credited("夏は気温が高くなる。冬は雪が積もる。") == "110"
    from bot.core.languages.japanese_settings import setting_roles

    assert setting_roles(("昼は店が混む", "夜には店が静かになる", "昼も夜も開いている", "店は駅の前にある")) \
        == (("夜",), ("昼",), (), ())
    assert setting_roles(("光合成は昼に行われる", "呼吸は一日中行われる")) == ((), ())


def test_a_kana_verb_after_wo_is_a_word() -> None:
    wrong = (Misconception(triggers=["電気をためて"], correction="…", contradicts="c0"),)
    # the trigger needs its verb: "電気" alone does not state it
    assert verdicts([("運動エネルギー",)], "運動エネルギーを電気エネルギーに変える。", wrong) == "1"
    assert verdicts([("運動エネルギー",)], "電気をためておく装置で、運動エネルギーも使う。", wrong) == "0"
    words = rules_for("ja").tokenize("電気をためる").words
    assert words == ("電", "気", "its", "ため")


KANA_CASES = [
    # answers typed in kana: the card's kanji words are read (on readings, kun stems before okurigana)
    ("kana-on-readings", [("光合成",)], "はっぱでこうごうせいがおこる。", "1"),
    ("kana-negated", [("蒸発",)], "このみずはじょうはつしない。", "n"),
    ("kana-kun-stem", [("冷やす",)], "みずをひやすとこおる。", "1"),
    ("kana-mixed-with-kanji", [("冷やす",), ("氷",)], "水をひやすと氷になる。", "11"),
    ("hiragana-for-katakana", [("データベース",)], "でーたべーすにほぞんする。", "1"),
    ("long-vowel-typed", [("エネルギー",)], "taiyou no enerugii wo tsukau.", "1"),
    # romaji: Hepburn and keyboard spellings, particles on their own, the reading then as above
    ("romaji", [("光合成",), ("酸素",)], "shokubutsu wa kougousei de sanso wo dasu.", "11"),
    ("romaji-negated", [("蒸発",)], "mizu ga jouhatsu shinai.", "n"),
    # a kanji before a particle may be its whole kun reading; two kanji may both be read kun
    ("kana-kun-before-particle", [("雪の結晶",)], "これはゆきのけっしょうだ。", "1"),
    ("kana-kun-compound", [("朝日",)], "あさひがのぼる。", "1"),
    # a kanji after another may start voiced (rendaku), never the first one
    ("kana-rendaku-on", [("一日中",)], "きょうはいちにちじゅうあめだった。", "1"),
    ("kana-rendaku-kun", [("本棚",)], "ほんだなにしまう。", "1"),
    ("kana-first-not-voiced", [("光合成",)], "ごうごうせいがおこる。", "0"),
    ("romaji-rendaku", [("一日中",)], "kyou wa ichinichijuu ame datta.", "1"),
    # kana typed in phrases, spaces between: read as one text where that finds the card's word
    ("kana-spaced", [("雪が積も",)], "きのう ゆきが つもった。", "1"),
    ("kana-spaced-negated", [("雪が積も",)], "ことしは ゆきが つもらない。", "n"),
    ("kana-spaced-elsewhere", [("雪が積も",)], "きのう ゆき がっせん を した。", "0"),
    # English words are no romaji; a reading shorter than three kana is not looked for
    ("english-not-romaji", [("酸素",)], "the plant makes oxygen in the light", "0"),
    ("short-reading", [("火",)], "ひがつくとあつくなる。", "0"),
    ("kana-elsewhere", [("回転",)], "かいものにいってんきがよかった。", "0"),
    # a typo is a wrong conversion: a kanji word that reads like the card's is read as it
    ("homophone-typo", [("光合成",)], "葉で高合成が起こり、糖ができる。", "1"),
    ("homophone-negated", [("蒸発",)], "この水は上発しない。", "n"),
    ("homophone-other-word", [("回転",)], "会議で意見を述べた。", "0"),
    ("homophone-short-reading", [("地下",)], "知歌の話をした。", "0"),
    # English terms in a Japanese answer: a gloss of the card's word (JMdict) reads as that word
    ("english-terms", [("光合成",), ("葉緑体",)], "植物はchloroplastの中でphotosynthesisを行う。", "11"),
    ("english-term-negated", [("蒸発",)], "この水はevaporationしない。", "n"),
    ("english-term-inflected", [("回転",)], "モーターの軸がrotatesすると音がする。", "1"),
    ("english-not-a-gloss", [("酸素",)], "植物はsugarを作って、たくわえる。", "0"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in KANA_CASES],
                         ids=[case[0] for case in KANA_CASES])
def test_kana_and_romaji_answers(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected


def test_a_kana_credit_shows_the_members_words() -> None:
    concepts = [Concept(name="c0", keywords=["光合成"]), Concept(name="c1", keywords=["酸素"])]
    result = grade_answer("はっぱでこうごうせいがおこり、sanso ga deru.", concepts, language="ja")
    assert result.concepts[0].matched == "こうごうせい"
    assert not result.concepts[1].hit  # a romaji word inside a Japanese answer is left as written
    typo = grade_answer("葉で高合成が起こり、酸素ができる。", concepts, language="ja")
    assert [verdict.matched for verdict in typo.concepts] == ["高合成", "酸素"]
    mixed = grade_answer("葉でphotosynthesisが起こり、oxygenが出る。", concepts, language="ja")
    assert [verdict.matched for verdict in mixed.concepts] == ["photosynthesis", "oxygen"]
    romaji = grade_answer("shokubutsu wa hikari de kougousei wo shite, sanso ga dekiru.", concepts, language="ja")
    assert [verdict.matched.strip() for verdict in romaji.concepts if verdict.matched] == ["kougousei", "sanso"]


def test_romaji_spellings() -> None:
    from bot.core.languages.romaji import to_hiragana

    assert [to_hiragana(word) for word in ("shinbun", "shimbun", "sinbun", "kitte", "kon'ya", "ryū", "tsuki", "tuki")] \
        == ["しんぶん", "しんぶん", "しんぶん", "きって", "こんや", "りゅう", "つき", "つき"]
    assert to_hiragana("magnet") is None
    assert to_hiragana("current") is None


def test_a_cards_matcher_memo_stays_bounded() -> None:
    """A card with kana words has a matcher of its own: its memo of pieces is cut back, answer after answer."""
    from bot.core.languages import japanese

    concepts = [Concept(name="c0", keywords=["ぶどう"]), Concept(name="c1", keywords=["庭でそだて"])]
    for number in range(40):
        answer = "、".join(f"{number}番の{chr(0x4E00 + number * 400 + step)}" for step in range(400))
        grade_answer(answer, concepts, language="ja")
    matcher = japanese._language_with(frozenset({"ぶどう", "そだて"}))
    assert matcher is not japanese.LANGUAGE
    assert len(matcher._cache) <= japanese._CARD_MEMO + 1200


def test_a_compound_in_a_gap_answer() -> None:
    """A gap answer is read as the card's text is: its compound holds no other word of the gap."""
    from bot.core.cloze_grading import grade_gap

    assert grade_gap("過酸化水素です。", ["過酸化水素"], "ja").correct
    assert not grade_gap("過酸化水素です。", ["酸素"], "ja").correct
    assert grade_gap("酸素です。", ["酸素"], "ja").correct


def test_a_kana_verb_of_the_card_in_its_te_and_ta_forms() -> None:
    """A godan kana verb the card writes ("…になる") is found as "なって", "なった", "なり"; "なら" (if) is no form."""
    assert verdicts([("氷だけになる",)], "冬は池が氷だけになって、魚は底にいる。") == "1"
    assert verdicts([("氷だけになる",)], "池は氷だけになった。") == "1"
    assert verdicts([("氷だけになる",)], "冬なら氷だけだ。") == "0"
    assert verdicts([("色がかわる",)], "葉の色がかわって、赤くなる。") == "1"
    from bot.core.languages.japanese_kana_words import word_forms

    assert word_forms(["なる", "いる", "つくる"], frozenset(("なら",))) == {
        "なる": "なる", "なっ": "なる", "なり": "なる", "いる": "いる", "つくる": "つくる", "つくっ": "つくる", "つくり": "つくる"}


def test_a_required_phrase_after_an_earlier_copy_of_its_words() -> None:
    """A `requires` phrase is met where its words stand in order, even when a nearer copy of one of
    them (素 of 酸素) comes earlier in the sentence; its words apart or reversed still do not meet it."""

    def verdict(answer: str) -> str:
        concept = Concept(name="c", keywords=["呼吸"], requires=["二酸化炭素を出"])
        hit = grade_answer(answer, [concept], language="ja").concepts[0]
        return "1" if hit.hit else "n" if hit.negated else "0"

    assert verdict("呼吸では酸素を取り入れて二酸化炭素を出している。") == "1"
    assert verdict("呼吸では酸素を吸って、二酸化炭素を外に出す。") == "1"
    assert verdict("呼吸では炭素を含む養分を使い二酸化物を出す。") == "0"
