"""English technical terms inside a Japanese answer ("magnetic fluxが変化する", "induced currentが流れる")
read as the card's Japanese words, through JMdict's English glosses of them (bot/core/data/ja_glossary.txt).

The glossary is never loaded: a card's words are looked up in the file by bisection on byte offsets
(about 23 reads each), once per card. English words are
compared in the grader's canonical form (bot/core/text_normalize.canonical_word) with a derivational
ending dropped ("rotation" = "rotate", "electrical" = "electric")."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from bot.core.text_normalize import canonical_word

MAX_TERM_WORDS = 3
_DATA = Path(__file__).resolve().parent.parent / "data" / "ja_glossary.txt"
_CARD_WORD = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa\u30fc]{2,8}|[\u4e00-\u9fff]")  # (one kanji: its first sense)
_ENGLISH_RUN = re.compile(r"[a-z]+(?:[ \-]+[a-z]+)*")
_ENGLISH_WORD = re.compile(r"[a-z]+")


def _first_at_or_after(handle: BinaryIO, size: int, target: bytes) -> bytes:
    """The first line whose word is not below `target` (b"" at the end): a bisection on byte offsets,
    each step reading the first whole line after the offset (the file is sorted by UTF-8 bytes; its
    "#" header sorts first)."""
    low, high = 0, size
    while low < high:
        middle = (low + high) // 2
        handle.seek(middle)
        if middle:
            handle.readline()  # (the rest of the line the offset falls in)
        line = handle.readline()
        if line and line.split(b"\t", 1)[0] < target:
            low = middle + 1
        else:
            high = middle
    handle.seek(low)
    if low:
        handle.readline()
    return handle.readline()


def glosses(words: list[str]) -> dict[str, tuple[str, ...]]:
    """The English glosses of these Japanese words (those the glossary has)."""
    found: dict[str, tuple[str, ...]] = {}
    with _DATA.open("rb") as handle:
        size = handle.seek(0, 2)
        for word in dict.fromkeys(words):
            target = word.encode()
            key, _, rest = _first_at_or_after(handle, size, target).rstrip(b"\n").partition(b"\t")
            if key == target:
                found[word] = tuple(rest.decode().split("|"))
    return found


def english_form(phrase: str) -> tuple[str, ...]:
    """An English phrase as compared: canonical words, a derivational ending dropped."""
    out = []
    for word in _ENGLISH_WORD.findall(phrase.lower()):
        canonical = canonical_word(word)
        for ending in ("ion", "al"):
            if len(canonical) > len(ending) + 3 and canonical.endswith(ending):
                canonical = canonical[: -len(ending)]
                break
        out.append(canonical)
    return tuple(out)


@lru_cache(maxsize=16)
def card_terms(card_words: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    """English phrase (as compared) -> the card's Japanese word it glosses."""
    runs = list(dict.fromkeys(run for word in card_words for run in _CARD_WORD.findall(word)))
    terms: dict[tuple[str, ...], str] = {}
    for run, found in glosses(runs).items():
        for gloss in found:
            form = english_form(gloss)
            if form and len(form) <= MAX_TERM_WORDS:
                terms.setdefault(form, run)
    return terms


def translate(text: str, card_words: tuple[str, ...]) -> tuple[str, list[int]] | None:
    """`text` (lower case, with Japanese in it) with its English terms that gloss a card word written as
    that word, and the offset map (as kana_readings.respell's); None when nothing was replaced."""
    terms = card_terms(card_words)
    if not terms:
        return None
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for run in _ENGLISH_RUN.finditer(text):
        words = list(_ENGLISH_WORD.finditer(run.group()))
        forms = [english_form(word.group()) for word in words]
        index = 0
        while index < len(words):
            for size in range(min(MAX_TERM_WORDS, len(words) - index), 0, -1):
                form = tuple(part for piece in forms[index : index + size] for part in piece)
                japanese = terms.get(form)
                if japanese is not None:
                    start = run.start() + words[index].start()
                    end = run.start() + words[index + size - 1].end()
                    out.append(text[done:start])
                    origin.extend(range(done, start))
                    out.append(japanese)
                    origin.extend(start + (step * (end - start)) // len(japanese) for step in range(len(japanese)))
                    done = end
                    index += size
                    break
            else:
                index += 1
    if not out:
        return None
    out.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(out), origin
