"""`python -m bot practice` shows a card's math in its text form (no picture in a terminal)."""

from __future__ import annotations

from pathlib import Path

from tests.terminal.test_practice import practice

DECK = r"""id: algebra
title: Algebra
cards:
  - id: halves
    kind: flashcard
    level: beginner
    front: 'What is $\frac{a}{b}$ when $b = 2$?'
    back: 'Half of \(a\)'
"""


def test_practice_shows_math_as_its_text(tmp_path: Path) -> None:
    content = tmp_path / "decks"
    content.mkdir()
    (content / "algebra.yaml").write_text(DECK, encoding="utf-8")
    result = practice(tmp_path, "\n3\n", "--content", str(content), "--kind", "flashcard", "--count", "1")
    assert result.returncode == 0, result.stderr
    assert "What is $\\frac{a}{b}$ when $b = 2$?" in result.stdout
    assert "→ Half of \\(a\\)" in result.stdout
