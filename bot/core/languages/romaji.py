"""Romaji to hiragana: Hepburn, Kunrei-shiki and the keyboard (wāpuro) spellings ("shi"/"si", "tsu"/"tu",
"ou"/"ō", "n'"), so that a Japanese answer typed in Latin letters ("yuudou denryuu") and the kanji readings
of the Unihan database (written "RYUU") come out as the same kana.

`to_hiragana` converts one word or returns None when a letter cannot be read as romaji (an English word
such as "magnet" is left alone)."""

from __future__ import annotations

_VOWELS = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お"}
_ROWS = {
    "k": "かきくけこ", "g": "がぎぐげご", "s": "さしすせそ", "z": "ざじずぜぞ", "t": "たちつてと", "d": "だぢづでど",
    "n": "なにぬねの", "h": "はひふへほ", "b": "ばびぶべぼ", "p": "ぱぴぷぺぽ", "m": "まみむめも", "r": "らりるれろ",
}
_SMALL_Y = {"a": "ゃ", "u": "ゅ", "o": "ょ"}
_SYLLABLES: dict[str, str] = {}
for _consonant, _kana in _ROWS.items():
    for _vowel, _char in zip("aiueo", _kana, strict=True):
        _SYLLABLES[_consonant + _vowel] = _char
    for _vowel, _small in _SMALL_Y.items():  # kya, nyu, ryo ...
        _SYLLABLES[_consonant + "y" + _vowel] = _kana[1] + _small
_SYLLABLES.update({
    "ya": "や", "yu": "ゆ", "yo": "よ", "wa": "わ", "wi": "うぃ", "we": "うぇ", "wo": "を",
    "shi": "し", "chi": "ち", "tsu": "つ", "fu": "ふ", "ji": "じ", "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "je": "じぇ",
    "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "she": "しぇ", "cha": "ちゃ", "chu": "ちゅ", "cho": "ちょ", "che": "ちぇ",
    "fa": "ふぁ", "fi": "ふぃ", "fe": "ふぇ", "fo": "ふぉ", "ti": "ち", "tu": "つ", "si": "し", "zi": "じ", "hu": "ふ",
    "di": "ぢ", "du": "づ", "dyi": "でぃ", "thi": "てぃ", "tya": "ちゃ", "tyu": "ちゅ", "tyo": "ちょ",
    "jya": "じゃ", "jyu": "じゅ", "jyo": "じょ", "zya": "じゃ", "zyu": "じゅ", "zyo": "じょ",
    **{"l" + key[1:]: value for key, value in _SYLLABLES.items() if key.startswith("r")},  # "l" typed for "r"
    **_VOWELS,
})
# Long vowels written with a macron or circumflex: "ō" is "ou" as a keyboard would type it.
_LONG = {"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou", "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou"}
_LONGEST = max(map(len, _SYLLABLES))


def to_hiragana(word: str) -> str | None:
    """One romaji word in hiragana, or None if some letter of it is no romaji."""
    text = "".join(_LONG.get(ch, ch) for ch in word.lower())
    out: list[str] = []
    index = 0
    size = len(text)
    while index < size:
        ch = text[index]
        if ch == "n" and (index + 1 == size or text[index + 1] not in "aiueoy'"):
            out.append("ん")  # "n" before a consonant or at the end; "nn" reads the same
            index += 2 if index + 1 < size and text[index + 1] == "n" and (index + 2 == size or text[index + 2] not in "aiueoy") else 1
            continue
        if ch == "n" and index + 1 < size and text[index + 1] == "'":
            out.append("ん")
            index += 2
            continue
        if ch == "m" and index + 1 < size and text[index + 1] in "bmp":  # Hepburn's "shimbun"
            out.append("ん")
            index += 1
            continue
        if (index + 1 < size and ch == text[index + 1] and ch not in "aiueon" and ch.isalpha()) \
                or (ch == "t" and text.startswith("tch", index)):  # a doubled consonant: small tsu
            out.append("っ")
            index += 1
            continue
        for length in range(min(_LONGEST, size - index), 0, -1):
            kana = _SYLLABLES.get(text[index : index + length])
            if kana is not None:
                out.append(kana)
                index += length
                break
        else:
            return None
    return "".join(out)
