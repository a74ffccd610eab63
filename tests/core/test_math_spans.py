"""Finding formulas in card text: pandoc's dollar rule, escapes, the other delimiters, hostile text."""

from __future__ import annotations

import random

from bot.core.math_spans import MAX_SPANS, Segment, has_math, split_math


def formulas(text: str) -> list[str]:
    return [segment.text for segment in split_math(text) if segment.math]


def test_inline_dollars_and_the_text_around_them() -> None:
    assert split_math("Then $\\frac{a}{b}$ halves.") == [
        Segment("Then "), Segment("\\frac{a}{b}", math=True), Segment(" halves.")
    ]


def test_prices_are_not_math() -> None:
    for text in ("It costs $5 and $10.", "$20,000 and $30,000", "pay $ 5$ now", "from $3 to $4 each"):
        assert formulas(text) == [], text
    assert formulas("between $5 and 10$") == ["5 and 10"]  # pandoc reads this one as math too
    assert not has_math("It costs $5 and $10.")


def test_closing_dollar_needs_text_before_it_and_no_digit_after() -> None:
    assert formulas("$x $ and $y$") == ["x $ and $y"]  # the first closer candidate has a space before it
    assert formulas("$a$5") == []
    assert formulas("$a$ 5") == ["a"]


def test_escaped_dollars_are_literal() -> None:
    assert split_math("costs \\$5, not \\$6") == [Segment("costs $5, not $6")]
    assert formulas("\\$x$ and $y$") == ["y"]
    assert formulas("$a\\$b$") == ["a\\$b"]  # an escaped dollar inside a formula belongs to it


def test_paren_and_bracket_delimiters() -> None:
    segments = split_math("Energy \\(E=mc^2\\) and \\[\\int_0^1 x\\,dx\\]")
    assert [(s.text, s.math, s.display) for s in segments] == [
        ("Energy ", False, False), ("E=mc^2", True, False), (" and ", False, False), ("\\int_0^1 x\\,dx", True, True)
    ]
    assert formulas("$$\\sum_i x_i$$") == ["\\sum_i x_i"]
    assert split_math("$$\\sum$$")[0].display


def test_unbalanced_delimiters_stay_text() -> None:
    for text in ("\\( never closed", "\\[ x", "$$ x", "$x", "a $ b", "\\)", "$$$$", "\\(\\)"):
        assert formulas(text) == [], text
        assert "".join(s.text for s in split_math(text)) == text, text


def test_inline_math_ends_at_a_blank_line() -> None:
    assert formulas("$a\n\nb$") == []
    assert formulas("$a\nb$") == ["a\nb"]


def test_plain_text_round_trips() -> None:
    text = "No math here: 50% of {x}, a\\b, C:\\dir"
    assert split_math(text) == [Segment(text)]
    assert not has_math(text)


def test_hostile_text_is_bounded() -> None:
    rng = random.Random(7)
    alphabet = ["$", "$$", "\\", "\\(", "\\)", "\\[", "\\]", "a", " ", "1", "\n"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(4000))
        segments = split_math(text)
        assert sum(s.math for s in segments) <= MAX_SPANS
    many = "$a$ " * 2000
    assert len(formulas(many)) == MAX_SPANS
    # The spans past the limit are kept as text, so nothing is lost.
    assert "".join(f"${s.text}$" if s.math else s.text for s in split_math(many)) == many
    unclosed = "\\( $x " * 700 + "\\[" * 500
    assert formulas(unclosed) == []
    openers = "$a " * 1500  # every dollar an opener with no closer in reach
    assert formulas(openers) == []
    assert formulas("\\(x" * 1000 + "\\)") == ["x" + "\\(x" * 999]
