"""Japanese answers typed in kana or romaji, read in the card's own spelling.

Japanese is graded a character at a time (bot/core/languages/cjk.py), so "じかいがへんかする" or "jikai ga
henka suru" shares no character with the keyword "磁界が変化". Before tokenising, the answer's kana
(romaji first turned into kana, bot/core/languages/romaji.py) is searched for the readings of the card's
words, and a reading found is respelt as the card writes it: the negation, role and misconception rules
then read the answer as usual.

A word's readings come from its characters: a kana is itself (katakana as hiragana); a kanji is one of
its on readings, or, before okurigana ("流れ"), a stem of one of its kun readings ("ながれる" -> "なが");
an on reading ending in つ, く, ち or き may also be cut short before another kanji ("発電": "はつ", "はっ").
The readings per kanji are Unihan's (bot/core/data/ja_kanji_readings.txt, loaded on first use). Only
readings of at least MIN_READING kana are looked for, and a word has at most MAX_READINGS of them. Before a
particle a kanji may also be its whole kun reading ("光の": ひかりの); the last kanji of a compound
before a particle ("酸素を") is read on first, as compounds are. A kanji after another may start
voiced (rendaku: "一日中" いちにちじゅう, "本棚" ほんだな) and an h-row kanji after ん or っ with p
("発表" はっぴょう, "電波" でんぱ), ranked after the plain readings. An answer typed in kana phrases with
spaces between them is read without the spaces where that finds a reading (join_spaced).

The member still sees their own words: the respelt text's token pieces are mapped back to the
characters of the answer they came from (an offset map), so a credit shows "じかいがへんか"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import accumulate, islice, product
from pathlib import Path
from typing import Any, NamedTuple

from bot.core.languages.romaji import to_hiragana

MIN_READING = 3  # kana: shorter readings ("かい", "じ") occur by chance in any kana text
MAX_READINGS = 32  # per word of the card (a product of per-character choices, cut here)
MAX_COMBINATIONS = 512  # per-character choices combined per word, ranked, before the cut to MAX_READINGS
MAX_CARD_READINGS = 4_000  # per card (a card of 600 kanji keywords: about 1.3 MiB, 20 ms to build)
_DATA = Path(__file__).resolve().parent.parent / "data" / "ja_kanji_readings.txt"
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-zāīūēōâîûêô']+")
_GEMINATING = "つくちき"
_KANA_RUN = re.compile(rf"[\u3041-\u3096\u30a1-\u30fa\u30fc]{{{MIN_READING},}}")  # hiragana or katakana
_VOWEL_ROWS = {
    "あ": "あかがさざただなはばぱまやらわぁゃ", "い": "いきぎしじちぢにひびぴみりぃ", "う": "うくぐすずつづぬふぶぷむゆるぅゅ",
    "え": "えけげせぜてでねへべぺめれぇ", "お": "おこごそぞとどのほぼぽもよろをぉょ",
}
_ROWS_BY_CONSONANT = ("わいうえお", "かきくけこ", "がぎぐげご", "さしすせそ", "たちつてと", "なにぬねの", "ばびぶべぼ", "まみむめも", "らりるれろ")
_LONG_VOWEL = {"あ": ("あ",), "い": ("い",), "う": ("う",), "え": ("え", "い"), "お": ("う", "お")}
_ROMAJI_SHARE = 0.6  # of an answer's Latin words that must read as romaji for it to be romaji
_ROMAJI_MIN_WORDS = 3
_PARTICLE_KANA = "のがをにでともはへや"
# First kana voiced after another kanji (rendaku; ぢ and づ as modern spelling writes them, じ and ず)
_VOICED = dict(zip("かきくけこさしすせそたちつてとはひふへほ", "がぎぐげござじずぜぞだじずでどばびぶべぼ", strict=True))
_HALF_VOICED = dict(zip("はひふへほ", "ぱぴぷぺぽ", strict=True))  # after ん or っ ("発表", "電波")
# A space between two Japanese characters (kana typed in phrases: "ひかりが あたった")
_SPACE_BETWEEN = re.compile(r"(?<=[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff])[ \t]+(?=[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff])")
# Particles as romaji writes them on their own: "wa" (は), "e" (へ), "o" (を)
_PARTICLES = {"wa": "は", "e": "へ", "o": "を"}

Reading = tuple[str, str, tuple[str, ...]]  # (reading, the word as written, each written character's kana)


@cache
def _kanji() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Kanji -> (on readings, kun readings), in hiragana."""
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue  # the header: source and licence
        char, on, kun = line.split("\t")
        table[char] = (tuple(on.split()), tuple(kun.split()))
    return table


