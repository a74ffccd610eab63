"""Rules for languages written in words with spaces (Spanish, German, French, Portuguese, Italian).

Text is folded as for English (accents and width away, so "fotosintesis" is "fotosíntesis"), cut into
the same tokens, and each word becomes, in this order: a mark; "not" for a negation word; the English
little word that plays its part for a little word ("pero" -> "but", "o" -> "or", "el" -> "the"); digits for
a number word; else its Snowball stem (the `snowballstemmer` package: maintained, pure Python, BSD). An
English technical term in the answer ("int8", "dropout") is stemmed the same way on both sides, so it
matches an English keyword of the card.

A negation denies the content words after it up to the end of its clause (at most SCOPE words): these
languages put an article or a preposition between a verb and its object ("no convierte *la* luz"), where
the English rule stops at the first little word. "solo"/"nur" right after it is a hedge, not a denial.
A negation with no content word after it in its clause ("..., weil der Magen Fett nicht verdaut" has
one; "die Spannung ändert sich nicht" has none) denies the content words before it instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import compress

import snowballstemmer

from bot.core.text_normalize import MARK_LEVEL, MARKS, MAX_TEXT_CHARS, STOPWORDS, Tokens, casefold_ascii

NEGATION = "not"
HEDGES = frozenset(("only", "just"))
# Clause words of the English rules (grading_negation, grading_relations) that a language's own map onto.
CLAUSE_STOPS = frozenset(("but", "and", "although", "though", "however", "yet", "whereas", "while", "because",
                          "so", "instead", "still", "nevertheless", "than"))
SCOPE = 6  # tokens after a negation it can reach
BACK_SCOPE = 4  # content words before a clause-final negation it can reach
_TOKEN = re.compile(r"([^\W\d_]+|\d+(?:/\d+)?|[.!?;\n•,:()\[\]|%→⟶⇒➡↓⬇↘↑⬆↗]|[-=]+>)")
_CACHE_LIMIT = 50_000
_ARROWS_ACROSS = "→⟶⇒➡"
_ARROWS_UP = "↑⬆↗"
_ARROWS_DOWN = "↓⬇↘"


class ForwardNegation(str):
    """A negation that is a preposition (Spanish "sin"): it is "not" wherever "not" is read, but it
    denies only what follows it, never the clause before ("se evapora sin hervir" still evaporates)."""

    __slots__ = ()


def words_of(text: str) -> list[str]:
    return text.split()


class AlphabeticLanguage:
    """One language's tables and its memoised word -> canonical form."""

    def __init__(
        self,
        code: str,
        stemmer: str,
        little_words: dict[str, str],
        negations: Iterable[str],
        numbers: dict[str, int],
        fold: Callable[[str], str] | None = None,
        after_tokens: Callable[[list[str], list[str]], None] | None = None,
        stem: Callable[[str, Callable[[str], str]], str] | None = None,
        rises: tuple[str, str] | None = None,
    ) -> None:
        """`rises`: the language's words for "goes up" and "goes down", which an arrow pointing up or
        down is read as ("Spannung ↑" is "Spannung steigt"); an arrow between things is "to"."""
        self.code = code
        snowball = snowballstemmer.stemmer(stemmer).stemWord
        self._stem: Callable[[str], str] = snowball if stem is None else (lambda word: stem(word, snowball))
        self._fold = fold
        self._after = after_tokens
        table: dict[str, str] = {}
        for word, english in little_words.items():
            for spelling in {word, self.fold_word(word)}:
                table[spelling] = english
        for word in negations:
            table[word] = table[self.fold_word(word)] = NEGATION
        for word, value in numbers.items():
            table[word] = table[self.fold_word(word)] = str(value)
        for arrow in _ARROWS_ACROSS:
            table[arrow] = "to"
        self._arrows: dict[str, str] = {}
        if rises is not None:
            up, down = (self._stem(self.fold_word(word)) for word in rises)
            self._arrows = {**dict.fromkeys(_ARROWS_UP, up), **dict.fromkeys(_ARROWS_DOWN, down)}
        for english in table.values():
            assert english in STOPWORDS or english in (NEGATION, *HEDGES) or english.isdigit(), english
        self._table = table
        self._cache: dict[str, str] = {}

    def fold_word(self, word: str) -> str:
        word = casefold_ascii(word).lower()
        return self._fold(word) if self._fold is not None else word

    def canonical(self, word: str) -> str:
        """The canonical form of one lower-case, folded token."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if word in MARK_LEVEL:
            result = word
        elif word in self._arrows:
            result = self._arrows[word]
        elif word.endswith(">"):
            result = "to"
        elif word in self._table:
            result = self._table[word]
        elif not word.isalpha():
            result = word
        else:
            folded = self._fold(word) if self._fold is not None else word
            result = self._table.get(folded) or self._stem(folded)
            if result in STOPWORDS or result == NEGATION or result in HEDGES:
                result = result + "_"  # a stem that happens to spell an English little word stays content
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result

    def tokenize(self, text: str) -> Tokens:
        text = casefold_ascii(text[:MAX_TEXT_CHARS] if isinstance(text, str) else "")
        lowered = text.lower()
        parts = _TOKEN.split(lowered)
        pieces = parts[1::2]
        words = list(map(self.canonical, pieces))
        if self._after is not None:
            self._after(words, pieces)
        return Tokens(text, lowered, tuple(words), tuple(parts), False)


def negated_positions(words: Sequence[str]) -> frozenset[int]:
    """Positions denied by a negation: forward to the clause's end (SCOPE tokens at most, a hedge
    excepted), or, for a negation that ends its clause, back over its clause's last content words."""
    denied: set[int] = set()
    count = len(words)
    for start in compress(range(count), map(NEGATION.__eq__, words)):
        position = start + 1
        if position < count and words[position] in HEDGES:
            continue
        reached = 0
        while position < min(count, start + 1 + SCOPE):
            word = words[position]
            if word in MARKS or word in CLAUSE_STOPS or word == NEGATION:
                break
            if word not in STOPWORDS:
                denied.add(position)
                reached += 1
            position += 1
        ends_clause = position >= count or words[position] in MARKS or words[position] in CLAUSE_STOPS
        if (not reached or (reached == 1 and ends_clause)) and not isinstance(words[start], ForwardNegation):
            # nothing after it, or only the clause's last word (a verb: "la glucosa no se produce",
            # "Glukose wird nicht gebildet"): what the clause says of its subject is denied
            denied.update(content_before(words, start, BACK_SCOPE))
    return frozenset(denied)


