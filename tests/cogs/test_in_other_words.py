"""A credit from the semantic layer is shown with the member's own clause, marked as said in other words;
a keyword credit reads as before."""

from __future__ import annotations

from bot.cogs.explain.embeds import grade_lines
from bot.core.grading import ConceptVerdict, GradeResult
from bot.terminal.grade import Gradable, verdict_text


def _result() -> GradeResult:
    return GradeResult((
        ConceptVerdict("Light energy is captured", True, "the leaves soak up sunshine", 74, in_other_words=True),
        ConceptVerdict("Water is split", True, "photolysis", 100, keyword="photolysis"),
        ConceptVerdict("Sugar is made", False, None, 0),
    ))


def test_the_explain_reply_marks_the_clause_that_earned_the_tick() -> None:
    assert grade_lines(_result()) == [
        "✓ Light energy is captured — in other words: “the leaves soak up sunshine”",
        "✓ Water is split — “photolysis”",
        "✗ Sugar is made",
    ]


def test_the_terminal_verdict_says_which_layer_credited() -> None:
    text = verdict_text(Gradable("card", "q", "", (), (), False), _result())
    assert 'in other words: "the leaves soak up sunshine" (semantic layer, score 74)' in text
    assert '"photolysis" (keyword "photolysis", score 100)' in text
