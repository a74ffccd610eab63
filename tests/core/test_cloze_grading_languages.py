"""A cloze gap of a deck in another language is read by that language's rules (accents, stems, little
words, Japanese characters), and its words are shown as the deck writes them."""

from __future__ import annotations

import pytest

from bot.core.cloze_grading import WordCheck, grade_gap


@pytest.mark.parametrize(("language", "answer", "expected", "correct"), [
    ("es", "fotosintesis", ["Fotosíntesis"], True),  # typed without the accent
    ("es", "las mitocondrias", ["mitocondria"], True),  # a plural and a little word around it
    ("es", "la respiración", ["fotosíntesis"], False),
    ("de", "Mitochondrien", ["Mitochondrium"], True),  # the plural's stem
    ("de", "Gluckose", ["Glückose"], True),  # an umlaut typed without its dots
    ("de", "Stärke", ["Glukose"], False),
    ("fr", "les cellules", ["cellule"], True),
    ("ja", "光合成です", ["光合成"], True),  # a polite ending after the word
    ("ja", "光です", ["光合成"], False),  # one character of three
    ("ja", "ｺｳｺﾞｳｾｲ", ["コウゴウセイ"], True),  # half-width katakana folded
])
def test_a_gap_in_another_language(language: str, answer: str, expected: list[str], correct: bool) -> None:
    assert grade_gap(answer, expected, language).correct is correct


def test_another_languages_words_are_shown_as_the_deck_writes_them() -> None:
    grade = grade_gap("fotosintesis", ["Fotosíntesis", "la clorofila"], "es")
    assert grade.words == (WordCheck("Fotosíntesis", True), WordCheck("la clorofila", False))
    assert grade_gap("光", ["光合成"], "ja").words == (WordCheck("光合成", False),)


def test_english_gaps_are_graded_as_before() -> None:
    grade = grade_gap("mitochondrai", ["Mitochondria"])
    assert grade.correct and grade.words == (WordCheck("Mitochondria", True, "mitochondrai"),)
    assert grade_gap("mitochondrai", ["Mitochondria"], "en") == grade
