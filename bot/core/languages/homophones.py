"""Japanese typos are wrong conversions: the member typed the right reading and the input method picked
another word that sounds the same ("次回" for 磁界, "有働" for 誘導, "会転" for 回転). A run of kanji in
the answer that is not a word of the card, but reads like one (the on readings of its characters,
bot/core/data/ja_kanji_readings.txt), is read as that word. Bounded: only words of the lengths the
card's kanji words have (2 to MAX_RUN), at most MAX_CHECKS runs looked at per answer and MAX_COMBOS
readings per run; a reading of fewer than MIN_READING kana is never compared (too many words share it)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, product

from bot.core.languages.kana_readings import MIN_READING, _kanji

MAX_RUN = 4  # kanji in a word compared
MAX_CHECKS = 32  # answer stretches compared per answer
MAX_COMBOS = 16  # readings per stretch
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_GEMINATING = "つくちき"


def _on_readings(chars: str) -> list[str]:
    """The on readings of a run of kanji (cut short before another kanji: "はつ", "はっ"), at most MAX_COMBOS."""
    table = _kanji()
    per_char = []
    for index, char in enumerate(chars):
        found = table.get(char)
        if found is None or not found[0]:
            return []
        on = found[0]
        if index + 1 < len(chars):
            on = on + tuple(reading[:-1] + "っ" for reading in on if len(reading) > 1 and reading[-1] in _GEMINATING)
        per_char.append(on)
    readings = []
    for combo in product(*per_char):
        readings.append("".join(combo))
        if len(readings) >= MAX_COMBOS:
            break
    return readings


@lru_cache(maxsize=16)
def card_homophones(words: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], frozenset[str], tuple[int, ...]]:
    """The card's kanji words (runs of 2 to MAX_RUN kanji in its words) by reading; the words; their lengths,
    longest first."""
    runs = frozenset(run for word in words for run in _HAN_RUN.findall(word) if len(run) <= MAX_RUN)
    by_reading: dict[str, list[str]] = {}
    for run in sorted(runs):
        for reading in _on_readings(run):
            if len(reading) >= MIN_READING:
                by_reading.setdefault(reading, []).append(run)
    lengths = tuple(sorted({len(run) for run in runs}, reverse=True))
    return {reading: tuple(found) for reading, found in by_reading.items()}, runs, lengths


def correct(text: str, words: tuple[str, ...]) -> tuple[str, list[tuple[int, int]]] | None:
    """`text` with its kanji runs that sound like a word of the card written as the card writes it (the same
    length: offsets do not move), and the (start, end) of each; None when nothing was changed."""
    homophones, runs, lengths = card_homophones(words)
    if not homophones:
        return None
    chars: list[str] | None = None
    spans: list[tuple[int, int]] = []
    checks = MAX_CHECKS
    for match in _HAN_RUN.finditer(text):
        start, run = match.start(), match.group()
        position = 0
        while position < len(run) - 1:
            step = 1
            for size in lengths:
                window = run[position : position + size]
                if len(window) < size:
                    continue
                if window in runs:
                    step = size  # the card's own word
                    break
                checks -= 1
                if checks < 0:
                    return ("".join(chars), spans) if chars is not None else None
                target = next((found for reading in _on_readings(window) for found in homophones.get(reading, ())
                               if len(found) == size), None)
                if target is not None:
                    if chars is None:
                        chars = list(text)
                    chars[start + position : start + position + size] = target
                    spans.append((start + position, start + position + size))
                    step = size
                    break
            position += step
    return ("".join(chars), spans) if chars is not None else None


def restore(parts: tuple[str, ...], source: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """Parts of a text corrected at these spans (same length as `source`), with the spans' characters as
    `source` has them (only the parts that hold a corrected character are cut again)."""
    ends = list(accumulate(map(len, parts)))
    fixed = list(parts)
    for start, end in spans:
        first, last = bisect_right(ends, start), bisect_right(ends, end - 1)
        offset = ends[first - 1] if first else 0
        for index in range(first, min(last, len(ends) - 1) + 1):
            fixed[index] = source[offset : ends[index]]
            offset = ends[index]
    return tuple(fixed)
