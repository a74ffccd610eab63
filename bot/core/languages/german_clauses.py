"""Where a German "und" or "als" cuts a clause, and how far "statt" reaches, read with the capitals
German writes every noun with.

- "und" between two nouns joins them into one phrase ("nimmt Kohlenstoffdioxid und Wasser auf",
  "es entstehen Zucker und Sauerstoff"): it is read as a little word that does not cut the clause, so a
  word a keyword `requires` may stand on the other side of it, and a negation before the phrase
  reaches both nouns ("keine Glukose und Sauerstoff"). Between clauses ("nimmt CO2 auf und gibt
  Sauerstoff ab", "und Sauerstoff wird frei") it stays "and". The noun after it must be followed by
  the clause's end, a preposition or article, or a verb's separated prefix.
- "und" before a verb (a word written small, where nouns have capitals) joins two predicates of one
  subject ("stellt Zucker her und gibt Sauerstoff ab"): it does not cut the clause for the roles, but
  a negation still stops there (german_negation.py).
- "als" is "than" (which cuts, as in English) only after a comparative ("kleiner als", "mehr Strom
  als"); else it is "as" ("als Nebenprodukt entsteht Sauerstoff", "Als ich kam, ...").
- "es stimmt nicht, dass ... kein ...": a claim framed as untrue that denies something itself says
  it (german_negation.py): both negations are read as little words.
- a question asking yes or no: its first word is read as a doubt (german_negation.py).
- "statt"/"anstatt" (instead of) deny their noun phrase: the words up to its first capitalised one
  (german_negation.py); "findet ... statt" at the end of a clause is a verb's prefix, not a denial.
- a main clause's finite verb before "nicht", reported beliefs, refutations and "doppelt ..., halb ..."
  are read by german_statements.py.
In an answer written all in lower case (or only sentences capitalised) the rules read without the capitals.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from itertools import compress

from bot.core.languages import german_statements as statements
from bot.core.languages.alphabetic import CLAUSE_STOPS, NEGATION, content_after, words_of
from bot.core.languages.german_capitals import SENTENCE_ENDS, Capitals, SentenceCapitals, capitals_of
from bot.core.languages.german_doubts import claims
from bot.core.languages.german_negation import (
    FORWARD,
    INSTEAD,
    QUESTION,
    VERBS_JOINED,
    ArticleNegation,
    ArticleNegationBack,
    article_back,
)
from bot.core.languages.german_subordinate import joins_final_verbs
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS, Tokens

JOINED = "with"  # a noun phrase's "und": a little word that neither cuts a clause nor denies
_DETERMINERS = frozenset(("the", "a", "its", "this", "each", "all", "other", "both", "some"))
# what may follow the second noun of "X und Y" for the "und" to join nouns, not clauses
_AFTER_NOUN = MARKS | CLAUSE_STOPS | frozenset((
    "or", "from", "in", "at", "on", "with", "of", "to", "for", "by", "via", "over", "under", "about", "until", "the",
    "a", "as", "into"))
_PREPOSITIONS = frozenset(("from", "in", "at", "on", "with", "of", "to", "for", "by", "via", "over", "under", "until"))
_ADJECTIVE_ENDINGS = ("e", "es", "em", "er")  # (not "-en" unless after an article: "und bilden Zucker")
_COMPARATIVES = frozenset(("mehr", "weniger", "anders", "ander", "eher", "lieber", "besser", "nichts"))
_COMPARATIVE_REACH = 3  # tokens back from "als" where a comparative is looked for ("mehr Strom als")
_INSTEAD_WORDS = frozenset(("statt", "anstatt", "anstelle"))
_INSTEAD_REACH = 3
_INSTEAD_STEMS = frozenset(("statt", "anstat", "anstell"))  # their canonical forms
_WORDS_READ = frozenset(("and", "than", "that", "?", NEGATION)) | _INSTEAD_STEMS | statements.REFUTING | statements.HALVING
# words that open a question asking for something (not yes or no), as the tokens spell them
_QUESTION_WORDS = frozenset(words_of(
    "was wie wo warum wozu wann wer wen wem wessen welche welcher welches welchen welchem weshalb wieso "
    "weswegen woher wohin womit wodurch wofur worauf woraus worin wovon wieviel"))
_LOOKED_AT = frozenset(("and", "than", NEGATION)) | _INSTEAD_STEMS
_OPENERS = frozenset(("und", "aber", "also", "doch", "na", "ja", "nun", "denn"))
NEUTRAL = "very"  # a negation cancelled by another: a little word that neither denies nor cuts


def read_clauses(
    tokens: Tokens, particles: frozenset[str], rebuild: Callable[[Tokens, list[str]], Tokens]
) -> Tokens:
    """The tokens with "und", "als" and "statt" read as above (`particles`: the prefixes of separable
    verbs; `rebuild`: new tokens from the words)."""
    words = tokens.words
    pieces = tokens.parts[1::2]
    beliefs = not statements.BELIEF_PIECES.isdisjoint(pieces)
    if _WORDS_READ.isdisjoint(words) and not beliefs:
        return tokens
    capitals = capitals_of(tokens)
    changed = list(words)
    for index in compress(range(len(words)), map(_LOOKED_AT.__contains__, words)):
        word, piece = words[index], pieces[index]
        if word == "and" and piece == "und":
            if _joins_nouns(changed, pieces, index, capitals, particles, tokens.parts):
                changed[index] = JOINED
            elif _joins_verbs(changed, index, capitals) or joins_final_verbs(changed, index, capitals):
                changed[index] = VERBS_JOINED
        elif word == "than" and piece == "als":
            if not _after_comparative(changed, pieces, index, capitals):
                changed[index] = "as"
        elif piece in _INSTEAD_WORDS:
            changed[index] = _instead(changed, index, capitals)
        elif type(word) is ArticleNegation:
            back = article_back(words, index, None if capitals is None else SentenceCapitals(capitals, words))
            if back:
                changed[index] = ArticleNegationBack(back)
        elif type(word) is str and word == NEGATION and (
                _before_sondern(words, pieces, index, capitals)
                or (capitals is not None and _before_one_noun(words, index, capitals))):
            changed[index] = _shared_verb(words, index, capitals) or FORWARD
        elif type(word) is str and word == NEGATION and capitals is not None:
            verb = statements.finite_verb(words, pieces, index, SentenceCapitals(capitals, words))
            if verb is not None:
                changed[index] = statements.PredicateNegation(verb)
    if "?" in words:
        _questions(changed, pieces)
    if "that" in words:
        for frame, start, end in claims(changed):
            inner = [position for position in range(start, end) if changed[position] == NEGATION]
            if inner:  # "es stimmt nicht, dass ... keine ...": said
                for position in (frame, *inner):
                    changed[position] = NEUTRAL
            else:  # "es ist falsch, dass ...": the frame denies (german_negation.py)
                changed[frame] = NEGATION
    if beliefs:  # "Viele glauben, dass ...": after the claims above, which read a "nicht" before a comma
        for index in compress(range(len(words)), map(statements.BELIEF_PIECES.__contains__, pieces)):
            belief = statements.reported(changed, pieces, index)
            if belief is not None:
                changed[index] = belief
    if not statements.REFUTING.isdisjoint(words):
        for position, refutation in statements.refutations(changed, _cancels):
            changed[position] = refutation
    if not statements.HALVING.isdisjoint(words):
        for position, inverse in statements.inverse_pairs(changed):
            changed[position] = inverse
    # (by identity: a negation of another reach is equal to the "not" it replaces)
    return rebuild(tokens, changed) if any(map(operator.is_not, changed, words)) else tokens


def _cancels(negation: str) -> bool:
    """A negation a refutation after it cancels: a plain one or "kein" (not "ob", "statt", a question)."""
    return type(negation) in (str, statements.PredicateNegation, ArticleNegation, ArticleNegationBack)


def _before_sondern(words: tuple[str, ...], pieces: tuple[str, ...], index: int, capitals: Capitals | None) -> bool:
    """"nicht X, sondern Y" (words between "nicht" and the comma): X is denied, not the clause before
    it ("Fett wird nicht oben, sondern unten verdaut"); "..., spaltet sie nicht, sondern ..." denies its
    clause, and so does a Y that is a predicate of its own ("leuchtet nicht selbst, sondern wird
    angestrahlt": after "sondern" an auxiliary, or, where nouns have capitals, a word written small before a
    little word: "sondern gibt es ab", not "sondern langsam")."""
    position = index + 1
    content = False
    while position < len(words) and words[position] not in MARKS and words[position] not in CLAUSE_STOPS:
        content = content or words[position] not in STOPWORDS
        position += 1
    if not (content and position + 1 < len(words) and words[position] == "," and pieces[position + 1] == "sondern"):
        return False
    after = position + 2  # "..., sondern wird ..." / "..., sondern gibt es ab": predicates contrasted
    return not (after < len(words) and (words[after] in statements.AUXILIARIES or (
        capitals is not None and not capitals[after] and words[after] not in STOPWORDS
        and words[after] not in MARKS and words[after] != NEGATION
        and after + 1 < len(words) and words[after + 1] in STOPWORDS)))


def _shared_verb(words: tuple[str, ...], index: int, capitals: Capitals | None) -> str | None:
    """"nicht im Magen verdaut, sondern im Dünndarm": the verb (written small) ending X is said of Y as
    well, so only the words before it are denied (an InsteadOf of that reach), not the verb."""
    if capitals is None:
        return None
    after = content_after(words, index, len(INSTEAD))
    if not 2 <= len(after) <= len(INSTEAD) or capitals[after[-1]]:
        return None
    end = after[-1] + 1
    return INSTEAD[len(after) - 1] if end < len(words) and words[end] == "," else None


def _before_one_noun(words: tuple[str, ...], index: int, capitals: Capitals) -> bool:
    """"nicht" and one noun (a capitalised word) that ends its clause ("nicht im Magen, sondern ..."):
    the noun is what is denied, not the clause before it (as it is for a verb there: "... nicht gebildet")."""
    after = content_after(words, index, 2)
    if len(after) != 1:
        return False
    end = after[0] + 1
    ends = end >= len(words) or words[end] in MARKS or words[end] in CLAUSE_STOPS
    return ends and SentenceCapitals(capitals, words)[after[0]]


def _questions(words: list[str], pieces: tuple[str, ...]) -> None:
    """The first word of each question asking yes or no becomes QUESTION (german_negation.py)."""
    start = 0
    for index in compress(range(len(words)), map(_QUESTION_ENDS.__contains__, words)):
        if words[index] == "?":
            first = start
            while first < index and (words[first] in MARKS or pieces[first] in _OPENERS):
                first += 1
            if first < index and pieces[first] not in _QUESTION_WORDS:
                words[first] = QUESTION
        start = index + 1


_QUESTION_ENDS = SENTENCE_MARKS | frozenset(("\n", ";"))


def _noun(words: list[str], pieces: tuple[str, ...], index: int, capitals: Capitals | None) -> bool:
    word = words[index]
    if word in STOPWORDS or word in MARKS or word == NEGATION:
        return False
    return capitals is None or capitals[index] or pieces[index].isdigit()


def _joins_nouns(words: list[str], pieces: tuple[str, ...], index: int, capitals: Capitals | None,
                 particles: frozenset[str], parts: tuple[str, ...]) -> bool:
    """`parts`: the tokens' parts (the gap before token k is parts[2k]: a token written without a gap
    is part of the word before it, "H2O": "h", "2", "o")."""
    before = index - 1
    if before < 0 or not _noun(words, pieces, before, capitals) or pieces[before] in particles:
        return False
    after = index + 1
    while after < len(words) and words[after] in _DETERMINERS:
        after += 1
    if capitals is not None:  # an adjective before the noun ("und kaltes Wasser", "und das kalte Wasser")
        for _ in range(2):
            if after < len(words) and not capitals[after] and _noun(words, pieces, after, None) and (
                    pieces[after].endswith(_ADJECTIVE_ENDINGS)
                    or (pieces[after].endswith("en") and words[after - 1] in _DETERMINERS)):
                after += 1
    if after >= len(words) or not _noun(words, pieces, after, capitals):
        return False
    follows = after + 1
    while follows < len(words) and _glued(pieces, parts, follows):  # "CO2", "H2O"
        follows += 1
    if follows >= len(words) or _after_preposition(words, pieces, before) or _opens_clause(words, pieces, before, parts):
        return True
    word = words[follows]
    if word in _AFTER_NOUN:
        return True
    # a verb's separated prefix ending the clause ("und Wasser auf."), read as content there
    return pieces[follows] in particles and word not in STOPWORDS


def _glued(pieces: tuple[str, ...], parts: tuple[str, ...], index: int) -> bool:
    """Token `index` is part of the word before it: digits, or letters written without a gap ("H2O")."""
    return pieces[index].isdigit() or (not parts[2 * index] and pieces[index].isalnum())


def _opens_clause(words: list[str], pieces: tuple[str, ...], noun: int, parts: tuple[str, ...]) -> bool:
    """The noun before "und" opens its clause (only articles before it): "X und Y" is the clause's
    subject ("CO2 und Wasser werden aufgenommen", "Zucker und Sauerstoff entstehen")."""
    position = noun
    while position > 0 and _glued(pieces, parts, position):
        position -= 1  # (the word's own pieces: "CO2")
    position -= 1
    while position >= 0 and words[position] in _DETERMINERS:
        position -= 1
    return position < 0 or words[position] in SENTENCE_ENDS or words[position] == ","


def _joins_verbs(words: list[str], index: int, capitals: Capitals | None) -> bool:
    """"und" and then a word written small (a verb: no subject of its own follows "und") joins two
    predicates of one subject ("stellt Zucker her und gibt Sauerstoff ab"); only where nouns have capitals."""
    after = index + 1
    return (capitals is not None and after < len(words) and not capitals[after] and index > 0
            and words[after] not in STOPWORDS and words[after] not in MARKS and words[after] != NEGATION
            and words[index - 1] not in MARKS)


def _after_preposition(words: list[str], pieces: tuple[str, ...], noun: int) -> bool:
    """The noun before "und" is governed by a preposition ("aus Kohlenstoffdioxid und Wasser
    entstehen ...", "ohne Licht und Wärme geht es nicht"): what follows the two nouns is the clause's
    verb, not a clause of its own."""
    position = noun - 1
    while position >= 0 and (words[position] in _DETERMINERS or pieces[position].isdigit()):
        position -= 1
    return position >= 0 and (words[position] in _PREPOSITIONS or pieces[position] in ("ohne", "statt", "anstatt"))


def _after_comparative(words: list[str], pieces: tuple[str, ...], index: int, capitals: Capitals | None) -> bool:
    position = index - 1
    while position >= 0 and index - position <= _COMPARATIVE_REACH:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS:
            return False
        piece = pieces[position]
        if piece in _COMPARATIVES or word in _COMPARATIVES:
            return True
        if piece.endswith(("er", "ere", "eres", "eren", "erer")) and len(piece) > 4 and (
                capitals is None or not capitals[position]):
            return True
        position -= 1
    return False


def _instead(words: list[str], index: int, capitals: Capitals | None) -> str:
    """"statt" before a noun phrase: a denial of its words up to its first capitalised one."""
    reach = 0
    position = index + 1
    while position < len(words) and reach < _INSTEAD_REACH:
        word = words[position]
        if word in MARKS or word in CLAUSE_STOPS or word == NEGATION:
            break
        if word not in STOPWORDS:
            reach += 1
            if capitals is None or capitals[position]:
                break
        position += 1
    return INSTEAD[reach] if reach else words[index]
