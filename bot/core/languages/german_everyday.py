"""Everyday wording in German answers for words a card writes out:
- "24/7" is "rund um die Uhr" (as the phrase is said and written in German);
- English "more", "less", "fewer" inside a German answer ("mit more CO2") are "mehr" and "weniger", as the
  English little words inside one are the little words they are (german.py);
- words of one sense that the thesaurus (thesaurus.py, OpenThesaurus) leaves out of its small synonym sets:
  "ununterbrochen" and "unaufhörlich" for "ständig" (the sets of "ständig" and "immer" it keeps are the ones
  it builds from at most six members; these two stand in larger ones). An alias is made only for a keyword
  word of the card, as the thesaurus's are."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.languages.thesaurus import SynonymTable
from bot.core.text_normalize import casefold_ascii

ENGLISH_QUANTITIES = {"more": "mehr", "less": "weniger", "fewer": "weniger"}
_AROUND_THE_CLOCK = re.compile(r"(?<![\w/])24 ?/ ?7(?![\w/])")
# each group: words that say the same in an answer, whichever the card writes
_GROUPS = (
    ("ständig", "ununterbrochen", "unaufhörlich", "pausenlos", "andauernd", "dauernd", "fortwährend"),
)


def read_everyday(text: str) -> str:
    """`text` with "24/7" written as "rund um die Uhr" (the same text without)."""
    return _AROUND_THE_CLOCK.sub("rund um die Uhr", text) if "/" in text else text


def keyword_aliases(table: SynonymTable, canonical: Callable[[str], str]
                    ) -> Callable[[dict[str, int], frozenset[str]], dict[str, int]]:
    """The thesaurus's aliases of a card's keyword words and those of the groups above (canonical words,
    as `canonical` reads a folded lower-case word, found the first time a card is compiled)."""
    groups: list[tuple[str, ...]] = []

    def aliases(vocab: dict[str, int], excluded: frozenset[str]) -> dict[str, int]:
        found = table.keyword_aliases(vocab, excluded)
        if not groups:
            groups.extend(tuple(dict.fromkeys(canonical(casefold_ascii(word).lower()) for word in group))
                          for group in _GROUPS)
        for group in groups:
            for word in group:
                word_id = vocab.get(word)
                if word_id is not None:
                    for other in group:
                        if other not in vocab and other not in excluded:
                            found.setdefault(other, word_id)
        return found

    return aliases
