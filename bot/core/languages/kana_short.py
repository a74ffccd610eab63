"""A card's one-kanji words typed in kana ("みず" for 水, "ひかり" for 光, "でる" for 出る).

bot/core/languages/kana_readings.py reads words of two characters or more, in readings of at least
MIN_READING kana: shorter ones occur by chance inside any kana text. A card word of one kanji is read here
in a whole kun reading of it (of two kana or more), and one with its okurigana in a kun reading shorter
than MIN_READING, under three bounds that make it a word of its own:
the card has that word; the reading stands in hiragana (katakana "モデル" holds no でる); and it stands
between word edges, each a text edge, a character other than hiragana or a particle ("みずが",
"さんそが でる", not "みずから", "はなみず" or "ゆでる")."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.languages.kana_readings import MIN_READING, _kanji

_PARTICLES = "のがをにでともはへや"
_HIRAGANA = "\u3041-\u3096"
_BEFORE = rf"(?:(?<=[{_PARTICLES}])|(?<![{_HIRAGANA}]))"
_AFTER = rf"(?=[{_PARTICLES}]|[^{_HIRAGANA}]|$)"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_OKURIGANA = re.compile(rf"[{_HIRAGANA}]+")


def short_readings(word: str) -> dict[str, tuple[str, ...]]:
    """A one-kanji word's kun readings ("水": みず; with okurigana, those shorter than MIN_READING kana:
    "出る": でる), each with the kana of each of its characters; none for another word."""
    if not word or not _HAN.fullmatch(word[0]) or (len(word) > 1 and not _OKURIGANA.fullmatch(word[1:])):
        return {}
    okurigana = word[1:]
    found: dict[str, tuple[str, ...]] = {}
    for reading in _kanji().get(word[0], ((), ()))[1]:
        stem = reading[: len(reading) - len(okurigana)]
        if len(reading) > 1 and (not okurigana or len(reading) < MIN_READING) and stem and reading.endswith(okurigana):
            found[reading] = (stem, *okurigana)
    return found


@lru_cache(maxsize=64)
def _card_pattern(words: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, tuple[str, ...]]]]:
    """The card's short readings: a pattern finding them between word edges, and each one's word."""
    by_reading: dict[str, tuple[str, tuple[str, ...]]] = {}
    for word in dict.fromkeys(words):
        for reading, segments in short_readings(word).items():
            by_reading.setdefault(reading, (word, segments))
    if not by_reading:
        return None, by_reading
    alternatives = "|".join(map(re.escape, sorted(by_reading, key=lambda reading: (-len(reading), reading))))
    return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}"), by_reading


def respell_short(text: str, words: tuple[str, ...]) -> tuple[str, list[int]] | None:
    """`text` with the card's short readings respelt as the card writes them, and for each character of
    the result (and its end) the offset in `text` it comes from; None when nothing was respelt."""
    pattern, by_reading = _card_pattern(words)
    if pattern is None:
        return None
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for found in pattern.finditer(text):
        word, segments = by_reading[found.group()]
        out.append(text[done : found.start()])
        origin.extend(range(done, found.start()))
        offset = found.start()
        for char, segment in zip(word, segments, strict=True):
            out.append(char)
            origin.append(offset)
            offset += len(segment)
        done = found.end()
    if not out:
        return None
    out.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(out), origin
