"""Tokens for languages written without spaces, where a character is (nearly) a word: Japanese, Chinese.

A character matcher, not a dictionary: every Han character is a token of its own, so a keyword of
several characters is a phrase of character tokens, found where its characters stand together (the
phrase rules of bot/core/grading_phrases.py are the n-gram test: "誘導" is found in "電磁誘導", "磁界
の変化" in "磁界が変化した"). A katakana run is one word (a loanword: "データベース"), a Latin run an
English word (mixed answers: "induced current", "CPU"), a digit run a number. Kana inflections and
particles (Japanese hiragana runs) become English little words, so "止めると" and "止めた" both read
as "止" plus little words, and a negation in them ("流れない", "動かさず", "ません") becomes "not".

Folding: NFKC (full-width Latin and digits to ASCII, half-width katakana "ｵﾗﾝﾀﾞ" to "オランダ"), then
katakana variants (the long-vowel mark dropped: "データーベース" = "データベース"; ヴァ = バ; small ヵ ヶ)
with every voicing mark kept ("データ" never becomes "テータ"). No typo distance on these tokens: a
one-character "typo" would match anything (bot/core/grading_words.py compares ASCII words only).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from bot.core.text_normalize import MAX_TEXT_CHARS, Tokens, canonical_word

NEGATION = "not"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006"
KATAKANA = "\u30a1-\u30fa\u30fc-\u30fe\u31f0-\u31ff"
HIRAGANA = "\u3041-\u3096\u309d\u309e"
_MARKS = {"。": ".", "．": ".", "、": ",", "，": ",", "・": ",", "；": ";", "：": ":", "〜": ",", "～": ","}
_MARK_CHARS = "".join(_MARKS)
_ARROWS_ACROSS = dict.fromkeys("→⟶⇒➡", "to")  # an arrow between things joins them (as in English)
_KATAKANA_FOLD = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"), ("ヵ", "カ"), ("ヶ", "ケ"),
                  ("ー", ""), ("ｰ", ""))
_CACHE_LIMIT = 50_000


def fold(text: str) -> str:
    """NFKC (widths), then control characters away; case is lowered by the caller."""
    return unicodedata.normalize("NFKC", text)


def fold_katakana(word: str) -> str:
    for variant, plain in _KATAKANA_FOLD:
        if variant in word:
            word = word.replace(variant, plain)
    return word or "ー"


def token_pattern(function_words: Sequence[str], kana_words: str = "") -> re.Pattern[str]:
    """Function words written in Han characters first (so "但是" is one token), then one Han character,
    a katakana run, the `kana_words` pattern (a negation inside a kana run: its own token) and a hiragana
    run up to one of them, a Latin word, digits, or a mark."""
    words = "|".join(re.escape(word) for word in sorted(function_words, key=len, reverse=True))
    kana = rf"{kana_words}|(?:(?!{kana_words})[{HIRAGANA}])+" if kana_words else rf"[{HIRAGANA}]+"
    return re.compile(
        rf"({words + '|' if words else ''}[{HAN}]|[{KATAKANA}]+|{kana}|[A-Za-z]+|\d+(?:[./]\d+)?"
        rf"|[.!?;\n•,:()\[\]|%→⟶⇒➡↓⬇↘↑⬆↗{_MARK_CHARS}]|[-=]+>)"
    )


class CharacterLanguage:
    """One language's tokeniser: the pattern above and a table of function words."""

    def __init__(self, function_words: dict[str, str], kana_words: str = "",
                 after_tokens: Callable[[list[str], list[str]], None] | None = None) -> None:
        self._table = {**_ARROWS_ACROSS, **function_words, **_MARKS}
        self._after = after_tokens  # (canonical words, pieces as written) -> words rewritten in place
        self._pattern = token_pattern([word for word in function_words if any(_is_han(ch) for ch in word)], kana_words)
        self._cache: dict[str, str] = {}

    def _read(self, piece: str) -> str:
        """One piece's canonical word (not memoised)."""
        first = piece[0]
        if piece in self._table:
            return self._table[piece]
        if first.isascii():
            return canonical_word(piece)  # an English word or a number inside the answer
        if _is_katakana(first):
            return fold_katakana(piece)
        if _is_hiragana(first):
            return "the"  # an inflection or a particle the table does not name
        return piece

    def tokenize(self, text: str) -> Tokens:
        text = fold(text[:MAX_TEXT_CHARS] if isinstance(text, str) else "")
        lowered = text.lower()
        parts = self._pattern.split(lowered)
        pieces = parts[1::2]
        # C-level: the distinct pieces not yet memoised are read once each, then every piece is looked up
        # (a 4000-character answer is 4000 pieces; a Python call per piece cost about 1 ms)
        cache = self._cache
        missing = set(pieces).difference(cache)
        if missing:
            if len(cache) + len(missing) > _CACHE_LIMIT:
                cache.clear()
                missing = set(pieces)
            for piece in missing:
                cache[piece] = self._read(piece)
        words = list(map(cache.__getitem__, pieces))
        if self._after is not None:
            self._after(words, pieces)
        return Tokens(text, lowered, tuple(words), tuple(parts), False)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch in "\u3005\u3006"


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fe" or "\u31f0" <= ch <= "\u31ff"


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309e"
