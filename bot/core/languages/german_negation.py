"""How far a German negation reaches, past the rule shared with the other alphabetic languages
(bot/core/languages/alphabetic.py: forward to its clause's end, or back from a clause-final "nicht").

- "kein" is an article: it denies its noun phrase, not the nouns the clause named before it ("Nachts
  gibt es keine Photosynthese" does not deny "Nachts"); before one noun that ends the clause it
  denies the verb as well ("Die Galle emulgiert keine Fette": "emulgiert"), read with German noun
  capitals (german_clauses.py). With nothing after it ("Zucker entsteht keiner") or before a noun of
  "no effect" ("Die Farbe spielt keine Rolle") the clause before it is denied. "ohne" and "ob" (whether: a doubt) deny only what follows.
- "statt"/"anstatt" (instead of) deny the noun phrase after them and no more ("statt Stärke wird
  Eiweiß gespalten": "Eiweiß" is said). How far that phrase runs is read where the words are cut
  (german_clauses.py), since German capitals mark its noun.
- a question that asks yes or no (not opened by "wer", "was", "warum", ...) is a doubt: its sentence
  is denied ("Entsteht dabei Sauerstoff?", "Die Galle spaltet Fette, oder?").
- a guess: "vielleicht" denies its clause; "..., das weiß ich nicht (genau)" / "..., bin mir nicht
  sicher" denies what the sentence said before the comma.
- "ohne X ... nicht/kein": two negations that make a need ("Ohne Wasser geht es nicht"): X is not denied.
- "Es stimmt nicht / ist nicht so / ist falsch, dass Y" and "Dass Y, stimmt nicht": the claim Y is
  denied whole; when it denies something itself, the two negations cancel ("Es stimmt nicht, dass
  Pflanzen tagsüber keine Zellatmung betreiben" says they do): german_clauses.py reads both as said.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from typing import Protocol

from bot.core.languages.alphabetic import (
    BACK_SCOPE,
    CLAUSE_STOPS,
    NEGATION,
    SCOPE,
    ForwardNegation,
    content_before,
)
from bot.core.languages.alphabetic import negated_positions as shared_negated_positions
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS
from bot.core.text_normalize import split_words as words_of_text


class ArticleNegation(ForwardNegation):
    """"kein", "keine", ...: forward only, unless nothing follows it in its clause."""

    __slots__ = ()


class NoEffect(ArticleNegation):
    """"kein" before a noun that says "no effect" ("spielt keine Rolle", "hat keinen Einfluss"): what
    the clause said before it is denied as well."""

    __slots__ = ()


class _Capitalised(Protocol):
    def __getitem__(self, index: int, /) -> bool: ...


class ArticleNegationBack(ArticleNegation):
    """"kein" and one noun ending the clause ("Die Galle emulgiert keine Fette"): the verb and adverbs
    before it (`back`: their positions, the words written small) are denied too, not the nouns."""

    def __new__(cls, back: tuple[int, ...]) -> ArticleNegationBack:
        made = super().__new__(cls, NEGATION)
        made.back = back
        return made

    back: tuple[int, ...]


class Question(ForwardNegation):
    """The first word of a question that asks yes or no ("Spaltet die Galle Fette?", "..., oder?"):
    a doubt that denies its whole sentence."""

    __slots__ = ()


class Doubt(ForwardNegation):
    """"vielleicht" (maybe): a guess, which denies its whole clause, before it as well."""

    __slots__ = ()


class InsteadOf(ForwardNegation):
    """"statt": denies the `reach` content words after it (its noun phrase), no more."""

    def __new__(cls, reach: int) -> InsteadOf:
        made = super().__new__(cls, NEGATION)
        made.reach = reach
        return made

    reach: int


class Without(ForwardNegation):
    """"ohne": forward only, and cancelled by a second negation after it ("ohne X geht es nicht")."""

    __slots__ = ()


class VerbsJoined(str):
    """"und" between two predicates of one subject: "with" to the roles, "and" to a negation."""

    __slots__ = ()


VERBS_JOINED = VerbsJoined("with")
KEIN = ArticleNegation(NEGATION)
NO_EFFECT = NoEffect(NEGATION)
_NO_EFFECT_NOUNS = frozenset(words_of_text(
    "rolle einfluss unterschied wirkung auswirkung auswirkungen effekt bedeutung zusammenhang"))
WITHOUT = Without(NEGATION)
FORWARD = ForwardNegation(NEGATION)  # "ob"
QUESTION = Question(NEGATION)
DOUBT = Doubt(NEGATION)
# the words of a doubt said after a claim ("..., das weiß ich nicht genau", "..., bin mir nicht sicher")
_HEDGE_WORDS = frozenset(words_of_text("weiss glaub sicher genau mehr wirklich eher ganz bin wiss"))
INSTEAD = tuple(InsteadOf(reach) for reach in range(4))  # by reach (0: "statt" followed by nothing)
_NEUTRAL = "the"  # what "statt" is to the shared rule: a little word that neither denies nor cuts
# what may stand between "nicht" and the comma before "dass" in "es stimmt nicht (so), dass"
_FRAME_GAP = 2
# "es ist falsch / ein Irrtum, dass ..." (canonical forms)
_FALSE = frozenset(("falsch", "quatsch", "unsinn", "blodsinn", "unwahr", "irrtum", "mythos"))
_CLAIM_LIMIT = 16  # tokens of a "dass" clause that a frame turns round
_CLAIM_ENDS = SENTENCE_MARKS | frozenset((";", ":", "\n", "•")) | (CLAUSE_STOPS - {"and"})


def negated_positions(words: Sequence[str]) -> frozenset[int]:
    """The positions a negation denies in German (see the module's docstring)."""
    if "with" in words and any(type(word) is VerbsJoined for word in words):
        words = ["and" if type(word) is VerbsJoined else word for word in words]
    starts = [index for index in compress(range(len(words)), map(NEGATION.__eq__, words))]
    special = [index for index in starts if type(words[index]) is not str]
    if any(isinstance(words[index], InsteadOf) for index in special):
        shared = list(words)
        for index in special:
            if isinstance(words[index], InsteadOf):
                shared[index] = _NEUTRAL
        denied = set(shared_negated_positions(shared))
    else:
        denied = set(shared_negated_positions(words))
    for index in special:
        word = words[index]
        if isinstance(word, InsteadOf):
            denied.update(_next_content(words, index, word.reach))
        elif isinstance(word, NoEffect) or (isinstance(word, ArticleNegation) and not _next_content(words, index, 1)):
            denied.update(content_before(words, index, BACK_SCOPE))
        elif isinstance(word, ArticleNegationBack):
            denied.update(word.back)
        elif isinstance(word, Without):
            _cancel_double(words, index, denied)
        elif isinstance(word, Question):
            denied.update(_sentence_content(words, index))
        elif isinstance(word, Doubt):
            denied.update(_next_content(words, index, SCOPE))
            denied.update(content_before(words, index, SCOPE))

    if "," in words:
        for index in starts:
            if type(words[index]) is str:
                _hedge_after(words, index, denied)
    if "that" in words:
        _turn_claims(words, denied)
    return frozenset(denied)


def article_back(words: Sequence[str], index: int, capitals: _Capitalised | None) -> tuple[int, ...] | None:
    """For "kein" at `index` followed by one content word that ends its clause: the content positions
    before it in its clause written small (all of them when the writer does not capitalise nouns),
    but a sentence's first word; else None."""
    after = _next_content(words, index, 2)
    if len(after) != 1:
        return None
    end = after[0] + 1
    if end < len(words) and words[end] not in MARKS and words[end] not in CLAUSE_STOPS:
        return None
    before = content_before(words, index, BACK_SCOPE)
    if capitals is not None:
        before = [position for position in before if not capitals[position]]
    return tuple(before)


def mark_no_effect(words: list[str], pieces: Sequence[str]) -> None:
    """"kein" before a noun of "no effect" (an adjective may stand between) becomes NO_EFFECT."""
    for index in compress(range(len(words) - 1), map(NEGATION.__eq__, words)):
        if type(words[index]) is ArticleNegation and (
                pieces[index + 1] in _NO_EFFECT_NOUNS
                or (index + 2 < len(words) and pieces[index + 2] in _NO_EFFECT_NOUNS)):
            words[index] = NO_EFFECT


def _next_content(words: Sequence[str], start: int, limit: int) -> list[int]:
    """Up to `limit` content positions after `start` in its clause."""
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


def _hedge_after(words: Sequence[str], start: int, denied: set[int]) -> None:
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


def _sentence_content(words: Sequence[str], start: int) -> list[int]:
    found = []
    position = start + 1
    while position < len(words) and words[position] not in SENTENCE_MARKS:
        if words[position] not in STOPWORDS and words[position] not in MARKS and words[position] != NEGATION:
            found.append(position)
        position += 1
    return found


def _cancel_double(words: Sequence[str], start: int, denied: set[int]) -> None:
    """"ohne X ... nicht/kein" in one sentence part: X is needed, not denied (the second negation
    still denies what it governs after it)."""
    position = start + 1
    while position < len(words) and position - start <= 8:
        word = words[position]
        if word in SENTENCE_MARKS or word in CLAUSE_STOPS or word in (";", ":", "\n"):
            return
        if word == NEGATION:
            denied.difference_update(range(start + 1, position))
            return
        position += 1


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


def _turn_claims(words: Sequence[str], denied: set[int]) -> None:
    """A claim framed as untrue is denied whole (one that denies something itself was read as said
    when the words were cut: german_clauses.py)."""
    for _, start, end in claims(words):
        denied.update(position for position in range(start, end)
                      if words[position] not in STOPWORDS and words[position] not in MARKS)


def _frames_before(words: Sequence[str], comma: int) -> int | None:
    """"nicht" (or "falsch") ends the part before the comma, at most _FRAME_GAP words after it: its position."""
    for position in range(comma - 1, max(-1, comma - 2 - _FRAME_GAP), -1):
        word = words[position]
        if word == NEGATION and not isinstance(word, InsteadOf):
            return position
        if word in _FALSE:
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
        if word in _FALSE:
            return position
        if word == NEGATION and not _next_content(words, position, 1):
            return position
        position += 1
    return None


def _claim_end(words: Sequence[str], start: int) -> int:
    position = start
    while position < min(len(words), start + _CLAIM_LIMIT):
        word = words[position]
        if word in _CLAIM_ENDS or (word == "," and position + 1 < len(words) and words[position + 1] == "and"):
            break
        position += 1
    return position
