"""Turn free text into canonical word tokens, so that spelling variants compare equal.

Both sides of a comparison (a card's keywords and a member's answer) go through the same functions,
so a rule only has to be consistent, not linguistically perfect: "quantisation" and "quantization"
both become "quantization"; "mimics", "mimicked" and "mimicking" all reach "mimic" or one edit away.
Pure and deterministic; per-word results are memoised because answers reuse a small vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, compress, count, islice

from bot.core.grading_formulas import read_formulas
from bot.core.grading_shorthand import CHAT_WORDS as _CHAT_WORDS
from bot.core.grading_shorthand import read_slash_shorthand

# Discord's modal allows 4000 characters; anything longer is cut here so grading time stays bounded.
MAX_TEXT_CHARS = 8000

# Words, digit runs, and the punctuation that ends a sentence (level 2) or a clause (level 1).
# `split` with this one group returns [gap, token, gap, token, ..., gap]: the tokens and, from the
# lengths, where each starts, in one C-level pass (no match object per token).
_TOKEN = re.compile(r"([^\W\d_]+|\d+(?:/\d+)?|[.!?;\n•,:()\[\]|%→⟶⇒➡↓⬇↘↑⬆↗]|[-=]+>)")
# The same tokens for a text that is all ASCII (nearly every answer, after folding), about 1.6x faster,
# and cut from the text as written (ASCII lower-casing keeps every offset): on ASCII, `[^\W\d_]` is
# A-Z and a-z and `\d` is 0-9.
_ASCII_TOKEN = re.compile(r"([A-Za-z]+|[0-9]+(?:/[0-9]+)?|[.!?;\n,:()\[\]|%]|[-=]+>)")
_NOT_CONTRACTION = re.compile(r"n['’`´]t\b|['’`´]nt\b", re.IGNORECASE)  # "doesn't", and "does'nt" misplaced
_APOSTROPHE_SUFFIX = re.compile(r"['’`´](s|d|ll|re|ve|m)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

def split_words(text: str) -> list[str]:
    """Word lists in this package are written as one string, for readability."""
    return text.split()


STOPWORDS = frozenset(
    split_words("""a an the and or but if then than so as of to in on at by for with from into onto about over under
    up down out is are was were be been being am do does did doing has have had having it its it's this
    that these those there here their they them he she his her we our us you your i me my mine which who
    whom whose what when where why how also just very too can could would should will shall may might
    must s d ll re ve m t e g eg ie etc such like some any each one same other another both all while
    whereas though although however yet because since until via per ca wo sha""")
)

# Contractions written without an apostrophe ("doesnt") mean "not" as much as "doesn't" does.
_NEGATION_SPELLINGS = frozenset(
    split_words("""not no never without neither nor cannot cant dont doesnt isnt arent wasnt werent wont didnt
    hasnt havent hadnt shouldnt couldnt wouldnt aint none nothing hardly barely
    dosnt dosent doesent doesnot didint isint wasint havnt""")
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}

# Symbols and number forms read as the words keywords use. An arrow between things is "to" (a little
# word: it joins, it credits nothing); only an arrow that points up or down states a direction, read
# as "higher" / "lower" (bot/core/grading_lexicon.py groups those with "more", "less", "reduced"...).
# "%" is "percent"; "1/4" and "fourth" are "quarter"; "4x" is "4 x" and so is "4 times" (see tokenize).
_SYMBOL_WORDS = {
    "%": "percent", "pct": "percent", "percentage": "percent",
    "→": "to", "⟶": "to", "⇒": "to", "➡": "to",
    "↓": "lower", "⬇": "lower", "↘": "lower", "↑": "higher", "⬆": "higher", "↗": "higher",
    "1/2": "half", "halve": "half", "halves": "half", "halved": "half", "halving": "half",
    "1/4": "quarter", "fourth": "quarter", "fourths": "quarter", "1/3": "third", "thirds": "third",
}
_ARROW_END = ">"  # "->", "=>", "-->": "to"

# British spellings that the suffix rules below do not reach.
_SPELLING = {
    "programme": "program", "grey": "gray", "tyre": "tire", "aluminium": "aluminum", "defence": "defense",
    "licence": "license", "offence": "offense", "cheque": "check", "mould": "mold", "plough": "plow",
    "analyse": "analyze", "catalogue": "catalog", "dialogue": "dialog", "analogue": "analog",
}
_SPELLING_SUFFIXES = (
    ("isation", "ization"), ("isations", "izations"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"),
    ("iser", "izer"), ("isers", "izers"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
    ("elled", "eled"), ("elling", "eling"), ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
    ("ise", "ize"),
)
# "-ise" is also the end of many words that are not verbs; only these stems are spelt "-ize" in the US.
_ISE_VERB_EXCEPTIONS = frozenset(
    split_words("precise wise rise arise noise raise praise exercise advise advertise compromise surprise concise "
    "promise premise expertise franchise enterprise supervise televise devise revise comprise otherwise "
    "likewise clockwise despise disguise improvise merchandise")
)
_OUR_EXCEPTIONS = frozenset(split_words("four your our hour pour tour sour flour detour contour devour"))


def casefold_ascii(text: str) -> str:
    """Fold accents, zalgo, full-width forms and control characters away; keep letters and punctuation."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        if not text.isascii():
            for mark in _combining_marks(text):
                text = text.replace(mark, "")
    elif text.isprintable():
        return text  # the common case: nothing to fold
    return _CONTROL.sub(" ", text)


