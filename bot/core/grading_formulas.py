"""Chemical formulas and the electron sign read as the words they stand for: "H2O split" is "water
split", "CO₂" is "carbon dioxide", "4e⁻" is "4 electrons". A closed list of the formulas of everyday
substances (a formula is notation, the same in any subject), in any case ("co2"), so that a keyword
"o2" and an answer's "O₂" and "oxygen" are one word. Subscript digits are folded to digits before
this (bot/core/text_normalize.py)."""

from __future__ import annotations

import re

_ANY_CASE = {
    "h2o": "water", "co2": "carbon dioxide", "c6h12o6": "glucose", "nacl": "salt", "ch4": "methane",
    "nh3": "ammonia", "h2o2": "hydrogen peroxide", "o2": "oxygen", "h2": "hydrogen", "n2": "nitrogen",
    "o3": "ozone",
}
# a formula as a word of its own, a leading coefficient allowed ("2H2O"), not inside a longer word
_FORMULA = re.compile(
    r"(?<![A-Za-z0-9])(\d*)((?i:" + "|".join(sorted(_ANY_CASE, key=len, reverse=True)) + r"))(?![A-Za-z0-9])"
)
_ELECTRON = re.compile(r"(?<![A-Za-z])(\d*)e[-\u2212\u207b](?![A-Za-z0-9-])")


def read_formulas(text: str) -> str:
    """`text` with its formulas written as words (the same text when it has none)."""
    if "2" in text or "3" in text or "6" in text or "cl" in text or "Cl" in text or "CL" in text:
        text = _FORMULA.sub(_formula_words, text)
    if "e-" in text or "e\u2212" in text or "e\u207b" in text:
        text = _ELECTRON.sub(lambda match: f"{match.group(1)} electrons ", text)
    return text


def _formula_words(match: re.Match[str]) -> str:
    count, formula = match.group(1), match.group(2)
    name = _ANY_CASE[formula.lower()]
    return f"{count} {name}" if count else name
