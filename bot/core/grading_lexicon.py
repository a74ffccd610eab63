"""Words that say the same as a keyword word: synonyms, so that an answer is read for its meaning as
well as its spelling ("quicker" for "faster", "memory ↓" for "less memory").

Two sources, both in canonical form (bot/core/text_normalize.canonical_word):
- a table generated from WordNet 3.0 (bot/core/data/lexicon.txt, tools/build_lexicon.py; licence in
  bot/core/data/README.md), read the first time a card is compiled, not at import;
- a few hand-written groups of direction words, which arrows are read as ("↓" is "lower").

A synonym is only an alias of a keyword word when a card is compiled (bot/core/grading_compile.py):
the answer's own words are what a verdict shows. Nothing here is done per answer.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from bot.core.text_normalize import NOT_CONTENT, canonical_word, split_words

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.txt"

# Direction words, each group read as one idea (the arrows "↓" and "↑" are read as "lower" and
# "higher" by bot/core/text_normalize.py). Opposite groups never meet: "price falls" is not "price rises".
_DIRECTION_GROUPS = (
    "less lower fewer smaller reduce reduced reduces reduction decrease decreased decreases drop drops shrink "
    "shrinks fall falls declines decline diminish cheaper",
    "more higher greater larger bigger increase increased increases rise rises raise raises grow grows",
)

_lines: list[str] | None = None  # the WordNet table, "word synonym ..." or "word", sorted; None until first use
# Words that state a direction without being a direction word: "half the memory" is less memory, but
# a keyword "half" is not credited by "less" (these are aliases of the group, not the other way round).
_DIRECTION_STATED_BY = (
    "half halve halves halved halving quarter fourth fraction",
    "double doubles doubled twice triple tripled",
)
_directions: dict[str, frozenset[str]] | None = None


def loaded() -> bool:
    """Whether the WordNet table has been read (it is, the first time a card is compiled)."""
    return _lines is not None


def _table() -> list[str]:
    global _lines
    if _lines is None:
        text = LEXICON_PATH.read_text(encoding="ascii")
        _lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return _lines


def _direction_words() -> dict[str, frozenset[str]]:
    global _directions
    if _directions is None:
        _directions = {}
        for group, stated_by in zip(_DIRECTION_GROUPS, _DIRECTION_STATED_BY, strict=True):
            words = frozenset(canonical_word(word) for word in split_words(group))
            extra = frozenset(canonical_word(word) for word in split_words(stated_by))
            _directions.update(dict.fromkeys(words, words | extra))
    return _directions


def _line(word: str) -> str | None:
    """The table's line for `word` ("word synonym ..." or "word" alone), if it has one: the first line
    not below `word` (a space sorts before every letter, so "word ..." comes before "words ...")."""
    lines = _table()
    index = bisect_left(lines, word)
    if index < len(lines):
        line = lines[index]
        if line == word or line.startswith(word + " "):
            return line
    return None


def _looked_up(word: str) -> list[str]:
    line = _line(word)
    return line.split()[1:] if line is not None else []


def known_word(word: str) -> bool:
    """Whether a canonical word is a common English word (in the table, with or without synonyms)."""
    return _line(word) is not None


def _comparative(word: str) -> str:
    """"quick" -> "quicker", "speedy" -> "speedier", "larg" (canonical "large") -> "larger"."""
    if word.endswith("y") and len(word) > 3:
        return word[:-1] + "ier"
    return word + "er"


@lru_cache(maxsize=4096)
def synonyms(word: str) -> tuple[str, ...]:
    """The canonical words that say what this canonical keyword word says, closest first (empty for
    little words, numbers and words the table doesn't know). A comparative the table lacks is read
    through its base: "faster" gets "speedier" from "fast"."""
    if word in NOT_CONTENT or not word.isascii() or not word.isalpha() or len(word) < 3:
        return ()
    found = dict.fromkeys(_looked_up(word))
    if len(found) < 3 and word.endswith("er") and len(word) >= 5:
        for base in (word[:-2], word[:-3] + "y", word[:-3]):  # fast-er, eas-i-er, big-g-er
            found.update((canonical_word(_comparative(other)), None) for other in _looked_up(base) if len(other) <= 8)
    found.update(dict.fromkeys(_direction_words().get(word, ())))
    found.pop(word, None)
    return tuple(other for other in found if other not in NOT_CONTENT)


def keyword_aliases(vocab: dict[str, int], excluded: frozenset[str]) -> dict[str, int]:
    """For a card's vocabulary (canonical keyword word -> id): each synonym of a keyword word that is
    not itself a keyword word, with that word's id (the first keyword word's, when two share one).
    `excluded`: words that must stay what they are (e.g. those phrase windows don't count)."""
    aliases: dict[str, int] = {}
    for word, word_id in list(vocab.items()):
        for other in synonyms(word):
            if other not in vocab and other not in excluded:
                aliases.setdefault(other, word_id)
    return aliases
