"""Shorthand of Japanese study notes, and everyday words for a few study terms, read as the terms.

A rewrite of an answer's (lowered, NFKC-folded) text before it is tokenised, with an offset map, so that
the member still sees what they wrote (bot/core/languages/japanese.tokenize_for_card):
- "E" right after a kanji is エネルギー ("運動E → 電気E", "位置E"), as notes and textbooks abbreviate it;
- "h" right after a number is 時間 (hours: "24h");
- an up arrow and a down arrow together ("↑↓", "↓↑", "⇅", "↕") say that something rises and falls: 変化
  (alone, ↑ and ↓ are 増 and 減: bot/core/languages/japanese.py);
- "A ＞ B" is "A は B より多い" (A is more than B), "A ＜ B" "A は B より少ない" (not in arrows: "->", "<=");
- everyday Japanese for a study term a native speaker takes as the same: "電気が流れる" (electricity flows)
  is a current flowing (電流が流れる); light one "浴びる" (is bathed in) is light one "受ける" (receives:
  "日光を浴びて"); the loanwords スピン (spin) and マグネット (magnet) are 回転 and 磁石; たくさん (a lot) is
  多く; 息をする (to breathe) is 呼吸する. A card that writes one of these words itself has it read as written.
Each replacement stands where its original stood, its characters spread over the original's (as
bot/core/languages/kana_readings.py maps romaji).
"""

from __future__ import annotations

import re
from functools import lru_cache

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005"
_REWRITES: tuple[tuple[str, str], ...] = (
    (rf"(?<=[{_HAN}])e(?![a-z])", "エネルギー"),
    (r"(?<=\d)h(?![a-z0-9])", "時間"),
    (r"↑\s*↓|↓\s*↑|[⇅⇵↕]", "変化"),
    (r"電気(?=[がはも]流れ|[がはも]なが)", "電流"),
    (r"(?:(?<=光を)|(?<=光))浴び", "受け"),
    (r"スピン", "回転"),
    (r"マグネット", "磁石"),
    (r"たくさん", "多く"),
    (r"息(?=をし|をす)", "呼吸"),
)
# The everyday words above (from 電気 on), left as written when the card writes them itself
_EVERYDAY = {"電流": "電気", "受け": "浴び", "回転": "スピン", "磁石": "マグネット", "多く": "たくさん", "呼吸": "息"}
_COMPARED = re.compile(rf"\s*([>＞<＜])\s*([{_HAN}\u30a1-\u30fa\u30fc]+)")
_COMPARISON = {">": "より多い", "＞": "より多い", "<": "より少ない", "＜": "より少ない"}
_PATTERNS = tuple((re.compile(pattern), replacement) for pattern, replacement in _REWRITES)  # (each a fast scan)
_QUICK = re.compile(rf"[{_HAN}]e|\dh|[↑↓⇅⇵↕]|電気|浴び|スピン|マグネット|たくさん|息を|[<>＜＞]")


def rewrite(text: str, card_words: tuple[str, ...] = ()) -> tuple[str, list[int]] | None:
    """`text` with the notations above read as words, and the offset map of each of its characters (and
    of its end) into `text`; None when there is none (the common case, found with one scan)."""
    if _QUICK.search(text) is None:
        return None
    found_all = [(found.span(), replacement) for pattern, replacement in _PATTERNS for found in pattern.finditer(text)]
    if found_all and card_words:
        written = _card_everyday(card_words)
        found_all = [found for found in found_all if found[1] not in written]
    for found in _COMPARED.finditer(text):
        if found.start() == 0 or text[found.start() - 1] not in "-=<":
            found_all += [((found.start(), found.start(2)), "は"), ((found.end(), found.end()), _COMPARISON[found.group(1)])]
    return _rewritten(text, sorted(found_all)) if found_all else None


@lru_cache(maxsize=64)
def _card_everyday(card_words: tuple[str, ...]) -> frozenset[str]:
    """The replacements of everyday words the card writes itself (those are read as written)."""
    text = " ".join(card_words)
    return frozenset(term for term, word in _EVERYDAY.items() if word in text)


def _rewritten(text: str, replacements: list[tuple[tuple[int, int], str]]) -> tuple[str, list[int]] | None:
    """`text` with these (span, replacement) made, left to right, overlapping ones skipped."""
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for (start, end), replacement in replacements:
        if start < done:
            continue
        out.append(text[done:start])
        origin.extend(range(done, start))
        out.append(replacement)
        origin.extend(start + (step * (end - start)) // len(replacement) for step in range(len(replacement)))
        done = end
    if not out:
        return None
    out.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(out), origin

