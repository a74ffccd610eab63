"""Formulas of products and quotients written inside German answers ("U = R · I", "R=U/I"): one token each, in a form where the
order of what is multiplied and of the two sides does not matter but the order of a division does, so
"U = I · R" is "U = R · I" and "U = I / R" (a wrong formula) is not "I = U / R". Read letter by letter,
a formula's letters match any formula made of the same letters.

An "=" between two words ("mehr Widerstand = weniger Strom") is read as a colon: it cuts the clause,
as the note-taking shorthand for "means" or "gives" does.

The formulas of everyday substances are read as their German names ("CO₂" is "Kohlenstoffdioxid", "H2O"
"Wasser"), on the card as in the answer, as the English rules read them as English names
(bot/core/grading_formulas.py): a formula is notation, and in pieces ("h", "2", "o") a reaction equation's
"6 H2O" read as a number and a unit.
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


_SUBSTANCES = {
    "h2o": "Wasser", "co2": "Kohlenstoffdioxid", "c6h12o6": "Glucose", "nacl": "Natriumchlorid",
    "ch4": "Methan", "nh3": "Ammoniak", "h2o2": "Wasserstoffperoxid", "o2": "Sauerstoff", "h2": "Wasserstoff",
    "n2": "Stickstoff", "o3": "Ozon",
}
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
# a formula as a word of its own or a compound's first part ("CO2-Gehalt"), with its coefficient, apart
# ("6 H2O") or joined ("2H2O"): a count of molecules that names the same substance, so it goes (a card's
# "6 CO2" is its "CO2")
_SUBSTANCE = re.compile(
    r"(?<![^\W_])(?:\d+ ?)?((?i:" + "|".join(sorted(_SUBSTANCES, key=len, reverse=True)) + r"))(?![^\W_])"
)


def read_substances(text: str) -> str:
    """`text` with the formulas of everyday substances written as their names (the same text without)."""
    if not any(digit in text for digit in "2346₂₃₄₆") and "cl" not in text and "CL" not in text:
        return text
    if not text.isascii():
        text = text.translate(_SUBSCRIPTS)
    lowered = text.lower()
    if not any(formula in lowered for formula in _SUBSTANCES):  # (a look for each, before the slower pattern)
        return text
    return _SUBSTANCE.sub(_substance_name, text)


def _substance_name(match: re.Match[str]) -> str:
    return _SUBSTANCES[match.group(1).lower()]


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
