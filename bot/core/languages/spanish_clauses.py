"""Where a Spanish clause's negation ends, and words that deny without "no", for bot/core/languages/spanish.py
(each is called from its `_idioms` on the answer's folded words, `pieces`, and their canonical `words`):

- negative concord: "nada", "nunca", "ningún" after the "no" of their clause repeat it ("no dijo nada");
- a denied predicate ends at the next verb ("la sal que no se evapora | se queda en el mar");
- saying a statement is wrong denies it ("es un error pensar que ...", "..., pero se equivocan");
- words that say "without" deny what follows them ("la falta de lluvia", "carece de", "dejó de llover");
- a clitic after a contrast takes up a denied verb's object, which is then not denied ("no libera
  energía, sino que la almacena": only "libera" is), and reads as that object ("la almacena" is
  "almacena energía");
- "sí (que)" with the verb a "no" denied answers that denial ("dicen que no lo necesita, pero sí que lo
  necesita");
- "en realidad" after a belief corrects it ("muchos creen que ..., pero en realidad ...").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import CLAUSE_STOPS, NEGATION, SCOPE, ForwardNegation, words_of
from bot.core.languages.spanish_statements import Hedge
from bot.core.text_normalize import MARKS, NOT_CONTENT, SENTENCE_MARKS

WAS = frozenset(("es", "fue", "era", "sera", "seria", "son"))
WRONG = frozenset(words_of("error errores incorrecto incorrecta erroneo erronea mito equivoca equivocan equivocas "
                           "equivocamos equivocado equivocada equivocados equivocadas"))
CLITICS = frozenset(words_of("se me te nos os lo la los las le les"))
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
    se evapora | es la sal", "cuando no llueve | hay sequía", "el agua que no es salada | se bebe". The clitic
    "se" or a finite "es", "está", "hay" there is read as a clause word, so the denial ends before it."""
    count = len(pieces)
    position = index + 1
    while position < count and pieces[position] in CLITICS:
        position += 1
    if position < count and words[position] == "is":  # "que no es salada | se evapora": its predicate
        position += 1
        while position < count and words[position] in _DETERMINERS:
            position += 1
    if position >= count or words[position] in NOT_CONTENT or words[position] == NEGATION:
        return  # "no hay ...", "no es que ...": no verb or predicate of its own
    verb = position
    for position in range(verb + 1, min(count, verb + SCOPE)):
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS or word == NEGATION or word == "that" or pieces[position] == "si":
            return  # (a "si" opens a clause of its own: "no estoy seguro de si ...")
        if pieces[position] in _NEXT_VERB:
            words[position] = "while"
            return


def repeats_a_negation(words: list[str], pieces: list[str], index: int) -> bool:
    """Negative concord: "nada", "nadie", "ningún", "nunca", "jamás", "tampoco" after a negation of their
    clause ("no dijo nada", "no llegó nunca", "sin ninguna ayuda") repeat it, they do not cancel it as a
    denied denial would: the clause holds one negation (at the clause's end, a little word; else a
    `Concord`, which reaches on)."""
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


class Resumed(str):
    """A clitic ("lo", "la") that takes up the object of a denied verb in the next clause ("no libera
    energía sino que la almacena"): read as that object's first word ("energía", so a word a keyword
    `requires` stands in the clause of the verb that is said), or as the little word "its" when no object
    of its number is found; `negation` is the position of the denial it answers."""

    negation: int

    def __new__(cls, negation: int, word: str = "its") -> Resumed:
        marker = super().__new__(cls, word)
        marker.negation = negation
        return marker


def resume_object(words: list[str], pieces: list[str], index: int) -> None:
    """"no V1 N sino (que) CL V2", "no V1 N, CL V2", "en vez de V1 N, CL V2": a clitic right after the
    contrast takes N up as the object of V2 ("no libera energía sino que la almacena", "en vez de gastar
    oxígeno, lo libera"), so the denial is of V1 alone. Marks that clitic (a `Resumed`); `undenied_objects`
    then keeps N."""
    count = len(pieces)
    for position in range(index + 1, min(count - 2, index + 1 + SCOPE + 2)):
        piece = pieces[position]
        if piece == "sino":
            clitic = position + 2 if pieces[position + 1] == "que" else position + 1
        elif piece in (",", ";", ":"):
            if pieces[position + 1] == "sino":
                continue
            clitic = position + 1
        elif words[position] in MARKS or words[position] in CLAUSE_STOPS or words[position] == NEGATION:
            return
        else:
            continue
        verb = clitic + 1
        if (verb < count and pieces[clitic] in _OBJECTCLITICS and words[verb] not in NOT_CONTENT
                and (verb + 1 == count or words[verb + 1] in MARKS or words[verb + 1] in _AFTER_A_VERB)):
            head = _object_of(words, index, clitic)
            plural = pieces[clitic].endswith("s")
            agrees = head is not None and pieces[head].endswith("s") == plural
            words[clitic] = Resumed(index, words[head] if agrees and head is not None else "its")
        return


