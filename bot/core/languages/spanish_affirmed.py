"""Spanish denials that affirm what follows them, for bot/core/languages/spanish.py (its `_idioms` reads
such a "no" as a little word):

- "no es / fue solo X", "no era solamente X": not only X, so X holds, and more (a "no" right before
  "solo" is read so by the shared rule already; a verb between hid it);
- "no es / fue el único X", "no fue la única causa": X is one of several;
- not until: "no ... hasta 1789", "no ... hasta que ...", "no ... hasta entonces / después / el siglo /
  el año ...": it did happen, then ("la revolución no empezó hasta 1789", "el hielo no se funde hasta que
  sube la temperatura"). "hasta" before a place or an amount ("no llega hasta el suelo", "no sube hasta
  los 2 metros") is no time: that "no" still denies.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import CLAUSE_STOPS, NEGATION, SCOPE, words_of
from bot.core.text_normalize import MARKS

_WAS = frozenset(words_of("es son era eran fue fueron sera seria"))
_ONLY = frozenset(words_of("solo solamente unicamente simplemente"))
_ARTICLES = frozenset(words_of("el la los las un una"))
_UNIQUE = frozenset(words_of("unico unica unicos unicas"))
_TIME_AFTER_HASTA = frozenset(words_of("que entonces despues luego ahora"))
_TIME_NOUNS = frozenset(words_of("siglo siglos ano anos final momento dia epoca reinado"))


def affirms(words: Sequence[str], pieces: Sequence[str], index: int) -> bool:
    """Whether the "no" at `index` affirms what follows it (the three cases above)."""
    count = len(pieces)
    after = index + 1
    if after < count and pieces[after] in _WAS:
        after += 1
        if after < count and pieces[after] in _ONLY:
            return True
        if after + 1 < count and pieces[after] in _ARTICLES and pieces[after + 1] in _UNIQUE:
            return True
    return _not_until(words, pieces, index)


def _not_until(words: Sequence[str], pieces: Sequence[str], index: int) -> bool:
    """A "hasta" of time in the clause of the "no" (within SCOPE + 2 tokens)."""
    count = len(pieces)
    for position in range(index + 1, min(count - 1, index + SCOPE + 3)):
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS or word == NEGATION:
            return False
        if pieces[position] == "hasta":
            then = pieces[position + 1]
            if then in _TIME_AFTER_HASTA or (then.isdigit() and len(then) in (3, 4)):
                return True
            return (then in _ARTICLES and position + 2 < count and pieces[position + 2] in _TIME_NOUNS)
    return False
