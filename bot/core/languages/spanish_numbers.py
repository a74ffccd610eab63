"""Spanish number words, for bot/core/languages/spanish.py: the words of one number ("dieciséis",
"veintitrés", "doscientos") are in its number table through `WORDS`; a number written in several words
("treinta y dos", "ciento veinte", "mil setecientos ochenta y nueve") is read by `join_numbers` as its
digits, every one of its tokens (as "thirty-two" is in English: bot/core/text_normalize.py), so it matches
"32", "120", "1789" and the keyword "treinta y dos" the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import words_of

_UNITS = dict(zip(words_of("uno una dos tres cuatro cinco seis siete ocho nueve"), (1, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                  strict=True))
_TEENS = {
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiuna": 21,
    "veintiun": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
}
_TENS = dict(zip(words_of("treinta cuarenta cincuenta sesenta setenta ochenta noventa"), range(30, 100, 10), strict=True))
_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
    "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500, "seiscientos": 600,
    "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800,
    "novecientos": 900, "novecientas": 900,
}
# one-word numbers the table did not have (folded; spanish.py adds them to its number words)
WORDS = {word: value for word, value in {**_TEENS, **_HUNDREDS}.items()
         if word not in ("diez", "once", "doce", "trece", "catorce", "quince", "veinte", "cien", "ciento")}
_LEVEL: dict[str, float] = {**dict.fromkeys(_UNITS, 1), **dict.fromkeys(_TEENS, 1), **dict.fromkeys(_TENS, 2), **dict.fromkeys(_HUNDREDS, 3)}
_VALUE = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS}
HEADS = frozenset((*_TENS, *_HUNDREDS, "mil"))  # a number of several words holds one of these


def join_numbers(words: list[str], pieces: Sequence[str], index: int) -> None:
    """Read the number of several words that holds `index` (a tens, hundreds or "mil" word), if any.
    Within a group below a thousand each word is of a lower order than the one before (hundreds, tens,
    units); "y" joins a tens word to a unit; "mil" multiplies the group before it ("dos mil") or stands
    for 1000 ("mil doscientos")."""
    if index and words[index - 1] == words[index] and words[index].isdigit():
        return  # (read already, from an earlier word of its run)
    start = index
    while start > 0 and (pieces[start - 1] in _LEVEL or pieces[start - 1] == "mil"):
        start -= 1
    end, number = _read(pieces, start)
    if end <= index:  # what stood before it is no part of its number ("cinco cuarenta")
        start = index
        end, number = _read(pieces, start)
    if end - start >= 2:
        for at in range(start, end):
            words[at] = number


def _read(pieces: Sequence[str], start: int) -> tuple[int, str]:
    """The end of the number that starts at `start`, and its digits."""
    total, group, position = 0, 0, start
    level: float = 4
    count = len(pieces)
    while position < count:
        piece = pieces[position]
        if piece == "mil" and total == 0:
            total, group, level = (group or 1) * 1000, 0, 4.0
        elif piece == "y" and level == 2 and position + 1 < count and pieces[position + 1] in _UNITS:
            level = 1.5  # "treinta y dos": a unit must follow
        elif _LEVEL.get(piece, 5) < level and not (piece in _TEENS and level == 2):
            group += _VALUE[piece]
            level = _LEVEL[piece]
        else:
            break
        position += 1
    return position, str(total + group)
