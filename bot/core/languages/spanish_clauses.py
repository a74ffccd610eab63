"""Where a Spanish clause's negation ends, and words that deny without "no", for bot/core/languages/spanish.py
(each is called from its `_idioms` on the answer's folded words, `pieces`, and their canonical `words`):

- negative concord: "nada", "nunca", "ningún" after the "no" of their clause repeat it ("no dijo nada");
- a denied predicate ends at the next verb ("la sal que no se evapora | se queda en el mar");
- saying a statement is wrong denies it ("es un error pensar que ...", "..., pero se equivocan");
- words that say "without" deny what follows them ("la falta de lluvia", "carece de", "dejó de llover").
"""

from __future__ import annotations

from bot.core.languages.alphabetic import CLAUSE_STOPS, NEGATION, SCOPE, ForwardNegation, words_of
from bot.core.languages.spanish_statements import Hedge
from bot.core.text_normalize import MARKS, NOT_CONTENT

WAS = frozenset(("es", "fue", "era", "sera", "seria", "son"))
WRONG = frozenset(words_of("error errores incorrecto incorrecta erroneo erronea mito equivoca equivocan equivocas "
                           "equivocamos equivocado equivocada equivocados equivocadas"))
_CLITICS = frozenset(words_of("se me te nos os lo la los las le les"))
_NEXT_VERB = frozenset(words_of("se es son eran fue fueron estan estaba estaban hay habia hubo ha han"))  # (not "esta", "era": nouns too)
CONCORD = frozenset(words_of("nada nadie ningun ninguno ninguna ningunos ningunas nunca jamas tampoco"))
_LICENSORS = frozenset(words_of("no ni sin nunca jamas tampoco"))


def said_wrong(words: list[str], pieces: list[str], index: int, after: str) -> None:
    """Saying a statement is wrong denies it as "es falso" does: "es un error (pensar) que ...", "es
    incorrecto decir que ...", "es un mito que ...", "se equivocan quienes dicen que ..." deny the que-clause;
    "..., pero es un error.", "..., pero se equivocan." deny their sentence (spanish_statements.py reads
    both). Not "el error fue que ..." (the mistake was that ...: it happened), nor "un error de cálculo"."""
    piece = pieces[index]
    before = index - 1
    if piece.startswith("equivoc"):
        if before < 0 or pieces[before] not in ("se", "te", "nos", "estan", "esta", "estas", "estamos"):
            return
    else:
        if before >= 0 and pieces[before] in ("un", "una", "muy"):
            before -= 1
        if before < 0 or pieces[before] not in WAS:
            return
    count = len(pieces)
    if not after or after in MARKS:
        words[index - 1] = "is"  # "es un error.", "se equivocan.": "is not" ends the sentence's denial
        words[index] = NEGATION
    elif "que" in pieces[index + 1 : index + 4] and not any(
            word in MARKS for word in words[index + 1 : min(count, index + 4)]):
        words[index] = NEGATION


def end_denied_predicate(words: list[str], pieces: list[str], index: int) -> None:
    """"no" stands before its verb (after its clitics): "no se evapora". A second verb after that one, met
    before any "que" or mark, belongs to another clause: "la sal que no se evapora | se queda", "lo que no
    se evapora | es la sal", "cuando no llueve | hay sequía". The clitic "se" or a finite "es", "está", "hay"
    there is read as a clause word, so the denial ends before it."""
    count = len(pieces)
    position = index + 1
    while position < count and pieces[position] in _CLITICS:
        position += 1
    if position >= count or words[position] in NOT_CONTENT or words[position] == NEGATION:
        return  # "no es ...", "no hay ...": the verb is a little word
    verb = position
    for position in range(verb + 1, min(count, verb + SCOPE)):
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS or word == NEGATION or word == "that":
            return
        if pieces[position] in _NEXT_VERB:
            words[position] = "while"
            return


def repeats_a_negation(words: list[str], pieces: list[str], index: int) -> bool:
    """Negative concord: "nada", "nadie", "ningún", "nunca", "jamás", "tampoco" after a negation of their
    clause ("no dijo nada", "no llegó nunca", "sin ninguna ayuda") repeat it, they do not deny again (nor
    cancel it, as a denied denial would): the clause holds one negation, whose reach they leave as it is."""
    position = index - 1
    while position >= 0:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS:
            return False
        if word == NEGATION:
            return pieces[position] in _LICENSORS and not isinstance(word, Hedge)
        position -= 1
    return False


def lexical_negation(words: list[str], pieces: list[str], index: int) -> None:
    """Words that say "without" in Spanish deny what follows them, never the clause before (as "sin"):
    "la falta de lluvia", "le falta luz" (not "hace falta luz": it is needed, nor "una falta grave"), "en
    ausencia de", "carece de", "dejó de llover" (not "no dejó de": it went on). "En absoluto" after a
    negation repeats it ("no influyó en absoluto"), as negative concord does."""
    piece = pieces[index]
    before = pieces[index - 1] if index else ""
    after = pieces[index + 1] if index + 1 < len(pieces) else ""
    if piece == "absoluto":
        if before == "en" and repeats_a_negation(words, pieces, index - 1):
            words[index - 1] = words[index] = "very"
    elif piece.startswith("falt"):
        if before not in _DOES and (after == "de" or before in _INDIRECT):
            words[index] = _WITHOUT
    elif piece.startswith("dej"):
        following = pieces[index + 2] if index + 2 < len(pieces) else ""
        if after == "de" and following.endswith(_INFINITIVE_ENDINGS) and before not in _LICENSORS:
            words[index] = _WITHOUT
    elif after == "de":  # ausencia, carece
        words[index] = _WITHOUT


_WITHOUT = ForwardNegation(NEGATION)
_DOES = frozenset(words_of("hace hacen hacia hara haria hizo hacer"))  # "hace falta": is needed
_INDIRECT = frozenset(words_of("le les me te nos"))  # "le falta luz": it lacks light
_INFINITIVE_ENDINGS = ("ar", "er", "ir", "arse", "erse", "irse")
WITHOUT_WORDS = frozenset(words_of("falta faltan faltaba faltaban falto ausencia carece carecen carecia carecian "
                                   "carecer deja dejan dejo dejaron dejaba dejaban dejar absoluto"))