def hiragana(text: str) -> str:
    """Katakana as hiragana, one character for one (offsets are kept)."""
    return text.translate(_KATAKANA_TO_HIRAGANA)


def _choices(word: str, index: int, table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> tuple[str, ...]:
    """The kana one character of a word may be read as (voiced variants after another kanji)."""
    plain = _plain_choices(word, index, table)
    if not index or not plain or not _HAN.match(word[index]) or not _HAN.match(word[index - 1]):
        return plain
    before = table.get(word[index - 1], ((), ()))
    # (the kanji before may end in ん or っ: its on readings ending so, or cut short before this one)
    nasal = any(reading[-1] in "ん" + _GEMINATING for reading in before[0])
    variants = list(plain)  # (the plain readings keep their ranks: a variant costs more than any of them)
    for reading in plain:
        first = reading[0]
        if first in _VOICED:
            variants.append(_VOICED[first] + reading[1:])
        if nasal and first in _HALF_VOICED:
            variants.append(_HALF_VOICED[first] + reading[1:])
    return tuple(dict.fromkeys(variants))


def _plain_choices(word: str, index: int, table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> tuple[str, ...]:
    """The kana one character of a word may be read as, as the readings table writes them."""
    char = word[index]
    found = table.get(char)
    if found is None:
        if char == "ー" and index:  # a long vowel: also typed as the vowel ("えねるぎい", "koodo" or "koudo")
            return ("ー", *_LONG_VOWEL.get(_vowel(hiragana(word[index - 1])), ()))
        return (hiragana(char),) if not _HAN.match(char) else ()
    on, kun = found
    after = word[index + 1] if index + 1 < len(word) else ""
    if after in _PARTICLE_KANA and index and _HAN.match(word[index - 1]):  # a compound's end before a
        return tuple(dict.fromkeys([*on, *kun]))  # particle ("酸素を"): on first, as compounds are read
    if after and "\u3041" <= after <= "\u3096":  # okurigana: the kun stems that it continues, then on
        # the stem the okurigana continues first ("流れ": ながれる -> なが), then every shorter stem (a
        # verb's other voice: "冷やす" beside ひえる -> ひ; "速く": はやい -> はや)
        stems = [reading[:cut] for reading in kun for cut in range(1, len(reading)) if reading[cut] == after]
        if after in _PARTICLE_KANA:  # a noun before a particle: its whole kun reading ("光の": ひかりの)
            stems += kun
        stems += [reading[:cut] for reading in kun for cut in range(len(reading) - 1, 0, -1)]
        return tuple(dict.fromkeys([*stems, *on]))
    if after and _HAN.match(after):
        short = [reading[:-1] + "っ" for reading in on if len(reading) > 1 and reading[-1] in _GEMINATING]
        return tuple(dict.fromkeys([*on, *short, *kun]))  # (kun last: "青紫" is あおむらさき)
    if not after and index and "\u3041" <= word[index - 1] <= "\u3096":  # a verb's stem after its object
        # ("を出": any form of だす or でる, "を吸": すう): the kun stems of its verb readings first
        stems = [reading[:-1] for reading in kun if len(reading) > 1 and reading[-1] in _VOWEL_ROWS["う"]]
        return tuple(dict.fromkeys([*stems, *on, *kun]))
    return tuple(dict.fromkeys([*on, *kun]))


_ONBIN = {"う": "っ", "つ": "っ", "る": "っ", "く": "い", "ぐ": "い", "す": "し", "む": "ん", "ぶ": "ん", "ぬ": "ん"}
_ICHIDAN = "るれろてたなまよずさら"  # what follows an ichidan stem ("でる": でて, でた, でない, でます)


def _continues(written: str, segment: str, after: str) -> bool:
    """Whether the kana after a reading continues it: a word ending in a verb's kun stem ("を出" read
    "をだ") is read only before a form of that verb ("だし", "でる"; not "でんき")."""
    table = _kanji()
    if len(written) < 2 or written[-1] not in table or not "\u3041" <= written[-2] <= "\u3096":
        return True
    on, kun = table[written[-1]]
    if segment in on or segment in kun:
        return True
    endings = ""
    for reading in kun:
        if reading[:-1] == segment and reading[-1] in _VOWEL_ROWS["う"]:
            last = reading[-1]
            endings += next(row for row in _ROWS_BY_CONSONANT if last in row) + _ONBIN.get(last, "")
            if last == "る" and _vowel(segment[-1]) in "いえ":
                endings += _ICHIDAN
    return not endings or after in endings


def _vowel(kana: str) -> str:
    """The vowel a kana ends in ("" for ん, っ and marks)."""
    for vowel, row in _VOWEL_ROWS.items():
        if kana in row:
            return vowel
    return ""


def word_readings(word: str) -> list[Reading]:
    """A card word's readings (at most MAX_READINGS, each of at least MIN_READING kana), with the kana
    of each of its characters; none for a word without kanji or katakana, or with other letters."""
    if not any(_HAN.match(ch) or "\u30a1" <= ch <= "\u30fa" for ch in word) or len(word) < 2:
        return []
    table = _kanji()
    per_char = [_choices(word, index, table) for index in range(len(word))]
    if not all(per_char):
        return []
    # the likeliest first: fewest characters read other than their first choice (of MAX_COMBINATIONS)
    ranked = sorted(islice(product(*(range(len(choices)) for choices in per_char)), MAX_COMBINATIONS), key=sum)
    found: list[Reading] = []
    for indexes in ranked:
        segments = tuple(choices[index] for choices, index in zip(per_char, indexes, strict=True))
        reading = "".join(segments)
        if len(reading) >= MIN_READING and reading != word:
            found.append((reading, word, segments))
            if len(found) >= MAX_READINGS:
                break
    return found


class CardReadings(NamedTuple):
    """A card's readings by their first MIN_READING kana (longest first), and a pattern finding where
    one of those first kana stands (a trie of them: the answer is searched in C, Python sees only the
    places where a reading may start)."""

    by_start: dict[str, tuple[Reading, ...]]
    starts: re.Pattern[str] | None


@lru_cache(maxsize=16)  # (at most about 21 MiB for 16 of the largest cards; a usual card ~50 KiB)
def card_readings(words: tuple[str, ...]) -> CardReadings:
    """A card's readings (see CardReadings)."""
    index: dict[str, list[Reading]] = {}
    total = 0
    for word in dict.fromkeys(words):
        for reading in word_readings(word):
            index.setdefault(reading[0][:MIN_READING], []).append(reading)
            total += 1
        if total >= MAX_CARD_READINGS:
            break
    by_start = {key: tuple(sorted(found, key=lambda entry: -len(entry[0]))) for key, found in index.items()}
    return CardReadings(by_start, re.compile(_trie(by_start)) if by_start else None)


def _trie(keys: Iterable[str]) -> str:
    """A pattern matching exactly these strings (all of one length), as a trie of alternatives."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})

    def pattern(node: dict[str, Any]) -> str:
        branches = [_either_kana(char) + pattern(child) for char, child in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return pattern(trie)


def _either_kana(char: str) -> str:
    """A hiragana as itself or its katakana (answers write a loanword either way)."""
    katakana = chr(ord(char) + 0x60) if "\u3041" <= char <= "\u3096" else ""
    return f"[{char}{katakana}]" if katakana else re.escape(char)


def respell(text: str, readings: CardReadings) -> tuple[str, list[int]] | None:
    """`text` (folded, lower case) with the card's readings found in its kana respelt as the card writes
    them (left to right, the longest first), and for each character of the result (and its end) the
    offset in `text` it comes from; None when nothing was respelt."""
    if readings.starts is None:
        return None
    out: list[str] = []
    origin: list[int] = []
    done = 0  # characters of `text` copied or respelt so far
    by_start = readings.by_start
    search = readings.starts.search  # (the regex engine skips what no reading starts with)
    for run in _KANA_RUN.finditer(text):  # (a reading is kana only: it lies inside a run of kana)
        end = run.end()
        found = search(text, run.start(), end)
        while found is not None:
            position = found.start()
            for reading, written, segments in by_start[hiragana(text[position : position + MIN_READING])]:
                if hiragana(text[position : position + len(reading)]) == reading and _continues(
                        written, segments[-1], hiragana(text[position + len(reading) : position + len(reading) + 1])):
                    out.append(text[done:position])
                    origin.extend(range(done, position))
                    offset = position
                    for char, segment in zip(written, segments, strict=True):
                        out.append(char)
                        origin.append(offset)
                        offset += len(segment)
                    done = offset
                    break
            found = search(text, done if done > position else position + 1, end)
    if not out:
        return None
    out.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(out), origin


def from_romaji(text: str) -> tuple[str, list[int]] | None:
    """An answer written in romaji only ("jikai ga henka suru"), in kana without the spaces between its
    romaji words, with the offset map as `respell`'s; None for an answer that is not romaji."""
    if _JAPANESE.search(text):
        return None
    words = list(_LATIN_WORD.finditer(text))
    converted = [to_hiragana(word.group()) for word in words]
    if len(words) < _ROMAJI_MIN_WORDS or sum(kana is not None for kana in converted) < _ROMAJI_SHARE * len(words):
        return None
    out: list[str] = []
    origin: list[int] = []
    done = 0
    previous_end = -1
    for word, kana in zip(words, converted, strict=True):
        if kana is None:
            continue
        start, end = word.span()
        gap = text[done:start]
        if not (previous_end == done and gap.isspace()):  # a space between two romaji words is dropped
            out.append(gap)
            origin.extend(range(done, start))
        kana = _PARTICLES.get(word.group(), kana)
        out.append(kana)
        origin.extend(start + (step * (end - start)) // len(kana) for step in range(len(kana)))
        done = previous_end = end
    out.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(out), origin


def remap(parts: tuple[str, ...], origin: list[int], source: str) -> tuple[str, ...]:
    """Parts of a rewritten text, as the stretches of `source` they come from (joined, they are `source`).
    C-level: the parts' boundaries, mapped through `origin`, cut `source` (a 4000-part answer)."""
    bounds = list(map(origin.__getitem__, accumulate(map(len, parts), initial=0)))
    return tuple(map(source.__getitem__, map(slice, bounds, islice(bounds, 1, None))))


def join_spaced(text: str) -> tuple[str, list[int]] | None:
    """`text` without the spaces between Japanese characters (Japanese is written without them; an answer
    typed in kana phrases has them: "ひかりが あたった"), with the offset map as `respell`'s; None when
    there are none."""
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for space in _SPACE_BETWEEN.finditer(text):
        out.append(text[done : space.start()])
        origin.extend(range(done, space.start()))
        done = space.end()
    if not out:
        return None
    out.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(out), origin
