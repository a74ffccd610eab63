"""A Japanese answer rewritten in its card's spelling before it is tokenised (japanese.tokenize_for_card):
a kanji word that sounds like one of the card's (homophones.py: "次回" typed for "磁界"), study-note
shorthand (japanese_notation.py), romaji as kana (romaji.py), English terms that gloss the card's words
(glossary.py: "magnetic flux" for "磁束"), and kana as the card's words (kana_readings.py: "じかいがへんか"
for "磁界が変化"; kana_short.py: "みず" for 水). Each step keeps an offset map, so the member's own words
are what a credit shows."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.core.languages import glossary, homophones
from bot.core.languages import japanese_notation as notation
from bot.core.languages.kana_readings import card_readings, from_romaji, join_spaced, respell
from bot.core.languages.kana_short import respell_short

_LATIN = re.compile(r"[a-z]")


class Spelling(NamedTuple):
    """The rewritten text, the offset in the answer of each of its characters (None when only kanji were
    corrected, or nothing), and the homophone spans corrected (kanji for kanji: the offsets do not move)."""

    text: str
    origin: list[int] | None
    corrected: list[tuple[int, int]] | None


def card_spelling(lowered: str, card_words: tuple[str, ...]) -> Spelling:
    """The answer (folded, lower case) in the card's spelling (see the module docstring)."""
    corrected = homophones.correct(lowered, card_words)
    current = corrected[0] if corrected is not None else lowered
    origin: list[int] | None = None
    noted = notation.rewrite(current, card_words)
    if noted is not None:
        current, origin = noted
    rewritten = from_romaji(current)
    if rewritten is None and not current.isascii() and _LATIN.search(current):
        rewritten = glossary.translate(current, card_words)
    base = rewritten[0] if rewritten else current
    readings = card_readings(card_words)
    respelt = respell(base, readings)
    joined = join_spaced(base) if " " in base else None  # (kana typed in phrases: "ひかりが あたった")
    if joined is not None:
        respelt_joined = respell(joined[0], readings)
        if respelt_joined is not None:
            rewritten = joined if rewritten is None else (joined[0], [rewritten[1][offset] for offset in joined[1]])
            respelt = respelt_joined
    short = respell_short(respelt[0] if respelt else base, card_words)
    for step in (rewritten, respelt, short):
        if step is not None:
            current, mapped = step
            origin = mapped if origin is None else [origin[offset] for offset in mapped]
    return Spelling(current, origin, corrected[1] if corrected is not None else None)
