"""Spanish: Snowball stems, accents optional ("evaporacion" = "evaporación"), negation by no, nunca,
jamás, ni, sin, tampoco, ningún, nada, nadie, and reversal by "inversamente", "al revés", "a la inversa"
(bot/core/languages/alphabetic.py reads them); "todos", "también", "ambos" ("los dos") are words of their
own, as a keyword needs them. Symbols with digits ("CO2") and questions: spanish_tokens.py; how far a
denial of a statement reaches ("no creo que ...", "..., eso no es así"): spanish_statements.py. "cuando" opens a clause of its own: a negation before it
does not reach past it ("no llueve cuando hay sol"), nor does a misconception's phrase. An English
"-tion" word in the answer reads as the Spanish "-ción" ("evaporation" = "evaporación"). Negative concord
("no dijo nada") is one negation; a denied predicate ends at the next verb ("la sal que no se evapora | se
queda"); saying a statement is wrong ("es un error pensar que ...", "..., pero se equivocan") denies it, and
"falta de", "carece de", "dejó de" deny what follows them (spanish_clauses.py). "a todas horas" reads as
"día y noche" (spanish_times.py); names of substances take no thesaurus synonyms (spanish_terms.py); "no fue
solo X", "no es el único X", "no ... hasta que" affirm (spanish_affirmed.py); "me pregunto si", "no sé si",
"es imposible que", "..., pero no estoy seguro." state nothing (spanish_doubts.py); "..., pero es al revés." and
"lejos de" + infinitive deny (spanish_reversals.py); "treinta y dos", "mil setecientos" read as their digits
(spanish_numbers.py). The word tables: spanish_words.py; "al" + infinitive, guesses and "y" between
nouns: spanish_phrases.py."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import (
    BACK_SCOPE,
    CLAUSE_STOPS,
    NEGATION,
    AlphabeticLanguage,
    words_of,
)
from bot.core.languages.spanish_affirmed import affirms
from bot.core.languages.spanish_clauses import (
    CLITICS,
    CONCORD,
    CORRECTIONS,
    WAS,
    WITHOUT_WORDS,
    WRONG,
    belief_corrected,
    end_denied_predicate,
    lexical_negation,
    reaffirmed,
    repeats_a_negation,
    resume_object,
    said_wrong,
    undenied_objects,
)
from bot.core.languages.spanish_doubts import SURE, UNLIKELY, asks_whether, denies_que
from bot.core.languages.spanish_numbers import HEADS as _NUMBER_HEADS
from bot.core.languages.spanish_numbers import join_numbers
from bot.core.languages.spanish_phrases import (
    GUESS,
    GUESSES,
    JOINED,
    WITHOUT,
    close_infinitive_clause,
    guess,
    joins_nouns,
)
from bot.core.languages.spanish_reversals import far_from, wrong_way_round
from bot.core.languages.spanish_spelling import english_spelling, stem
from bot.core.languages.spanish_statements import Concord, StatementReach
from bot.core.languages.spanish_times import HEADS as _HOURS
from bot.core.languages.spanish_times import all_day
from bot.core.languages.spanish_tokens import read_tokens
from bot.core.languages.spanish_words import LITTLE, NEGATIONS, NUMBERS, ORDINAL_ENDINGS
from bot.core.text_normalize import MARKS, STOPWORDS, Tokens

_DOUBT = frozenset(("duda", "dudas"))
_NEUTRAL = "very"  # a little word that neither denies nor ends a clause


def _idioms(words: list[str], pieces: list[str]) -> None:
    """Negation words whose meaning a neighbour decides:
    - "sin" denies only what follows it (a preposition: "se evapora sin hervir");
    - no denial in "sin duda", "no cabe duda", "no hay duda" (certainty), "no deja de" (still is) and
      "no obstante" / "sin embargo" (a "but");
    - "en lugar de", "en vez de" (instead of) deny only what follows, as "sin"; "es falso que" denies what
      follows;
    - "no (fue) porque ..." denies the reason; "no fue hasta ..." (not until) denies nothing;
    - "en sentido contrario" reverses as "al revés" does; "al contrario" and "en cambio" are a "but",
      "ya que", "puesto que", "dado que" a "because" (each ends a negation's reach)."""
    count = len(pieces)
    for index in compress(range(count), map(_LOOKED_AT.__contains__, pieces)):
        piece = pieces[index]
        if piece not in _IDIOM_HEADS:  # an ordinal's ending
            if index and pieces[index - 1].isdigit():
                words[index] = "the"
            continue
        after = pieces[index + 1] if index + 1 < count else ""
        if piece == "si":
            if index + 1 < count and (after == "que" or after in MARKS or pieces[index + 1] in CLITICS):
                reaffirmed(words, pieces, index)  # "sí que lo necesita" (an "if" is followed by its clause)
            elif asks_whether(pieces, index):  # "me pregunto si ...": states nothing (spanish_doubts.py)
                words[index] = GUESS
        elif piece in CORRECTIONS:
            belief_corrected(words, pieces, index)
        elif piece in WITHOUT_WORDS:
            lexical_negation(words, pieces, index)
        elif piece in CONCORD:
            if repeats_a_negation(words, pieces, index):  # "no dijo nada": one negation
                ends = index + 1 == count or words[index + 1] in MARKS or words[index + 1] in CLAUSE_STOPS
                words[index] = _NEUTRAL if ends else _CONCORD_NEGATION  # (one that reaches on: "no hubo ... ninguna sequía")
        elif piece == "sin":
            words[index] = "but" if after == "embargo" else _NEUTRAL if after in _DOUBT else WITHOUT
        elif piece in GUESSES:
            guess(words, pieces, index, after)
        elif piece in ("y", "e"):
            if not words[index].isdigit() and joins_nouns(words, pieces, index):  # (not "treinta y dos")
                words[index] = JOINED
        elif piece in _WORDS_OF_THEIR_OWN:
            _word_of_its_own(words, pieces, index)
        elif piece == "no":
            step = 2 if after in WAS and index + 2 < count else 1
            then = pieces[index + step] if index + step < count else ""
            if then == "porque":  # "no (fue) porque ...": the reason is denied, though "porque" opens it
                words[index + step] = "by"
            elif then == "hasta" and step == 2:  # "no fue hasta 1789 que ...": not until, it did
                words[index] = _NEUTRAL
            elif after == "obstante":
                words[index] = words[index + 1] = "but"
            elif not _DOUBT.isdisjoint(pieces[index + 1 : index + 3]) or (
                    after.startswith("dej") and index + 2 < count and pieces[index + 2] == "de"):
                words[index] = _NEUTRAL
            elif after in _I_DOUBT:  # "no dudo que ...": I don't doubt it, it is so
                words[index] = words[index + 1] = _NEUTRAL
            elif any(map(_AFFIRMED_BY_DENIAL.__contains__, pieces[index + 1 : index + 4])):
                words[index] = _NEUTRAL  # "no hay que olvidar que ...", "no se puede negar que ...": it is so
            elif affirms(words, pieces, index):  # "no fue solo ...", "no empezó hasta 1789" (spanish_affirmed.py)
                words[index] = _NEUTRAL
            else:
                end_denied_predicate(words, pieces, index)
                resume_object(words, pieces, index)
        elif piece in ("lugar", "vez", "lejos"):  # "en lugar de", "en vez de": a preposition, as "sin"
            if (index and pieces[index - 1] == "en" and after in ("de", "del")) or (piece == "lejos" and far_from(pieces, index)):
                words[index] = WITHOUT
                resume_object(words, pieces, index)
        elif piece == "al":
            if after == "contrario":  # on the contrary: a "but"
                words[index] = words[index + 1] = "but"
            elif after == "reves":  # "gira al revés": "al" denies, "revés" stays a word (not the stem
                if not wrong_way_round(words, pieces, index + 1):  # ("pero es al revés.": spanish_reversals.py)
                    words[index] = NEGATION  # of "rebosar", whose synonyms "sobrar", "derramar" are no reversal)
                    words[index + 1] = after
            else:
                close_infinitive_clause(words, pieces, index)
        elif piece in _SINCE:  # "ya que", "puesto que", "dado que": a "because"
            if after == "que":
                words[index] = "because"
        elif piece == "cambio":  # "en cambio": a "but"
            if index and pieces[index - 1] == "en":
                words[index] = "but"
        elif piece in _OPPOSITE:  # "gira en sentido contrario": reversed, as "al revés"
            if index and pieces[index - 1] == "lo":
                wrong_way_round(words, pieces, index)  # "pero es lo contrario." (spanish_reversals.py)
            elif index and pieces[index - 1] in ("sentido", "direccion") and words[index] != "but":
                words[index] = NEGATION
            elif index > 1 and pieces[index - 2] == "a" and pieces[index - 1] == "la":  # "a la inversa"
                words[index - 2] = NEGATION
        elif piece in WRONG:
            said_wrong(words, pieces, index, after)
        elif piece in _NUMBER_HEADS:  # "treinta y dos", "mil setecientos" (spanish_numbers.py)
            join_numbers(words, pieces, index)
        elif piece in _HOURS:  # "a todas horas": "día y noche" (spanish_times.py)
            all_day(words, pieces, index, _DAY, _NIGHT)
        elif after == "que":  # falso, falsa, mentira, imposible, "poco probable" (spanish_doubts.py)
            if denies_que(pieces, index):
                words[index] = NEGATION
        elif (not after or after in MARKS) and index and pieces[index - 1] in WAS:
            words[index] = NEGATION  # "..., eso es falso." (what it denies: spanish_statements.py)


def _word_of_its_own(words: list[str], pieces: list[str], index: int) -> None:
    """Words that a little word's meaning would lose: "los dos", "las dos", "ambos", "ambas" are one
    word, "both" ("los dos procesos" = "ambos procesos"; "dos" alone is a count: "dos vecinos"; "a las
    dos" is a time); "tb", "tmb" are "también"; "todo" in "sobre todo" (above all) is a little word."""
    piece = pieces[index]
    before = pieces[index - 1] if index else ""
    if piece == "dos":
        if before in ("los", "las") and not (before == "las" and index > 1 and pieces[index - 2] == "a"):
            words[index] = _BOTH
    elif piece in ("ambos", "ambas"):
        words[index] = _BOTH
    elif piece == "todo":
        if before == "sobre":
            words[index - 1] = words[index] = _NEUTRAL
    else:
        words[index] = _ALSO


_CONCORD_NEGATION = Concord(NEGATION)
_OPPOSITE = frozenset(words_of("contrario contraria opuesto opuesta inverso inversa"))
_SINCE = frozenset(words_of("ya puesto dado"))
_I_DOUBT = frozenset(words_of("dudo dudamos dudan"))
_AFFIRMED_BY_DENIAL = frozenset(words_of("olvidar olvides olvidemos negar niega niegan niego"))
_WORDS_OF_THEIR_OWN = frozenset(words_of("dos todo ambos ambas tb tmb tmbn"))
_IDIOM_HEADS = frozenset(("al", "sin", "si", *CORRECTIONS, *CONCORD, *WITHOUT_WORDS, "no", "lugar", "vez", "lejos", "falso", "falsa", "mentira", *WRONG, "cambio", *_OPPOSITE, *_SINCE,
                          *_WORDS_OF_THEIR_OWN, *GUESSES, *_HOURS, *UNLIKELY, *_NUMBER_HEADS, "y", "e"))
_LOOKED_AT = _IDIOM_HEADS | ORDINAL_ENDINGS


LANGUAGE = AlphabeticLanguage(
    "es", "spanish", LITTLE, NEGATIONS, NUMBERS,
    fold=english_spelling, stem=stem, after_tokens=_idioms, rises=("aumenta", "disminuye"))
# Spanish puts an article before a noun taken in general ("la lluvia es agua dulce" is "rain is fresh
# water"): a run of six words, not five, is what copies the question's wording.
_SEE = LANGUAGE.canonical("ver")
_BOTH = LANGUAGE.canonical("ambos")
_ALSO = LANGUAGE.canonical("tambien")
_DAY = LANGUAGE.canonical("dia")
_NIGHT = LANGUAGE.canonical("noche")
_STATEMENTS = StatementReach(frozenset(map(LANGUAGE.canonical, words_of("cierto cierta verdad correcto correcta " + SURE))) | {"so"})


# A formula read as the word it names, as a student writes either ("6 O2" = "oxígeno"; "C6H12O6" =
# "glucosa"); a formula of a name of several words ("CO2": "dióxido de carbono") stays a symbol.
_FORMULAS = {formula: LANGUAGE.canonical(name) for formula, name in (
    ("h2o", "agua"), ("o2", "oxígeno"), ("h2", "hidrógeno"), ("n2", "nitrógeno"), ("c6h12o6", "glucosa"),
    ("ch4", "metano"), ("nh3", "amoníaco"), ("o3", "ozono"))}


def _tokenize(text: str) -> Tokens:
    return read_tokens(LANGUAGE.tokenize(text), _FORMULAS)


def _negated_positions(words: Sequence[str]) -> frozenset[int]:
    """The shared reach of a negation, and "no tener nada que ver" (to have nothing to do with): what
    its clause says before it is denied, however much follows it."""
    denied = _STATEMENTS.negated_positions(words)
    for see in compress(range(2, len(words)), map(_SEE.__eq__, words[2:])):
        if words[see - 1] == "that":
            # "no tuvo nada que ver", "no tiene que ver", "nada que ver": the negation a little before
            for start in range(see - 2, max(-1, see - 5), -1):
                if words[start] == NEGATION:
                    denied = denied.union(_clause_before(words, start))
                    break
                if words[start] in MARKS:
                    break
    return undenied_objects(words, denied)


def _clause_before(words: Sequence[str], start: int) -> list[int]:
    """Content positions before `start` in its clause, past the "no" that goes with "nada"."""
    found: list[int] = []
    position = start - 1
    while position >= 0 and len(found) < BACK_SCOPE:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS:
            break
        if word != NEGATION and word not in STOPWORDS:
            found.append(position)
        position -= 1
    return found


def _keyword_aliases(vocab: dict[str, int], excluded: frozenset[str]) -> dict[str, int]:
    """Synonyms from the Spanish thesaurus (its table is read on the first Spanish card compiled); the
    names of elements and substances take none (spanish_terms.py)."""
    from bot.core.languages.thesaurus import SPANISH

    global _TERMS
    if _TERMS is None:
        from bot.core.languages.spanish_terms import TERMS

        _TERMS = frozenset(map(LANGUAGE.canonical, words_of(TERMS)))
    # "not" is a negation, not the stem the table lists ("nota"): it has no synonyms
    return SPANISH.keyword_aliases({word: ids for word, ids in vocab.items() if word != NEGATION and word not in _TERMS},
                                   excluded | {NEGATION})


_TERMS: frozenset[str] | None = None  # (canonical; made on the first Spanish card compiled)


RULES = LanguageRules(code="es", tokenize=_tokenize, negated_positions=_negated_positions, copy_run=6,
                      keyword_aliases=_keyword_aliases)
