"""Allowances written as deck comments (bot/content/lint_allow.py): what they silence, and what they refuse."""

from __future__ import annotations

from bot.content.lint_allow import read_allowances, unused
from bot.content.lint_rules import RULES

DECK = """\
cards:
  - concepts:
      - name: A
        keywords: [student, small model]  # lint-allow common-word(student, Learn From): the term of art here
      - name: B
        # lint-allow few-keywords: this idea has only two names in the field

        keywords: [AVL, red-black]
      - name: C
        keywords: [x]  # lint-allow common-word
      - name: D
        keywords: [y]  # lint-allow no-such-rule: a reason long enough
      - name: E
        keywords: [z]  # lint-allow shared-keyword: written for a keyword that is gone
"""


def test_allowances_name_their_line_rule_and_keywords() -> None:
    allowances, problems = read_allowances(DECK, RULES)
    first, second, stale = allowances
    assert (first.target, first.rule, first.subjects) == (4, "common-word", frozenset({"student", "learn from"}))
    assert first.covers("common-word", 4, "Student") and not first.covers("common-word", 4, "small model")
    assert not first.covers("few-keywords", 4, "A") and not first.covers("common-word", 5, "student")
    assert (second.line, second.target, second.subjects) == (6, 8, frozenset())  # the next line that holds something
    assert second.covers("few-keywords", 8, "B")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (10, "an allowance needs a reason after a colon"),
        (12, "no lint rule 'no-such-rule' (rules"),
    ]
    first.used = second.used = True
    assert [(p.line, "silences no warning" in p.message) for p in unused(allowances)] == [(stale.line, True)]