# Characters already classified as combining or not: an answer's distinct characters are checked with
# set operations, and each combining mark removed with one `str.replace` (not a loop per character).
_SEEN_CHARS: set[str] = set()
_COMBINING_CHARS: set[str] = set()
_SEEN_CHARS_LIMIT = 50_000


def _combining_marks(text: str) -> set[str]:
    chars = set(text)
    unseen = chars.difference(_SEEN_CHARS)
    if unseen:
        if len(_SEEN_CHARS) + len(unseen) > _SEEN_CHARS_LIMIT:  # bounded memory: start over
            _SEEN_CHARS.clear()
            _COMBINING_CHARS.clear()
            unseen = chars
        _SEEN_CHARS.update(unseen)
        _COMBINING_CHARS.update(ch for ch in unseen if unicodedata.combining(ch))
    return chars.intersection(_COMBINING_CHARS)


# Every ending above in one tuple: one C-level `endswith` settles most words (no British ending).
_BRITISH_ENDINGS = tuple(british for british, _ in _SPELLING_SUFFIXES)


def british_to_american(word: str) -> str:
    if word in _SPELLING:
        return _SPELLING[word]
    if len(word) < 5 or not word.endswith(_BRITISH_ENDINGS):
        return word
    for british, american in _SPELLING_SUFFIXES:
        if word.endswith(british):
            if british.startswith("our") and (word in _OUR_EXCEPTIONS or len(word) < 6):
                return word
            if british == "ise" and (word in _ISE_VERB_EXCEPTIONS or len(word) < 6):
                return word
            if british.startswith("tre") and len(word) < 6:
                return word
            return word[: -len(british)] + american
    return word


_STEM_LAST_LETTERS = frozenset("sgdye")
# What -ed / -ing leave of a verb of three or four letters ending in a silent e ("us", "mov", "not" of
# used, moved, noted): a single vowel, then one consonant that English doubles after a short vowel
# ("hopped" is "hop", "hoped" is "hope"; w, x, y are never doubled: "fixed", "sawed" stay as they are).
_SILENT_E_STEM = re.compile(r"[^aeiou]?[aeiou][b-df-hj-np-tvz]")


def stem(word: str) -> str:
    """A light, consistent suffix stripper: plurals, -ing, -ed, -ly; not a full Porter stemmer."""
    if len(word) <= 3 or word[-1] not in _STEM_LAST_LETTERS or not word.isalpha():
        return word  # every rule below strips an ending that finishes with one of those letters
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses") or (word.endswith("es") and len(word) > 4 and word[-3] in "sxz" and not word.endswith("ses")) or word.endswith("ches") or word.endswith("shes"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and _has_vowel(word[: -len(suffix)]):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # running -> run, stopped -> stop
            elif len(word) == 3 and _SILENT_E_STEM.fullmatch(word) and word + "e" not in STOPWORDS:
                word += "e"  # a short verb's silent e: moved, moving -> move (hopped -> hop, above)
            if word.endswith("ick") and len(word) >= 5:
                word = word[:-1]  # mimicking -> mimic
            break
        if word.endswith(suffix) and len(word) - len(suffix) == 2 and _SILENT_E_STEM.fullmatch(word[:-len(suffix)]):
            word = word[: -len(suffix)] + "e"  # used, using -> use; aged -> age
            break
    if word.endswith("ly") and len(word) >= 7:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # reduce/reduced/reducing -> reduc
    return word


def _has_vowel(text: str) -> bool:
    return any(ch in "aeiouy" for ch in text)


_CANONICAL_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 100_000  # per cache, then cleared: a few MB at most, whatever members type
# The same for ASCII tokens as written ("The", "INT8"): one look-up per token, no lower-casing.
_AS_WRITTEN_CACHE: dict[str, str] = {}


