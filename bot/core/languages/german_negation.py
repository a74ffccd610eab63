"""How far a German negation reaches, past the rule shared with the other alphabetic languages
(bot/core/languages/alphabetic.py: forward to its clause's end, or back from a clause-final "nicht").

- "kein" is an article: it denies its noun phrase, not the nouns the clause named before it ("Nachts
  gibt es keine Photosynthese" does not deny "Nachts"); before one noun that ends the clause it
  denies the verb as well ("Die Galle emulgiert keine Fette": "emulgiert"), read with German noun
  capitals (german_clauses.py). With nothing after it ("Zucker entsteht keiner") or before a noun of
  "no effect" ("Die Farbe spielt keine Rolle", "Davon kann keine Rede sein") the clause before it is denied. "ohne" and "ob" (whether: a doubt) deny only what follows.
- "statt"/"anstatt" (instead of) deny the noun phrase after them and no more ("statt Stärke wird
  Eiweiß gespalten": "Eiweiß" is said). How far that phrase runs is read where the words are cut
  (german_clauses.py), since German capitals mark its noun.
- a question that asks yes or no (not opened by "wer", "was", "warum", ...) is a doubt: its sentence
  is denied ("Entsteht dabei Sauerstoff?", "Die Galle spaltet Fette, oder?").
- a guess: "vielleicht" denies its clause; "..., das weiß ich nicht (genau)" / "..., bin mir nicht
  sicher" denies what the sentence said before the comma.
- "X hat nichts / nix mit Y zu tun": X is denied as well as Y.
- "ohne X ... nicht/kein": two negations that make a need ("Ohne Wasser geht es nicht"): X is not denied.
- "nicht" also denies its main clause's finite verb; beliefs reported of others, refuted claims and
  "doppelt ..., halb ..." are denied (german_statements.py).
- "Es stimmt nicht / ist nicht so / ist falsch, dass Y" and "Dass Y, stimmt nicht": the claim Y is
  denied whole; when it denies something itself, the two negations cancel ("Es stimmt nicht, dass
  Pflanzen tagsüber keine Zellatmung betreiben" says they do): german_clauses.py reads both as said.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import compress, repeat
from typing import Protocol

from bot.core.languages.alphabetic import (
    BACK_SCOPE,
    CLAUSE_STOPS,
    NEGATION,
    SCOPE,
    ForwardNegation,
    content_after,
    content_before,
)
from bot.core.languages.alphabetic import negated_positions as shared_negated_positions
from bot.core.languages.german_doubts import hedge_after, sentence_content, turn_claims
from bot.core.languages.german_statements import PredicateNegation, Reported
from bot.core.text_normalize import MARKS, SENTENCE_MARKS
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
    "rolle einfluss unterschied wirkung auswirkung auswirkungen effekt bedeutung zusammenhang rede"))
WITHOUT = Without(NEGATION)
FORWARD = ForwardNegation(NEGATION)  # "ob"
QUESTION = Question(NEGATION)
DOUBT = Doubt(NEGATION)
INSTEAD = tuple(InsteadOf(reach) for reach in range(4))  # by reach (0: "statt" followed by nothing)
_NEUTRAL = "the"  # what "statt" is to the shared rule: a little word that neither denies nor cuts
_OWN_REACH = (InsteadOf, Reported)  # negations that deny only the positions they name
def negated_positions(words: Sequence[str]) -> frozenset[int]:
    """The positions a negation denies in German (see the module's docstring)."""
    present = set(words)
    if "with" in present and any(map(operator.is_, words, repeat(VERBS_JOINED))):  # (C-level: the one instance)
        words = ["and" if word is VERBS_JOINED else word for word in words]
    starts = list(compress(range(len(words)), map(NEGATION.__eq__, words)))
    special = [index for index in starts if type(words[index]) is not str]
    if any(isinstance(words[index], _OWN_REACH) for index in special):
        shared = list(words)
        for index in special:
            if isinstance(words[index], _OWN_REACH):
                shared[index] = _NEUTRAL
        denied = set(shared_negated_positions(shared))
    else:
        denied = set(shared_negated_positions(words))
    for index in special:
        word = words[index]
        if isinstance(word, InsteadOf):
            denied.update(content_after(words, index, word.reach))
        elif isinstance(word, NoEffect) or (isinstance(word, ArticleNegation) and not content_after(words, index, 1)):
            denied.update(content_before(words, index, BACK_SCOPE))
        elif isinstance(word, ArticleNegationBack):
            denied.update(word.back)
        elif isinstance(word, Without):
            _cancel_double(words, index, denied)
        elif isinstance(word, Question):
            denied.update(sentence_content(words, index))
        elif type(word) is PredicateNegation:
            denied.add(word.verb)
        elif type(word) is Reported:
            denied.update(word.positions)
        elif isinstance(word, Doubt):
            denied.update(content_after(words, index, SCOPE))
            denied.update(content_before(words, index, SCOPE))

    if "tun" in present:
        for index in starts:
            _nothing_to_do_with(words, index, denied)
    if "," in present:
        for index in starts:
            if type(words[index]) is str or type(words[index]) is PredicateNegation:
                hedge_after(words, index, denied)
    if "that" in present:
        turn_claims(words, denied)
    return frozenset(denied)


def article_back(words: Sequence[str], index: int, capitals: _Capitalised | None) -> tuple[int, ...] | None:
    """For "kein" at `index` followed by one content word that ends its clause: the content positions
    before it in its clause written small (all of them when the writer does not capitalise nouns),
    but a sentence's first word; else None."""
    after = content_after(words, index, 2)
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


def _nothing_to_do_with(words: Sequence[str], start: int, denied: set[int]) -> None:
    """"X hat nichts mit Y zu tun" (nothing to do with): what the clause says before it is denied too."""
    position = start + 1
    while position + 1 < len(words) and words[position] not in MARKS and words[position] not in CLAUSE_STOPS:
        if words[position] == "to" and words[position + 1] == "tun":
            denied.update(content_before(words, start, BACK_SCOPE))
            return
        position += 1


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
