"""Words that lost their space ("weightsfrom"): read as the two words, within a bound per answer."""

from __future__ import annotations

from bot.core.deck import Concept
from bot.core.grading import compile_card, grade_answer, grade_compiled
from bot.core.grading_split import MAX_SPLIT_WORDS, SPLIT_SCORE


def concepts() -> list[Concept]:
    return [Concept(name="weights", keywords=["weights from FP32"]),
            Concept(name="quant", keywords=["quantization"]), Concept(name="car", keywords=["car engine"])]


def test_a_keyword_word_run_into_a_little_word_is_read_as_both() -> None:
    result = grade_answer("we convert the weightsfrom FP32 down to int8", concepts())
    assert result.concepts[0].hit and result.concepts[0].matched == "weightsfrom FP32"
    assert result.concepts[0].score == SPLIT_SCORE


def test_a_keyword_word_run_into_an_english_word() -> None:
    result = grade_answer("I think quantisationworks by rounding the weights to integers", concepts())
    assert result.concepts[1].hit and result.concepts[1].matched == "quantisationworks"


def test_a_real_word_is_not_split_into_a_keyword() -> None:
    result = grade_answer("there is a carpet on the engine room floor", concepts())
    assert not result.concepts[2].hit  # "carpet" is a word, not "car pet"


def test_split_work_is_bounded_per_answer_and_the_rest_left_for_later() -> None:
    card = compile_card([Concept(name=f"c{i}", keywords=[f"keyword{i}"]) for i in range(3)] + concepts())
    letters = "bcdfghjkmnpqrstvwxz"
    junk = " ".join(f"weights{letters[n // 19]}{letters[n % 19]}qq" for n in range(MAX_SPLIT_WORDS * 3))
    before = card.split_words_tried
    grade_compiled(junk + " then weightsfrom FP32 at the end", card)
    assert card.split_words_tried - before == MAX_SPLIT_WORDS
    # the words past the bound were not settled: a later answer with them looks at them
    late = grade_compiled("the weightsfrom FP32 are rounded", card)
    assert late.concepts[3].hit


def test_hostile_run_together_text_never_raises() -> None:
    for text in ("a" * 4000, "weights" * 570, "fromweights" * 360, "ß" * 4000):
        assert grade_answer(text, concepts()).total == 3


def test_a_two_letter_keyword_word_is_not_cut_out_of_a_longer_word() -> None:
    fp = [Concept(name="fp", keywords=["FP weights"]), Concept(name="other", keywords=["zebra"])]
    assert grade_answer("we keep the fp weights", fp, gaming_rule=False).concepts[0].hit
    assert not grade_answer("the fpmodels weights are kept", fp, gaming_rule=False).concepts[0].hit
    assert not grade_answer("the gasfp weights are kept", fp, gaming_rule=False).concepts[0].hit
