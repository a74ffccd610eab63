"""Exact verdicts of the grader's rules per language (bot/core/languages): hits, typos, missing accents,
negation, mixed English, copied prompt, for each language with rules of its own."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept, Deck, OpenCard
from bot.core.grading import FLAG_COPIED, FLAG_KEYWORD_LIST, grade_answer, grade_card
from bot.core.languages import SUPPORTED, has_rules, primary_subtag, rules_for


def _concepts(*keywords: tuple[str, ...]) -> list[Concept]:
    return [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords, start=1)]


CARDS = {
    "es": (_concepts(("fotosíntesis",), ("glucosa",), ("int8", "cuantización")),
           "Explica cómo la planta obtiene su energía y qué formato usa el modelo comprimido."),
    "de": (_concepts(("Lichtenergie",), ("Glukose",), ("Speiseröhre",)),
           "Erkläre, wie die Pflanze Lichtenergie nutzt und was dabei entsteht."),
    "fr": (_concepts(("photosynthèse",), ("glucose",), ("évaporation",)),
           "Explique comment la plante fabrique sa nourriture à partir de la lumière."),
    "pt": (_concepts(("fotossíntese",), ("glicose",), ("evaporação",)),
           "Explique como a planta produz o seu alimento a partir da luz do sol."),
    "it": (_concepts(("fotosintesi",), ("glucosio",), ("evaporazione",)),
           "Spiega come la pianta produce il suo cibo a partire dalla luce del sole."),
    "ja": (_concepts(("データベース",), ("バグ",), ("誘導電流",)),
           "データベースとバグと誘導電流について説明しなさい。"),
    "zh": (_concepts(("光合作用",), ("葡萄糖",), ("数据库",)),
           "请说明植物怎样利用阳光制造养分。"),
}

# (language, kind, answer, expected: per concept "1" credited, "0" not, "n" denied)
CASES = [
    ("es", "hit", "La planta hace la fotosíntesis y produce glucosa; el modelo usa cuantización.", "111"),
    ("es", "typo", "La planta hace la fotosintessis y produce glucossa.", "110"),
    ("es", "accents", "La planta hace fotosintesis y asi produce glucosa.", "110"),
    ("es", "negation", "La planta hace la fotosíntesis, pero no produce glucosa.", "1n0"),
    ("es", "negation-sin", "Hace la fotosíntesis sin glucosa al final.", "1n0"),
    ("es", "mixed-english", "La planta hace la fotosíntesis y el modelo usa int8 para ocupar menos.", "101"),
    ("es", "copied", "Explica cómo la planta obtiene su energía y qué formato usa el modelo comprimido.", "000"),
    ("de", "hit", "Die Pflanze nutzt Lichtenergie und bildet daraus Glukose in den Blättern.", "110"),
    ("de", "typo", "Die Pflanze nutzt Lichtenergi und bildet daraus Gluckose in den Blättern.", "110"),
    ("de", "accents", "Der Bissen rutscht durch die Speiseroehre, die Pflanze nutzt Lichtenergie.", "101"),
    ("de", "issue-18", "Die Pflanze nutzt Lichtenergie, aber es entsteht keine Glukose", "1n0"),
    ("de", "negation-after", "Die Pflanze nutzt Lichtenergie, Glukose bildet sie nicht.", "1n0"),
    ("de", "weder-noch", "Es entsteht weder Glukose noch Lichtenergie, sagt er.", "nn0"),
    ("de", "mixed-english", "Die Pflanze nutzt Lichtenergie und macht daraus glucose für die Zellen.", "110"),
    ("de", "copied", "Erkläre, wie die Pflanze Lichtenergie nutzt und was dabei entsteht.", "000"),
    ("fr", "hit", "La plante fait la photosynthèse et fabrique du glucose avec la lumière.", "110"),
    ("fr", "accents", "La plante fait la photosynthese et l'evaporation de l'eau par les feuilles.", "101"),
    ("fr", "negation", "La plante fait la photosynthèse mais ne fabrique pas de glucose.", "1n0"),
    ("fr", "negation-sans", "La plante fait la photosynthèse sans glucose au bout du compte.", "1n0"),
    ("pt", "hit", "A planta faz fotossíntese e produz glicose nas folhas.", "110"),
    ("pt", "accents", "A planta faz fotossintese e produz glicose; a evaporacao ocorre nas folhas.", "111"),
    ("pt", "negation", "A planta faz fotossíntese, mas não produz glicose nenhuma.", "1n0"),
    ("pt", "no-is-in-the", "A água sobe no processo de evaporação e a planta faz fotossíntese.", "101"),
    ("it", "hit", "La pianta fa la fotosintesi e produce glucosio dalle foglie.", "110"),
    ("it", "negation", "La pianta fa la fotosintesi ma non produce glucosio.", "1n0"),
    ("it", "negation-senza", "La pianta fa la fotosintesi senza glucosio come prodotto.", "1n0"),
    ("ja", "issue-18", "データベースはバグがない", "1n0"),
    ("ja", "hit", "データベースにバグがあると、誘導電流のデータも正しく記録されない場合がある。", "111"),
    ("ja", "half-width", "ﾃﾞｰﾀﾍﾞｰｽにバグが見つかったので直した。", "110"),
    ("ja", "long-vowel", "昨日の夜、データーベースの中にバグが見つかった。", "110"),
    ("ja", "voicing-kept", "テータヘースにハクがあった。", "000"),
    ("ja", "negation", "誘導電流は流れない。データベースはある。", "10n"),
    ("ja", "mixed-english", "databaseにバグがあったので、データベースを直した。", "110"),
    ("ja", "copied", "データベースとバグと誘導電流について説明しなさい。", "000"),
    ("zh", "hit", "植物通过光合作用把阳光变成葡萄糖，这些数据存进数据库。", "111"),
    ("zh", "negation", "植物进行光合作用，但是不产生葡萄糖。", "1n0"),
    ("zh", "negation-meiyou", "这个系统没有数据库，可是植物有光合作用。", "10n"),
    ("zh", "copied", "请说明植物怎样利用阳光制造养分。", "000"),
]


def _verdicts(result: object) -> str:
    return "".join("1" if v.hit else ("n" if v.negated else "0") for v in result.concepts)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("language", "kind", "answer", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_exact_verdicts(language: str, kind: str, answer: str, expected: str) -> None:
    concepts, question = CARDS[language]
    result = grade_answer(answer, concepts, question=question, language=language)
    assert _verdicts(result) == expected, result.to_json()
    if kind == "copied":
        assert FLAG_COPIED in result.flags


def test_the_same_german_sentence_is_credited_by_the_english_rules() -> None:
    """What issue 18 saw: read as English, "keine" denies nothing (the German rules are what deny it)."""
    concepts, _question = CARDS["de"]
    assert _verdicts(grade_answer("Die Pflanze nutzt Lichtenergie, aber es entsteht keine Glukose", concepts)) == "110"


def test_japanese_keywords_are_found_inside_a_sentence_without_spaces() -> None:
    """Issue 18's answer credited 0/2 as one token. Now both keywords are found; "バグがない" says there
    are no bugs, so by the card's meaning (a concept "バグ": the answer should say there are bugs) that
    concept is denied, not credited. A card whose concept is "no bugs" writes the negation in its keyword,
    which is then taken as written."""
    answer = "データベースはバグがない"
    assert _verdicts(grade_answer(answer, _concepts(("データベース",), ("バグ",)), language="ja")) == "1n"
    assert _verdicts(grade_answer(answer, _concepts(("データベース",), ("バグがない",)), language="ja")) == "11"


def test_japanese_keyword_list_is_a_list() -> None:
    concepts, _question = CARDS["ja"]
    result = grade_answer("データベース、バグ、誘導電流", concepts, language="ja")
    assert _verdicts(result) == "000"
    assert FLAG_KEYWORD_LIST in result.flags


def test_folding_keeps_voicing_marks_and_folds_widths() -> None:
    words = rules_for("ja").tokenize("データベースはﾊﾞｸﾞがない").words
    assert words[0] == "デタベス" and "バグ" in words and "テタヘス" not in words
    assert rules_for("ja").tokenize("データーベース").words == rules_for("ja").tokenize("データベース").words


@pytest.mark.parametrize("tag", ["es-419", "es-ES", "de-AT", "pt-BR", "ja-JP", "zh-Hans"])
def test_region_tags_use_their_language(tag: str) -> None:
    assert rules_for(tag).code == primary_subtag(tag)
    assert has_rules(tag)


def test_unknown_languages_are_graded_as_english() -> None:
    assert not has_rules("nl")
    assert rules_for("nl") is rules_for(None) is rules_for("en")
    assert set(SUPPORTED) == {"en", "es", "de", "fr", "pt", "it", "ja", "zh"}


def test_a_deck_gives_its_cards_its_language_and_grade_card_uses_it() -> None:
    card = OpenCard(id="o", kind="open", level="beginner", prompt="¿Qué hace la planta?",
                    concepts=_concepts(("glucosa",), ("fotosíntesis",)))
    deck = Deck(id="d", title="D", language="es", cards=[card])
    graded = deck.cards[0]
    assert isinstance(graded, OpenCard) and graded.language == "es"
    assert _verdicts(grade_card("Hace la fotosintesis, pero nunca produce glucosa.", graded)) == "n1"
    english = Deck(id="e", title="E", cards=[card]).cards[0]
    assert english.language is None  # English cards are left as they are
    assert _verdicts(grade_card("Hace la fotosintesis, pero nunca produce glucosa.", english)) == "11"


def test_german_comparatives_are_not_their_base() -> None:
    """"größer" is not "groß" (Snowball alone would merge them); its inflections are the comparative."""
    words = rules_for("de").tokenize("kleiner kleinere kleineren klein größer groß Widerstände").words
    assert words == ("kleiner", "kleiner", "kleiner", "klein", "grosser", "gross", "widerstand")


@pytest.mark.parametrize(("language", "words", "digits"), [
    ("es", "dos veces", "2 veces"), ("de", "zwei Lampen", "2 Lampen"), ("fr", "trois fois", "3 fois"),
    ("pt", "duas vezes", "2 vezes"), ("it", "tre volte", "3 volte"), ("ja", "二倍", "2倍"), ("zh", "两倍", "2倍"),
])
def test_number_words_read_as_digits(language: str, words: str, digits: str) -> None:
    tokenize = rules_for(language).tokenize
    assert tokenize(words).words == tokenize(digits).words


def test_concepts_are_derived_from_a_model_answer_in_its_language() -> None:
    from bot.core.concept_extraction import derive_concepts

    japanese = derive_concepts("二分探索は整列された配列で使う。探索範囲の真ん中の要素と比べる。", "二分探索とは何か。",
                               language="ja")
    assert [concept.name for concept in japanese.concepts] == ["整列", "配列", "探索範囲", "要素"]
    spanish = derive_concepts("El modelo no generaliza bien y memoriza el ruido.", "¿Qué es el sobreajuste?",
                              language="es")
    names = [concept.name for concept in spanish.concepts]
    assert "memoriza ruido" in names or "memoriza" in names
    assert not any("generaliza" in name for name in names)  # stated as not holding: left out
    card = OpenCard(id="o", kind="open", level="beginner", prompt="二分探索とは何か。", language="ja",
                    model_answer="二分探索は整列された配列で使う。探索範囲の真ん中の要素と比べる。")
    assert _verdicts(grade_card("配列は整列されていなければならず、探索範囲を狭めていく。", card)) == "1110"