def canonical_word(word: str) -> str:
    """The comparable form of one lower-case word token."""
    cached = _CANONICAL_CACHE.get(word)
    if cached is not None:
        return cached
    result = canonical_word_uncached(word)
    if len(_CANONICAL_CACHE) >= _CACHE_LIMIT:
        _CANONICAL_CACHE.clear()
    _CANONICAL_CACHE[word] = result
    return result


def canonical_word_uncached(word: str) -> str:
    """`canonical_word` without the memo: for pieces of words tried once (bot/core/grading_split.py),
    which would only crowd the memo out."""
    if word in MARK_LEVEL:
        result = word
    elif word in _SYMBOL_WORDS:
        result = _SYMBOL_WORDS[word]
    elif word.endswith(_ARROW_END):
        result = "to"
    elif word in _CHAT_WORDS:
        result = canonical_word_uncached(_CHAT_WORDS[word])
    elif word in _NEGATION_SPELLINGS:
        result = "not"
    elif word in _UNITS:
        result = str(_UNITS[word])
    elif word in _TENS:
        result = str(_TENS[word])
    elif word in STOPWORDS or not word.isascii() or not word.isalpha():
        result = word
    else:  # (the two functions' own first tests, made here: most words need neither)
        if word in _SPELLING or (len(word) >= 5 and word.endswith(_BRITISH_ENDINGS)):
            word_us = british_to_american(word)
        else:
            word_us = word
        result = stem(word_us) if len(word_us) > 3 and word_us[-1] in _STEM_LAST_LETTERS else word_us
    return result


# Punctuation stays in the token stream as "marks", each with the level of break it makes.
CLAUSE = 1  # : ( ) [ ]
ITEM = 2  # , |  (also separates the items of a list)
SENTENCE = 3  # . ! ?
SENTENCE_ITEM = 4  # ; newline bullet (a sentence end that also separates list items)
MARK_LEVEL = {
    ":": CLAUSE, "(": CLAUSE, ")": CLAUSE, "[": CLAUSE, "]": CLAUSE, ",": ITEM, "|": ITEM,
    ".": SENTENCE, "!": SENTENCE, "?": SENTENCE, ";": SENTENCE_ITEM, "\n": SENTENCE_ITEM, "•": SENTENCE_ITEM,
}
MARKS = frozenset(MARK_LEVEL)
SENTENCE_MARKS = frozenset(mark for mark, level in MARK_LEVEL.items() if level >= SENTENCE)
ITEM_MARKS = frozenset(mark for mark, level in MARK_LEVEL.items() if level in (ITEM, SENTENCE_ITEM))
NOT_CONTENT = STOPWORDS | MARKS  # tokens that are not content words


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text as canonical tokens: words, and punctuation marks (the keys of MARK_LEVEL)."""

    text: str  # the folded text (accents removed), case kept
    lowered: str  # `text` lower-cased
    words: tuple[str, ...]  # canonical forms, marks included
    # The tokenised string cut into [gap, token, gap, ..., token, gap]: token k is parts[2k + 1]. That
    # string is `text` itself when `as_written` (an ASCII text), else `lowered`.
    parts: tuple[str, ...]
    as_written: bool

    @property
    def surface(self) -> tuple[str, ...]:
        """Each token lower-cased, as in `lowered` (parallel to `words`); built on demand."""
        pieces = self.parts[1::2]
        if self.as_written and pieces:
            return tuple("\0".join(pieces).lower().split("\0"))  # no token holds a NUL
        return pieces

    @property
    def word_count(self) -> int:
        return len(self.words) - sum(map(MARKS.__contains__, self.words))

    @property
    def items(self) -> list[int]:
        """How many words each comma/line separated item holds."""
        if ITEM_MARKS.isdisjoint(self.words):
            return [self.word_count]
        items: list[int] = []
        count = 0
        for word in self.words:
            if word in ITEM_MARKS:
                if count:
                    items.append(count)
                count = 0
            elif word not in MARKS:
                count += 1
        if count:
            items.append(count)
        return items

    def display(self, places: list[tuple[int, ...]]) -> list[str]:
        """The text from the first to the last of each group of token positions, as written (accents
        folded): the parts between them joined, or (text not ASCII) a slice at offsets summed from the
        parts' lengths, only as far as the last token shown."""
        if not places:
            return []
        parts = self.parts
        if self.as_written:
            return [parts[2 * p[0] + 1] if len(p) == 1 else "".join(parts[2 * min(p) + 1 : 2 * max(p) + 2]) for p in places]
        source = self.text if len(self.text) == len(self.lowered) else self.lowered
        ends = list(accumulate(map(len, islice(parts, 2 * max(map(max, places)) + 2))))
        return [source[ends[2 * min(p)] : ends[2 * max(p) + 1]] for p in places]


