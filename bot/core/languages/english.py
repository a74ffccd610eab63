"""English: the rules the grader has always had (bot/core/text_normalize.py, bot/core/grading_negation.py),
named here so that every language is found the same way. Nothing is changed for English decks."""

from __future__ import annotations

from bot.core.grading_negation import negated_positions
from bot.core.languages import LanguageRules
from bot.core.text_normalize import tokenize

RULES = LanguageRules(
    code="en", tokenize=tokenize, negated_positions=negated_positions, english_lexicon=True,
    negated_keywords_as_written=False,
)
