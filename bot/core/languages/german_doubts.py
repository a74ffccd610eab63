"""Claims a German answer does not make though its words are there: doubts and claims framed as untrue
(the rules are listed in german_negation.py, which reads negations with these helpers).

- a doubt said after a comma ("..., das weiß ich nicht genau", "..., bin mir nicht sicher") denies what
  the sentence said before it;
- "Es stimmt nicht / ist nicht so / ist falsch / ist ein Irrtum, dass Y" and "Dass Y, stimmt nicht / kann
  man so nicht sagen":
  the claim Y is denied (one that denies something itself is read as said: german_clauses.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from bot.core.languages.alphabetic import CLAUSE_STOPS, NEGATION, content_after
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS
from bot.core.text_normalize import split_words as words_of_text

# the words of a doubt said after a claim ("..., das weiß ich nicht genau", "..., bin mir nicht sicher")
_HEDGE_WORDS = frozenset(words_of_text("weiss glaub sicher genau mehr wirklich eher ganz bin wiss"))

# what may stand between "nicht" and the comma before "dass" in "es stimmt nicht (so), dass"
_FRAME_GAP = 2
# "es ist falsch / ein Irrtum, dass ..." (canonical forms)
FALSE_WORDS = frozenset(("falsch", "quatsch", "unsinn", "blodsinn", "unwahr", "irrtum", "mythos", "irrglaub"))
_CLAIM_LIMIT = 16  # tokens of a "dass" clause that a frame turns round
_CLAIM_ENDS = SENTENCE_MARKS | frozenset((";", ":", "\n", "•")) | (CLAUSE_STOPS - {"and"})


def hedge_after(words: Sequence[str], start: int, denied: set[int]) -> None:
    """"Die Galle emulgiert Fette, das weiß ich nicht genau": a part after a comma that only doubts
    (its content words: "weiß", "glaube", "sicher", ...) denies what the sentence said before the comma."""
    position = start + 1
    while position < len(words) and words[position] not in MARKS:
        if not _hedge_word(words[position]):
            return
        position += 1
    position = start - 1
    hedged = False
    while position >= 0 and words[position] != ",":
        word = words[position]
        if word in MARKS or not _hedge_word(word):
            return
        hedged = hedged or word in _HEDGE_WORDS
        position -= 1
    if position <= 0 or not hedged:
        return
    position -= 1
    while position >= 0 and words[position] not in SENTENCE_MARKS and words[position] not in ("\n", ";"):
        word = words[position]
        if word not in STOPWORDS and word not in MARKS and word != NEGATION:
            denied.add(position)
        position -= 1


def _hedge_word(word: str) -> bool:
    return word in STOPWORDS or word in _HEDGE_WORDS or word in CLAUSE_STOPS


def sentence_content(words: Sequence[str], start: int) -> list[int]:
    found = []
    position = start + 1
    while position < len(words) and words[position] not in SENTENCE_MARKS:
        if words[position] not in STOPWORDS and words[position] not in MARKS and words[position] != NEGATION:
            found.append(position)
        position += 1
    return found


def claims(words: Sequence[str]) -> list[tuple[int, int, int]]:
    """The claims framed as untrue ("es stimmt nicht, dass Y", "Dass Y, ist falsch"): per claim, the
    frame's negation (or "falsch"), and where Y starts and ends."""
    count = len(words)
    found = []
    for at in compress(range(count), map("that".__eq__, words)):
        if at >= 2 and words[at - 1] == ",":
            frame = _frames_before(words, at - 1)
            if frame is not None:
                found.append((frame, at + 1, _claim_end(words, at + 1)))
        elif at == 0 or words[at - 1] in SENTENCE_MARKS or words[at - 1] in ("\n", ";", ":"):
            comma = at + 1
            while comma < min(count, at + _CLAIM_LIMIT) and words[comma] not in MARKS:
                comma += 1
            if comma < count and words[comma] == ",":
                frame = _frames_after(words, comma)
                if frame is not None:
                    found.append((frame, at + 1, comma))
    return found


def turn_claims(words: Sequence[str], denied: set[int]) -> None:
    """A claim framed as untrue is denied whole (one that denies something itself was read as said
    when the words were cut: german_clauses.py)."""
    for _, start, end in claims(words):
        denied.update(position for position in range(start, end)
                      if words[position] not in STOPWORDS and words[position] not in MARKS)


def _frames_before(words: Sequence[str], comma: int) -> int | None:
    """"nicht" (or "falsch") ends the part before the comma, at most _FRAME_GAP words after it: its position."""
    for position in range(comma - 1, max(-1, comma - 2 - _FRAME_GAP), -1):
        word = words[position]
        if word == NEGATION:
            return position
        if word in FALSE_WORDS:
            return position
        if word in MARKS:
            return None
    return None


def _frames_after(words: Sequence[str], comma: int) -> int | None:
    """The part after the comma is short and says "nicht" or "falsch" ("stimmt so nicht"): its position."""
    position = comma + 1
    while position < len(words) and position - comma <= 5:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS:
            return None
        if word in FALSE_WORDS:
            return position
        if word == NEGATION and all(words[after] in _SAYING for after in content_after(words, position, 2)):
            return position  # "stimmt so nicht", "kann man so nicht sagen"
        position += 1
    return None


_SAYING = frozenset(("sag", "behaup"))  # "sagen", "behaupten" (canonical forms)


def _claim_end(words: Sequence[str], start: int) -> int:
    position = start
    while position < min(len(words), start + _CLAIM_LIMIT):
        word = words[position]
        if word in _CLAIM_ENDS or (word == "," and position + 1 < len(words) and words[position + 1] == "and"):
            break
        position += 1
    return position
