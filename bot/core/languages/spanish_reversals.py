"""Spanish phrases that say the claim before them is the wrong way round, for bot/core/languages/spanish.py
(its `_idioms` calls these on the answer's folded words, `pieces`, and their canonical `words`):

- "(pero) es al revés", "es (justo / todo) lo contrario", "es lo opuesto" closing their clause (a mark
  after them) deny the claim they follow, as "..., pero no es así." does: "se cree que la planta libera
  oxígeno, pero es al revés: lo absorbe" (the sentence before when theirs says nothing else;
  spanish_statements.py reads it). A claim that holds a negation itself is not denied again ("no sale,
  es al revés: entra"). Not "gira al revés" nor "hace lo contrario" (a reversal said of a verb);
- "lejos de" and an infinitive (far from doing) denies what follows it, as "en vez de" does: "lejos de
  liberar oxígeno, lo absorbe" (not "lejos de la costa": a place).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.languages.alphabetic import NEGATION, words_of
from bot.core.text_normalize import MARKS

_WAS = frozenset(words_of("es era fue sera seria son"))
_QUITE = frozenset(words_of("justo todo justamente exactamente"))
INFINITIVE = re.compile(r"[a-z]{2,}(?:ar|er|ir)(?:se|lo|la|los|las)?")


def _closes(pieces: Sequence[str], words: Sequence[str], last: int, first: int) -> bool:
    """Whether pieces[first..last] close their clause after "es" (a "justo"/"todo" between allowed)."""
    if last + 1 < len(words) and words[last + 1] not in MARKS:
        return False
    before = first - 1
    if before >= 0 and pieces[before] in _QUITE:
        before -= 1
    return before >= 0 and pieces[before] in _WAS


def wrong_way_round(words: list[str], pieces: Sequence[str], index: int) -> bool:
    """`index`: "revés" after "al", or "contrario"/"opuesto" after "lo". When they close a clause after
    "es", their first word is read as "is" and the last as a negation (the reading of "..., es falso.")."""
    if index < 1 or not _closes(pieces, words, index, index - 1):
        return False
    for position in range(index - 2, max(-1, index - 4), -1):  # "es", "justo": little words
        if pieces[position] in _QUITE:
            words[position] = "very"
    words[index - 1] = "is"
    words[index] = NEGATION
    return True


def far_from(pieces: Sequence[str], index: int) -> bool:
    """Whether "lejos" at `index` is "lejos de" and an infinitive."""
    return (index + 2 < len(pieces) and pieces[index + 1] == "de"
            and INFINITIVE.fullmatch(pieces[index + 2]) is not None)
