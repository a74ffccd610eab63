"""German synonyms of a card's keyword words, so that an answer is read for its meaning as well as its
spelling ("addieren" for "zusammenzählen", "Resistor" for "Widerstand").

The table (bot/core/data/thesaurus_de.txt) is generated from OpenThesaurus by
tools/build_german_thesaurus.py (source and licence: bot/core/data/README.md), in the German canonical
form (bot/core/languages/german.py). It is read the first time a German card is compiled, never at
import, and never for a card in another language. As for English (bot/core/grading_lexicon.py), a
synonym only becomes an alias of a keyword word when a card is compiled: a verdict still shows the
answer's own words.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

THESAURUS_PATH = Path(__file__).resolve().parents[1] / "data" / "thesaurus_de.txt"

_lines: list[str] | None = None  # "word synonym ...", sorted; None until first use


def loaded() -> bool:
    """Whether the table has been read."""
    return _lines is not None


def _table() -> list[str]:
    global _lines
    if _lines is None:
        text = THESAURUS_PATH.read_text(encoding="ascii")
        _lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return _lines


def synonyms(word: str) -> list[str]:
    """The canonical words the table gives for a canonical word (closest first; empty if none)."""
    lines = _table()
    index = bisect_left(lines, word + " ")
    if index < len(lines) and lines[index].startswith(word + " "):
        return lines[index].split()[1:]
    return []


def keyword_aliases(vocab: dict[str, int], excluded: frozenset[str]) -> dict[str, int]:
    """For a card's vocabulary (canonical keyword word -> id): each synonym of a keyword word that is
    not itself a keyword word or in `excluded`, with that word's id (the first keyword word's, when two
    share one)."""
    aliases: dict[str, int] = {}
    for word, word_id in list(vocab.items()):
        if word.isalpha():
            for other in synonyms(word):
                if other not in vocab and other not in excluded:
                    aliases.setdefault(other, word_id)
    return aliases
