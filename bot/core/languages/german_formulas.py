"""Formulas of products and quotients written inside German answers ("U = R · I", "R=U/I"): one token each, in a form where the
order of what is multiplied and of the two sides does not matter but the order of a division does, so
"U = I · R" is "U = R · I" and "U = I / R" (a wrong formula) is not "I = U / R". Read letter by letter,
a formula's letters match any formula made of the same letters.

An "=" between two words ("mehr Widerstand = weniger Strom") is read as a colon: it cuts the clause,
as the note-taking shorthand for "means" or "gives" does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.languages.alphabetic import _TOKEN, AlphabeticLanguage
from bot.core.text_normalize import MAX_TEXT_CHARS, Tokens, casefold_ascii

# a quantity: a letter, perhaps with an index ("R1", "Rges"); numbers stay words ("U = 10 V")
_TERM = r"[a-z](?:\d{1,2}|ges)?(?!\w)"
_OPERATOR = r"\s*[=*·×/÷+-]\s*"
_FORMULA = re.compile(rf"(?<![\w.,])(?:{_TERM}(?:{_OPERATOR}{_TERM})+)")
_SHORTHAND = re.compile(r"(?:(?<=[^\W\d_]{2} )|(?<=[^\W\d_]{2}))=(?= ?[^\W\d_]{2})")  # "=" between words
_PRODUCT = re.compile(r"[*·×]")
_PRODUCT_OR_QUOTIENT = re.compile(r"[*·×/÷]")
_SUM = re.compile(r"[+-]")


def canonical_formula(written: str) -> str:
    """"U = R · I" -> "i*r=u": spaces away, products and the sides of "=" in sorted order."""
    compact = re.sub(r"\s+", "", written).replace("÷", "/")
    sides = []
    for side in compact.split("="):
        factors = _PRODUCT.split(side)
        if len(factors) > 1 and not any(sign in side for sign in "/+-"):
            side = "*".join(sorted(factors))
        else:
            side = _PRODUCT.sub("*", side)
        sides.append(side)
    return "=".join(sorted(sides))


def formula_tokenizer(
    language: AlphabeticLanguage, after_tokens: Callable[[list[str], list[str]], None]
) -> Callable[[str], Tokens]:
    """The language's tokenizer (`after_tokens`: its hook on the canonical words), with each formula
    that has an "=" as one token."""

    def tokenize(text: str) -> Tokens:
        if not isinstance(text, str) or "=" not in text:
            return language.tokenize(text)
        text = casefold_ascii(text[:MAX_TEXT_CHARS])
        lowered = text.lower()
        parts = [""]  # [gap, piece, gap, ..., piece, gap]: always ends with a gap
        formulas: dict[int, str] = {}  # piece index -> canonical formula
        start = 0
        for found in _FORMULA.finditer(lowered):
            if "=" not in found.group() or not _PRODUCT_OR_QUOTIENT.search(found.group()) or _SUM.search(found.group()):
                continue  # a sum ("Rges = R1 + R2") or a chain of equals reads as it did, letter by letter
            _add_text(parts, lowered[start : found.start()])
            formulas[len(parts) // 2] = canonical_formula(found.group())
            parts.extend((found.group(), ""))
            start = found.end()
        _add_text(parts, lowered[start:])
        pieces = parts[1::2]
        words = [formulas.get(index) or language.canonical(":" if piece == "=" else piece)
                 for index, piece in enumerate(pieces)]
        after_tokens(words, pieces)
        return Tokens(text, lowered, tuple(words), tuple(parts), False)

    return tokenize


def _add_text(parts: list[str], segment: str) -> None:
    """Append a stretch of text without formulas, cut as the language cuts it, and each "=" between
    two words in it as a piece of its own."""
    start = 0
    for equals in _SHORTHAND.finditer(segment) if "=" in segment else ():
        _add_split(parts, _TOKEN.split(segment[start : equals.start()]))
        parts.extend(("=", ""))
        start = equals.end()
    _add_split(parts, _TOKEN.split(segment[start:]))


def _add_split(parts: list[str], split: list[str]) -> None:
    parts[-1] += split[0]
    parts.extend(split[1:])