def content_before(words: Sequence[str], start: int, limit: int, stops: frozenset[str] = frozenset()) -> list[int]:
    """The last `limit` content positions before `start` in its clause (stopping at a mark, a clause
    word, another negation, or one of `stops`)."""
    found: list[int] = []
    position = start - 1
    while position >= 0 and len(found) < limit:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS or word == NEGATION or word in stops:
            break
        if word not in STOPWORDS:
            found.append(position)
        position -= 1
    return found


def content_after(words: Sequence[str], start: int, limit: int) -> list[int]:
    """The first `limit` content positions after `start` in its clause (stopping at a mark, a clause word
    or another negation): `content_before` read forwards."""
    found: list[int] = []
    position = start + 1
    while position < len(words) and len(found) < limit:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS or word == NEGATION:
            break
        if word not in STOPWORDS:
            found.append(position)
        position += 1
    return found


def english_cognates(singular: str, plural: str) -> Callable[[str], str]:
    """A fold that reads an English "-tion" word inside an answer as the language's own ("evaporation"
    as "evaporación": `singular` and `plural` replace "tion" and "tions"), so it matches the keyword."""

    def fold(word: str) -> str:
        if word.endswith("tion"):
            return word[:-4] + singular
        if word.endswith("tions"):
            return word[:-5] + plural
        return word

    return fold


def strip_marks(text: str) -> str:
    """Accents away (for tables written with them)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
