"""Spanish synonyms of a card's keyword words, so that an answer is read for its meaning as well as its
spelling ("piedras" for "rocas", "permanece" for "se queda").

The table (bot/core/data/thesaurus_es.txt) is generated from the LibreOffice Spanish thesaurus by
tools/build_spanish_thesaurus.py (source, selection and licence: bot/core/data/README.md), in the
Spanish canonical form (bot/core/languages/spanish.py). It is read the first time a Spanish card is
compiled, never at import and never for another language. A synonym is only an alias of a keyword
word, made when a card is compiled: a verdict shows the answer's own words.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "thesaurus_es.txt"

_table: list[str] | None = None  # "word synonym ...", sorted; None until a Spanish card is compiled


def loaded() -> bool:
    """Whether the table has been read."""
    return _table is not None


def _lines() -> list[str]:
    global _table
    if _table is None:
        text = TABLE_PATH.read_text(encoding="ascii")
        _table = [line for line in text.splitlines() if line and not line.startswith("#")]
    return _table


def synonyms(word: str) -> list[str]:
    """The canonical words listed for a canonical word, closest first (empty if none)."""
    lines = _lines()
    key = word + " "
    index = bisect_left(lines, key)
    return lines[index].split()[1:] if index < len(lines) and lines[index].startswith(key) else []


def keyword_aliases(vocab: dict[str, int], excluded: frozenset[str]) -> dict[str, int]:
    """For a card's vocabulary (canonical keyword word -> id): each synonym of a keyword word that is
    neither a keyword word nor in `excluded`, with the id of the first keyword word that lists it."""
    aliases: dict[str, int] = {}
    for word, word_id in list(vocab.items()):
        if word.isalpha():
            for other in synonyms(word):
                if other not in vocab and other not in excluded:
                    aliases.setdefault(other, word_id)
    return aliases
