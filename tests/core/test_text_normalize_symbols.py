"""Symbols and number forms read as the words keywords use: arrows, percentages, fractions, factors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from bot.core.text_normalize import canonical_phrase, tokenize


def words(text: str) -> tuple[str, ...]:
    return tokenize(text).words


@pytest.mark.parametrize("arrow", ["→", "->", "=>", "-->", "⇒", "➡️", "⟶"])
def test_an_arrow_between_things_is_to(arrow: str) -> None:
    assert words(f"32 {arrow} 8 bits") == ("32", "to", "8", "bit")
    assert words(f"FP32{arrow}INT8") == ("fp", "32", "to", "int", "8")


@pytest.mark.parametrize(("arrow", "word"), [("↓", "lower"), ("⬇️", "lower"), ("↘", "lower"),
                                             ("↑", "higher"), ("⬆️", "higher"), ("↗", "higher")])
def test_an_up_or_down_arrow_states_a_direction(arrow: str, word: str) -> None:
    assert words(f"memory {arrow}") == ("memory", word)
    assert words(f"memory{arrow}latency") == ("memory", word, "latency")


def test_percent_sign_and_words_are_one_form() -> None:
    assert words("75% less") == words("75 percent less") == words("75 pct less") == ("75", "percent", "less")


@pytest.mark.parametrize("text", ["a quarter of the size", "one fourth of the size", "1/4 of the size",
                                  "a fourth of the size"])
def test_quarter_fourth_and_one_slash_four_are_one_form(text: str) -> None:
    assert "quarter" in words(text)


def test_half_and_halving_and_one_slash_two() -> None:
    assert words("1/2") == words("half") == words("halves") == words("halved") == ("half",)
    assert words("2/3") == ("2/3",)  # other fractions stay as written (compared as they are)


@pytest.mark.parametrize("text", ["4x smaller", "4 times smaller", "four times smaller", "4-fold smaller", "4 x smaller"])
def test_a_factor_reads_the_same_however_written(text: str) -> None:
    assert words(text) == ("4", "x", "smaller")


def test_times_and_x_without_a_number_stay_words() -> None:
    assert words("at times it fails") == ("at", "time", "it", "fail")
    assert words("the x axis") == ("the", "x", "axis")


def test_keywords_and_answers_go_through_the_same_rules() -> None:
    assert canonical_phrase("4x smaller") == canonical_phrase("four times smaller")
    assert canonical_phrase("32 -> 8 bits") == canonical_phrase("32 to 8 bits")


@pytest.mark.parametrize("text", ["→" * 4000, "->" * 2000, "%/%" * 1000, "1/2/3/4" * 500, "⬇️" * 2000 + "x" * 10])
def test_symbol_heavy_text_never_raises(text: str) -> None:
    assert isinstance(tokenize(text).words, tuple)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["4", "x", "times", "fold", "1/4", "%", "→", "->", "=>", "↓", "⬇️", "↑", "memory",
                                 "less", "-", ">", "=", "/", " ", "\n", "half", "quarter", "weightsfrom"]),
                max_size=60).map("".join))
def test_symbol_mixes_keep_tokens_and_text_in_step(text: str) -> None:
    tokens = tokenize(text)
    assert len(tokens.words) == len(tokens.parts) // 2  # one canonical word per token cut from the text
    result = grade_answer(text, [Concept(name="m", keywords=["less memory"]), Concept(name="f", keywords=["4x smaller"])])
    for verdict in result.concepts:
        assert verdict.matched is None or verdict.matched in tokens.text  # shown as written
