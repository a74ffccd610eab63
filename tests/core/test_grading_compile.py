"""Keyword phrases compiled per card (bot/core/grading_compile.py): words joined by a preposition keep
their order outside English; English still reads such a phrase reversed as a compound."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.grading_compile import in_order, keyword_words
from bot.core.languages import rules_for
from bot.core.text_normalize import canonical_phrases


@pytest.mark.parametrize(
    ("language", "keyword", "answer", "hit"),
    [
        # in the keyword's order, little words and a few words between as before
        ("de", "Energie für den Muskel", "Der Zucker liefert Energie für den Muskel.", True),
        ("de", "Energie für den Muskel", "Der Zucker liefert die Energie für den arbeitenden Muskel.", True),
        # reversed: another relation ("the soil gets water"), no longer the keyword
        ("de", "Wasser aus dem Boden", "Bei Regen bekommt der Boden Wasser.", False),
        ("de", "Wasser aus dem Boden", "Die Wurzeln holen Wasser aus dem Boden.", True),
        ("es", "agua de lluvia", "El agua de lluvia se filtra en el suelo.", True),
        ("es", "agua de lluvia", "Después de la lluvia el agua corre al río.", False),
        ("ja", "細胞のエネルギー", "糖は細胞のエネルギーになる。", True),
        ("ja", "細胞のエネルギー", "エネルギーの細胞がある。", False),
        # English reads a reversed phrase of neighbouring words as a compound: "accuracy loss"
        ("en", "loss of accuracy", "It costs a small loss of accuracy.", True),
        ("en", "loss of accuracy", "It costs a small accuracy loss.", True),
        ("en", "loss of accuracy", "The accuracy is a big worry, not the loss.", False),
    ],
)
def test_a_keyword_joined_by_a_preposition_keeps_its_order(language: str, keyword: str, answer: str,
                                                           hit: bool) -> None:
    concept = Concept(name="idea", keywords=[keyword])
    assert grade_answer(answer, [concept], language=language).concepts[0].hit is hit


@pytest.mark.parametrize(
    ("language", "phrase", "ordered"),
    [
        ("de", "Sauerstoff aus der Luft", True),
        ("de", "in den Mitochondrien", False),  # one word left: nothing to order
        ("de", "gibt Sauerstoff ab", False),  # no preposition between the words
        ("es", "dióxido de carbono", True),
        ("es", "libera energía", False),
        ("en", "energy for the cell", False),
    ],
)
def test_which_phrases_keep_their_order(language: str, phrase: str, ordered: bool) -> None:
    rules = rules_for(language)
    [words] = canonical_phrases([phrase], None if rules.english_lexicon else rules.tokenize)
    assert in_order(words, keyword_words(words), rules) is ordered
