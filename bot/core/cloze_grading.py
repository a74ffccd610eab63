"""Grading a typed cloze answer: is each hidden word in what the member typed?

The words are compared as the open-answer grader compares keywords (bot/core/grading_words.py): both
sides turned into canonical words by the card's language's rules (for English
`bot.core.text_normalize.tokenize`: case, accents, British spelling, plurals and verb endings, number words), and a word not spelt the same may still count as a typo of an
expected word by the grader's own rule: same first letter, an OSA distance within `allowed_edits` of the
longer word (none below 6 letters, one up to 8, two from 9), lengths as `typo_lengths` allows.

Order doesn't matter and little words ("the", "of") are not required unless a gap holds nothing else.
The work is bounded whatever is typed: the answer is cut to 4,000 characters and at most
MAX_TYPO_COMPARISONS distance computations are made. An answer with many more words than the gap
(a pasted dictionary) is not credited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.core.grading_compile import typo_lengths
from bot.core.languages import ENGLISH, rules_for
from bot.core.limits import MAX_TYPO_COMPARISONS
from bot.core.text_normalize import MARKS, STOPWORDS, Tokens

MAX_ANSWER_CHARS = 4000
# Words typed beyond the expected ones: up to this many, or up to this factor of them.
EXTRA_WORDS = 8
EXTRA_FACTOR = 3


@dataclass(frozen=True, slots=True)
class WordCheck:
    word: str  # an expected word, as the deck writes it
    matched: bool
    typed: str | None = None  # the member's word that matched it, when spelt differently


@dataclass(frozen=True, slots=True)
class ClozeGrade:
    correct: bool
    expected: tuple[str, ...]  # each occurrence's words, as the deck writes them
    words: tuple[WordCheck, ...]
    too_long: bool = False  # more words than a gap answer needs: not credited


def _content_words(text: str, tokenize: Callable[[str], Tokens]) -> list[tuple[str, str]]:
    """(as tokenized, canonical) of the words of `text` that must be typed: little words only if nothing else."""
    tokens = tokenize(text)
    pairs = [(shown, word) for shown, word in zip(tokens.parts[1::2], tokens.words, strict=True) if word not in MARKS]
    return [pair for pair in pairs if pair[1] not in STOPWORDS] or pairs


def _expected_words(expected: Sequence[str], tokenize: Callable[[str], Tokens]) -> list[tuple[str, str]]:
    """(as written, canonical) of the words that must be typed, each once."""
    wanted: dict[str, str] = {}
    for text in expected:
        for shown, word in _content_words(text, tokenize):
            wanted.setdefault(word, shown)
    return [(shown, word) for word, shown in wanted.items()]


def _as_written(expected: Sequence[str], checks: Sequence[WordCheck], wanted: Sequence[tuple[str, str]],
                tokenize: Callable[[str], Tokens]) -> tuple[WordCheck, ...]:
    """One check per occurrence, shown as the deck writes it: another language's tokens are folded (no
    accents, lower case) or single characters (Japanese, Chinese), which a member should not be shown."""
    matched = {word for (_, word), check in zip(wanted, checks, strict=True) if check.matched}
    shown: dict[str, WordCheck] = {}
    for text in expected:
        words = [word for _, word in _content_words(text, tokenize)]
        shown.setdefault(text, WordCheck(text.strip(), all(word in matched for word in words)))
    return tuple(shown.values())


def grade_gap(answer: str, expected: Sequence[str], language: str | None = None) -> ClozeGrade:
    """Whether `answer` holds every word of the gap's occurrences (`expected`), typos allowed; the words
    are read by the rules of the card's language (bot/core/languages: stems, accents, little words)."""
    answer = str(answer)[:MAX_ANSWER_CHARS]
    rules = rules_for(language)
    code, tokenize = rules.code, rules.tokenize
    wanted = _expected_words(expected, tokenize)
    tokens = tokenize(answer)
    typed_words = [word for word in tokens.words if word not in MARKS]
    typed = set(typed_words)
    surface = dict(zip(tokens.words, tokens.parts[1::2], strict=True))
    if not wanted:  # a gap of symbols only ("+"): the text itself must be there
        found = all(text.strip().casefold() in answer.casefold() for text in expected)
        checks = tuple(WordCheck(text, found) for text in expected)
        return ClozeGrade(found, tuple(expected), checks)
    buckets: dict[tuple[str, int], list[str]] = {}
    for word in typed:
        if word.isascii() and word.isalpha():
            buckets.setdefault((word[0], len(word)), []).append(word)
    for bucket in buckets.values():
        bucket.sort()  # the same answer meets the bound at the same place every time
    budget = MAX_TYPO_COMPARISONS
    checks_list: list[WordCheck] = []
    for shown, word in wanted:
        if word in typed:
            checks_list.append(WordCheck(shown, True))
            continue
        match: str | None = None
        if word.isascii() and word.isalpha():
            for length in range(max(1, len(word) - 2), len(word) + 3):
                edits = dict(typo_lengths(length)).get(len(word), 0)
                if not edits:
                    continue
                for candidate in buckets.get((word[0], length), ()):
                    if budget <= 0:
                        break
                    budget -= 1
                    if OSA.distance(word, candidate, score_cutoff=edits) <= edits:
                        match = candidate
                        break
                if match is not None or budget <= 0:
                    break
        checks_list.append(WordCheck(shown, match is not None, surface.get(match) if match else None))
    checks = tuple(checks_list) if code == ENGLISH else _as_written(expected, checks_list, wanted, tokenize)
    too_long = len(typed_words) > max(EXTRA_WORDS + len(wanted), EXTRA_FACTOR * len(wanted))
    correct = all(check.matched for check in checks) and not too_long
    return ClozeGrade(correct, tuple(expected), checks, too_long)
