"""English: the rules the grader has always had (bot/core/text_normalize.py, bot/core/grading_negation.py),
named here so that every language is found the same way; the idiom that cancels two negations ("can't X
without Y", bot/core/grading_idioms.py); and, as in the other languages, a keyword that says "not" itself
("isn't used up") holds as written (the negation in it no longer denies its own next word)."""

from __future__ import annotations

from bot.core.grading_idioms import read_idioms
from bot.core.grading_negation import negated_positions
from bot.core.languages import LanguageRules
from bot.core.text_normalize import Tokens, tokenize


def tokenize_english(text: str) -> Tokens:
    """`tokenize`, then the idiom read (its tokens rewritten in place)."""
    return read_idioms(tokenize(text))


RULES = LanguageRules(
    code="en", tokenize=tokenize_english, negated_positions=negated_positions, english_lexicon=True,
    negated_keywords_as_written=True,
)
