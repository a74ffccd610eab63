"""Spanish phrases read from their neighbours (for spanish.py's `_idioms`): "al" and an infinitive open
a clause of their own, a guess ("quizás", "tal vez") states nothing of what follows it, and "y" between
two nouns joins them without cutting the clause."""

from __future__ import annotations

import re

from bot.core.languages.alphabetic import CLAUSE_STOPS, NEGATION, ForwardNegation, words_of
from bot.core.languages.spanish_statements import Hedge
from bot.core.text_normalize import MARKS, NOT_CONTENT

JOINED = "with"  # a noun phrase's "y": a little word that neither cuts a clause nor denies
GUESS = Hedge(NEGATION)
WITHOUT = ForwardNegation(NEGATION)
GUESSES = frozenset(words_of("quizas quiza posiblemente excepto tal puede mejor"))
_INFINITIVE = re.compile(r"[a-z]{2,}(?:ar|er|ir)(?:se|lo|la|los|las)?")
_ARTICLES = frozenset(words_of("el la los las un una unos unas"))


def close_infinitive_clause(words: list[str], pieces: list[str], index: int) -> None:
    """"al" and an infinitive open a clause of their own ("al evaporarse el agua", when the water
    evaporates); unmarked, it ends after its subject, where an article starts the main clause ("al
    evaporarse el agua | la sal se queda"): that article is read as a clause word."""
    if (index + 4 < len(pieces) and pieces[index + 2] in _ARTICLES and pieces[index + 4] in _ARTICLES
            and pieces[index + 3].isalpha() and _INFINITIVE.fullmatch(pieces[index + 1])):
        words[index + 4] = "while"


def guess(words: list[str], pieces: list[str], index: int, after: str) -> None:
    """A guess states nothing: "quizás", "tal vez", "a lo mejor", "puede que", "posiblemente" deny what
    follows them in their clause (a `Hedge`: spanish_statements.py); "excepto" leaves out what follows."""
    piece = pieces[index]
    if piece in ("quizas", "quiza", "posiblemente"):
        words[index] = GUESS
    elif piece == "excepto":
        words[index] = WITHOUT
    elif piece == "tal":
        if after == "vez":
            words[index] = GUESS
    elif piece == "puede":
        if after == "que" and not (index and pieces[index - 1] == "no"):
            words[index] = GUESS
    elif index > 1 and pieces[index - 2] == "a" and pieces[index - 1] == "lo":  # "a lo mejor"
        words[index - 2] = GUESS


def joins_nouns(words: list[str], pieces: list[str], index: int) -> bool:
    """Whether "y" joins two nouns ("toma CO2 del aire y el agua del suelo", "y agua de la lluvia", "y el
    agua que absorben las raíces"), not two clauses ("y el agua baja por los ríos"): a content word before
    it, a noun after it (an article first, unless "de" follows it) that the clause's end, "de" or a
    relative "que" follows. Such a "y" does not cut the clause: a word a keyword `requires` may stand on
    the other side of it, and a negation before the pair reaches both."""
    count = len(pieces)
    if not index or words[index - 1] in NOT_CONTENT or words[index - 1] == NEGATION:
        return False
    noun = index + 1
    article = noun < count and pieces[noun] in _ARTICLES
    noun += article
    if noun >= count or words[noun] in NOT_CONTENT or words[noun] == NEGATION:
        return False
    follow = words[noun + 1] if noun + 1 < count else "."
    if follow in ("of", "."):  # "de", "del", or the end
        return article or follow == "of"
    return article and (follow in MARKS or follow in CLAUSE_STOPS or (follow == "that" and pieces[noun + 1] == "que"))