def tokenize(text: str) -> Tokens:
    """Split text into canonical tokens; never raises, whatever the Unicode."""
    text = casefold_ascii(text[:MAX_TEXT_CHARS])
    if "'" in text or not text.isascii():
        text = _NOT_CONTRACTION.sub(" not", text)
        text = _APOSTROPHE_SUFFIX.sub(" ", text)
    if "/" in text:
        text = read_slash_shorthand(text)
    text = read_formulas(text)  # "H2O" is "water" (bot/core/grading_formulas.py)
    lowered = text.lower()
    as_written = text.isascii()
    if as_written:
        parts = _ASCII_TOKEN.split(text)
        pieces = parts[1::2]
        cached: list[str | None] = list(map(_AS_WRITTEN_CACHE.get, pieces))
        canonical: Callable[[str], str] = _canonical_as_written
    else:
        parts = _TOKEN.split(lowered)
        pieces = parts[1::2]
        cached = list(map(_CANONICAL_CACHE.get, pieces))
        canonical = canonical_word
    # (`all`: no None, i.e. no word seen for the first time; a C-level truth test, faster than `in`)
    words: list[str] = (
        cached  # type: ignore[assignment]
        if all(cached)
        else [word or canonical(piece) for word, piece in zip(cached, pieces, strict=True)]
    )
    if "time" in words or "x" in words or "fold" in words:
        _times_after_numbers(words)
    if "ty" in lowered:  # every tens word ends in "ty"
        lowered_pieces = "\0".join(pieces).lower().split("\0") if as_written else pieces
        if not _TENS.keys().isdisjoint(lowered_pieces):
            _join_number_words(words, lowered_pieces)
    return Tokens(text, lowered, tuple(words), tuple(parts), as_written)


def _canonical_as_written(piece: str) -> str:
    result = canonical_word(piece.lower())
    if len(_AS_WRITTEN_CACHE) >= _CACHE_LIMIT:
        _AS_WRITTEN_CACHE.clear()
    _AS_WRITTEN_CACHE[piece] = result
    return result


def _join_number_words(words: list[str], pieces: list[str]) -> None:
    """"thirty-two" / "thirty two" -> "32", the same word as the digits (both tokens become "32",
    so that positions keep matching the text)."""
    for index in compress(count(1), map(_TENS.__contains__, pieces[:-1])):  # the word after a tens word
        unit = _UNITS.get(pieces[index], 0)
        if 0 < unit < 10 and pieces[index - 1] in _TENS:
            words[index - 1] = words[index] = str(_TENS[pieces[index - 1]] + unit)


def _times_after_numbers(words: list[str]) -> None:
    """"4x", "4 times", "4-fold" -> "4 x": a factor reads the same however it is written ("times" and
    "x" elsewhere stay what they are: "at times", "x axis")."""
    for index in range(1, len(words)):
        if words[index] in _FACTOR_WORDS and words[index - 1].isdigit():
            words[index] = "x"


_FACTOR_WORDS = frozenset(("time", "x", "fold"))


def canonical_phrase(text: str, tokenizer: Callable[[str], Tokens] | None = None) -> tuple[str, ...]:
    """The canonical words of a keyword or a question, stopwords included, marks left out (and a
    joined number word such as "thirty-two" counted once). `tokenizer`: a language's (bot/core/languages),
    English's if not given."""
    return _phrase([word for word in (tokenizer or tokenize)(text).words if word not in MARKS])


def _phrase(words: list[str]) -> tuple[str, ...]:
    return tuple(w for i, w in enumerate(words) if not (i and w.isdigit() and w == words[i - 1]))


def canonical_phrases(texts: list[str], tokenizer: Callable[[str], Tokens] | None = None) -> list[tuple[str, ...]]:
    """`canonical_phrase` of each text, tokenised as one text (a card's hundreds of keywords cost one
    pass, not one each). Texts are joined by line breaks, which every rule treats as a boundary; texts
    holding a line break themselves (or anything that folds into one) are done one by one."""
    if len(texts) < 2 or any("\n" in text for text in texts):
        return [canonical_phrase(text, tokenizer) for text in texts]
    words = (tokenizer or tokenize)("\n".join(texts)).words
    if words.count("\n") != len(texts) - 1:
        return [canonical_phrase(text, tokenizer) for text in texts]
    phrases: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in words:
        if word == "\n":
            phrases.append(_phrase(current))
            current = []
        elif word not in MARKS:
            current.append(word)
    phrases.append(_phrase(current))
    return phrases
