"""Spanish phrases that say "day and night", for bot/core/languages/spanish.py (called from its `_idioms`).

"a todas horas", "a cualquier hora", "las 24 horas" (or "veinticuatro") say what "día y noche" says: at
any time, by night too ("la planta respira a todas horas" = "respira de día y de noche"). Their last two
words are read as "día" and "noche", so a keyword "día y noche" or "de noche" finds them (the verdict shows
the answer's own words). "a la hora de comer", "una hora", "horas de luz" are not such phrases.
"""

from __future__ import annotations

from bot.core.languages.alphabetic import words_of

HEADS = frozenset(words_of("hora horas"))
_BEFORE = {"horas": (("a", "todas"), ("las", "24"), ("las", "veinticuatro")), "hora": (("a", "cualquier"),)}


def all_day(words: list[str], pieces: list[str], index: int, day: str, night: str) -> None:
    """`index`: a "hora"/"horas"; `day`, `night`: the canonical words of "día" and "noche"."""
    if index < 2:
        return
    if (pieces[index - 2], pieces[index - 1]) in _BEFORE[pieces[index]]:
        words[index - 1] = day
        words[index] = night