def _object_of(words: Sequence[str], negation: int, clitic: int) -> int | None:
    """The first word of the denied verb's object (the first content word after the negation is the verb;
    an optional determiner follows it), before the clitic; None when the verb has none."""
    position = negation + 1
    while position < clitic and words[position] in NOT_CONTENT:
        position += 1  # the verb's own clitics, "de" of "en vez de"
    position += 1  # past the verb
    if position < clitic and words[position] in _DETERMINERS:
        position += 1
    if position < clitic and words[position] not in NOT_CONTENT and words[position] != NEGATION:
        return position
    return None


def undenied_objects(words: Sequence[str], denied: frozenset[int]) -> frozenset[int]:
    """`denied` without the objects that a `Resumed` clitic takes up: after the denied verb (the first
    content word after the negation), an optional determiner, then up to 3 content words in a row."""
    kept: set[int] = set()
    for clitic, marker in enumerate(words):
        if type(marker) is not Resumed:
            continue
        position = marker.negation + 1
        while position < clitic and words[position] in NOT_CONTENT:
            position += 1  # the verb's own clitics, "de" of "en vez de"
        position += 1  # past the verb
        if position < clitic and words[position] in _DETERMINERS:
            position += 1
        while position < clitic and len(kept) < 3 and words[position] not in NOT_CONTENT and words[position] != NEGATION:
            kept.add(position)
            position += 1
    return denied - kept if kept else denied


_OBJECTCLITICS = frozenset(words_of("lo la los las"))
# what follows a verb, not an article's noun ("la acumula en ...", not "la montaña crece")
# ("de", "y" left out: a noun is followed by them as often, "la cima de ...", "la sal y ...")
_AFTER_A_VERB = frozenset(("in", "to", "with", "by", "for", "until", "from", "as"))
_DETERMINERS = frozenset(("the", "a", "this", "its"))


def reaffirmed(words: list[str], pieces: list[str], index: int) -> None:
    """"sí (que)" and a verb a nearby "no" denied ("dicen que no lo necesita, pero sí que lo necesita", "no
    llueve..., sí llueve") says the opposite of that denial: the "no" is read as a little word. A "sí" with
    no verb after it ("los animales no, las plantas sí") or another verb leaves it."""
    count = len(pieces)
    verb = index + 2 if index + 1 < count and pieces[index + 1] == "que" else index + 1
    while verb < count and pieces[verb] in CLITICS:
        verb += 1
    if verb >= count or words[verb] in NOT_CONTENT or words[verb] == NEGATION:
        return
    for position in range(index - 1, max(-1, index - _REAFFIRM_REACH), -1):
        if words[position] == NEGATION and pieces[position] == "no":
            denied_verb = position + 1
            while denied_verb < index and pieces[denied_verb] in CLITICS:
                denied_verb += 1
            if words[denied_verb] == words[verb]:
                words[position] = "very"
            return


_REAFFIRM_REACH = 30  # tokens back to the denial a "sí" answers


def belief_corrected(words: list[str], pieces: list[str], index: int) -> None:
    """"en realidad" right after a belief ("muchos creen que la sal se evapora,
    pero en realidad se queda", "se dice que ... En realidad, ...") correct it: the belief verb denies its
    que-clause (as "no creo que" does, spanish_statements.py). Looked for in the sentence before, or in
    the one before that when the correction opens its own sentence. ("de hecho", "realmente" confirm as
    often as they correct: "dicen que se evapora, y de hecho lo vemos".)"""
    if not (index and pieces[index - 1] == "en"):
        return
    sentences = 0
    for position in range(index - 1, max(-1, index - _BELIEF_REACH), -1):
        if words[position] in SENTENCE_MARKS:
            sentences += 1
            if sentences > 1 or any(word not in NOT_CONTENT for word in words[position + 1 : index - 1]):
                return  # (the sentence before is looked at only from the start of this one)
        if pieces[position] in _BELIEFS and position + 1 < len(pieces) and pieces[position + 1] == "que":
            words[position] = NEGATION
            return


_BELIEFS = frozenset(words_of("cree creen creia creian creemos piensa piensan pensaba pensaban pensamos dice dicen "
                              "decia decian dicho opina opinan parece parecia"))
_BELIEF_REACH = 40  # tokens back from the correction to the belief
CORRECTIONS = frozenset(("realidad",))
