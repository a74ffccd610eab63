"""What a German answer states, past the reach of its negation words (german_negation.py reads these):

- "nicht" in a main clause denies the clause's finite verb, which German puts second, before the
  "nicht" ("Salz löst sich nicht in Öl auf": the salt does not dissolve, though "nicht" stands after
  "löst"); only where nouns have capitals (so the verb is the first word written small that is not
  an adjective before its noun), not after an auxiliary or modal (its verb ends the clause, after
  the "nicht"), not in a subordinate clause (verb last), not for "nicht nur" (a hedge), "nicht X,
  sondern Y" or "nicht" before one noun (they deny X alone).
- a belief reported of others ("Viele glauben, dass ...", "Manche denken, ...", "Früher dachte
  man, ...", "Oft wird behauptet, dass ...") or given up ("Ich dachte, ...") and a doubt ("Ich
  bezweifle, dass ...") is not the writer's claim: the clause it governs is denied.
- a claim followed by its refutation ("..., das stimmt aber nicht", "..., was falsch ist", "...
  . Das ist ein Irrtum.") is denied.
- "doppelte X, halbe Y" (or "verdoppelt ..., halbiert ...") states an inverse relation: the doubling
  is denied, since it says no growth in step ("doppelte Spannung, halber Strom").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress
from typing import Protocol

from bot.core.languages.alphabetic import CLAUSE_STOPS, HEDGES, NEGATION, ForwardNegation
from bot.core.languages.german_doubts import FALSE_WORDS
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS
from bot.core.text_normalize import split_words as words_of_text


class Capitalised(Protocol):
    def __getitem__(self, index: int, /) -> bool: ...


class PredicateNegation(str):
    """A plain "nicht" (or "nie", "kaum", ...) whose main clause's finite verb stands before it at
    `verb`: that verb is denied as well."""

    def __new__(cls, verb: int) -> PredicateNegation:
        made = super().__new__(cls, NEGATION)
        made.verb = verb
        return made

    verb: int


class Reported(ForwardNegation):
    """A verb of belief reported of others or of doubt: the `positions` of the clause it governs are
    denied (and nothing else)."""

    def __new__(cls, positions: tuple[int, ...]) -> Reported:
        made = super().__new__(cls, NEGATION)
        made.positions = positions
        return made

    positions: tuple[int, ...]


# the English little words of auxiliaries and modals (german.py): the main verb ends the clause
AUXILIARIES = frozenset(("is", "has", "can", "could", "must", "shall", "should", "would", "may", "will"))
# words that open a subordinate clause (its verb stands last, after "nicht"), as the tokens spell them
_SUBORDINATE = frozenset(("that", "if", "while", "although", "as", "where", "what", "who", "which", "when",
                          "since", "until", "the", "this"))
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def finite_verb(words: Sequence[str], pieces: Sequence[str], index: int, capitals: Capitalised) -> int | None:
    """The finite verb of the main clause of the negation at `index`, when it stands before it."""
    if index + 1 < len(words) and words[index + 1] in HEDGES:
        return None
    start = index
    while start > 0 and words[start - 1] not in MARKS and words[start - 1] not in CLAUSE_STOPS:
        if words[start - 1] == NEGATION:
            return None  # another negation first ("ohne X ... nicht"): its own rules
        start -= 1
    if start < index and start > 0 and words[start] in _SUBORDINATE:
        return None  # "..., dass/wenn/der ... nicht ...": the verb stands last
    for position in range(start, index):
        word = words[position]
        if word in AUXILIARIES:
            return None
        if word in STOPWORDS or word in MARKS or capitals[position] or pieces[position].isdigit():
            continue
        if position + 1 < index and capitals[position + 1] and pieces[position].endswith(_ADJECTIVE_ENDINGS):
            continue  # an adjective before its noun ("Die grüne Pflanze bildet ...")
        return position
    return None


# verbs of belief and doubt, as the answer writes them
_BELIEFS = frozenset(words_of_text("glauben glaubt denken denkt meinen meint behaupten behauptet vermuten "
                                   "vermutet sagen sagt"))
_FORMER_BELIEFS = frozenset(words_of_text("glaubte glaubten dachte dachten meinte meinten vermutete vermuteten "
                                          "behauptete behaupteten"))
_DOUBTS = frozenset(words_of_text("bezweifle bezweifeln bezweifelt zweifle zweifeln"))
BELIEF_PIECES = _BELIEFS | _FORMER_BELIEFS | _DOUBTS | frozenset(("behauptet", "gesagt", "geglaubt", "gedacht"))
# who holds a belief the writer does not claim ("viele", "manche", "man" said of a belief)
_OTHERS = frozenset(words_of_text("viele manche einige man leute menschen meisten oft haufig haeufig häufig"))
_PASSIVE = frozenset(("behauptet", "gesagt", "geglaubt", "gedacht"))  # "oft wird behauptet, dass"
_CLAIM_LIMIT = 16
_CLAIM_ENDS = SENTENCE_MARKS | frozenset((";", ":", "\n", "•")) | (CLAUSE_STOPS - {"and"})


def reported(words: Sequence[str], pieces: Sequence[str], verb: int) -> Reported | None:
    """A verb of belief at `verb` that reports a claim the writer does not make, as a Reported (the
    claim's content positions), else None."""
    piece = pieces[verb]
    start = verb
    while start > 0 and words[start - 1] not in MARKS and words[start - 1] not in CLAUSE_STOPS:
        start -= 1
    end = verb + 1
    while end < len(words) and words[end] not in MARKS and words[end] not in CLAUSE_STOPS:
        if words[end] == NEGATION:
            return None  # "Viele glauben nicht, dass ...": the claims rules read it
        end += 1
    if (piece in _BELIEFS or piece in _PASSIVE) and not any(pieces[position] in _OTHERS for position in range(start, end)):
        return None  # "Ich glaube, dass ...": the writer's own claim, hedged
    if end < len(words) and words[end] == ",":
        end += 1
    elif end >= len(words) or words[end] != "that":
        return None
    if end < len(words) and words[end] == "that":
        end += 1
    positions = []
    position = end
    while position < min(len(words), end + _CLAIM_LIMIT) and words[position] not in _CLAIM_ENDS:
        if words[position] not in STOPWORDS and words[position] not in MARKS and words[position] != NEGATION:
            positions.append(position)
        position += 1
    return Reported(tuple(positions)) if positions else None


# "das stimmt nicht", "das ist falsch / ein Irrtum" (FALSE_WORDS), "was nicht stimmt" (canonical forms)
_TRUE = "stimm"
_REFUTATION_OPENERS = frozenset(("the", "this", "what", "but"))
REFUTING = FALSE_WORDS | {_TRUE}
_PART_ENDS = MARKS | (CLAUSE_STOPS - {"but"})  # ("..., aber das stimmt nicht": one part)


NEUTRAL = "very"  # a negation cancelled by another: a little word that neither denies nor cuts


def refutations(words: Sequence[str], cancels: Callable[[str], bool]) -> list[tuple[int, str]]:
    """Per part that only refutes ("..., das stimmt aber nicht", "... . Das ist falsch."): its "nicht"
    or "falsch", as a Reported of what its sentence said before it, or, standing alone as a sentence,
    of the sentence before (one without a negation of its own). A refuted part that denies something
    itself (with negations that `cancels` accepts) says it: both negations become NEUTRAL."""
    found: list[tuple[int, str]] = []
    count = len(words)
    last_start = -1
    for at in compress(range(count), map(REFUTING.__contains__, words)):  # (C-level: the parts to look at)
        start = at
        while start > 0 and words[start - 1] not in _PART_ENDS and at - start < _REFUTATION_LIMIT:
            start -= 1
        if start == last_start:
            continue
        last_start = start
        end = at
        while end < count and words[end] not in _PART_ENDS and end - start < _REFUTATION_LIMIT:
            end += 1
        key = _refuting_word(words, start, end)
        if key is not None:
            before, negations = _said_before(words, start)
            if negations:  # "Im Winter fallen keine Blätter, das ist ein Mythos": both read as said
                if all(cancels(words[position]) for position in negations):
                    found.extend((position, NEUTRAL) for position in (key, *negations))
            elif before:
                found.append((key, Reported(before)))
    return found


_REFUTATION_LIMIT = 8  # tokens of a part that only refutes ("aber das ist doch ein Irrtum")


def _refuting_word(words: Sequence[str], start: int, end: int) -> int | None:
    if words[start] not in _REFUTATION_OPENERS:
        return None
    content = [position for position in range(start, end) if words[position] not in STOPWORDS]
    said = [words[position] for position in content]
    if said == [_TRUE, NEGATION] or said == [NEGATION, _TRUE]:
        return content[said.index(NEGATION)]
    return content[0] if len(said) == 1 and said[0] in FALSE_WORDS else None


def _said_before(words: Sequence[str], start: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The content positions of what the sentence said before `start` (of the sentence before, when
    the part is a sentence of its own), and the negations there (none for a sentence before)."""
    position = start - 1
    while position >= 0 and words[position] in CLAUSE_STOPS:
        position -= 1
    if position < 0:
        return (), ()
    alone = words[position] in SENTENCE_MARKS
    if alone:
        position -= 1
    found = []
    negations = []
    while position >= 0 and words[position] not in SENTENCE_MARKS and words[position] not in ("\n", ";"):
        word = words[position]
        if word == NEGATION:
            if alone:
                return (), ()
            negations.append(position)
        elif word not in STOPWORDS and word not in MARKS:
            found.append(position)
        position -= 1
    return tuple(found), tuple(negations)


_DOUBLING = frozenset(("2", "verdoppel"))
HALVING = frozenset(("halb", "halber", "halbier"))
_PAIR_GAP = 6  # tokens from a doubling to the halving that pairs with it


def inverse_pairs(words: Sequence[str]) -> list[tuple[int, Reported]]:
    """"doppelte Spannung, halber Strom": per doubling followed closely in its sentence by a halving,
    the halving as a Reported of the doubling and the word it doubles."""
    found = []
    for index in compress(range(len(words)), map(_DOUBLING.__contains__, words)):
        commas = 0
        for position in range(index + 1, min(len(words), index + 1 + _PAIR_GAP)):
            following = words[position]
            if following in SENTENCE_MARKS or following in ("\n", ";") or following in _DOUBLING:
                break
            commas += following == ","
            if commas > 1:
                break
            if following in HALVING:
                doubled = index + 1 < len(words) and words[index + 1] not in STOPWORDS and words[index + 1] not in MARKS
                found.append((position, Reported((index, index + 1) if doubled else (index,))))
                break
    return found


_CONJUNCTIONS = frozenset(("aber", "doch", "jedoch"))
_ADVERBIAL_KEIN = frozenset(words_of_text("keinen keinem"))
_PARTICLE = "very"  # a little word that neither denies nor cuts a clause
_IDIOM_PIECES = _CONJUNCTIONS | _ADVERBIAL_KEIN
_PRONOUNS = frozenset(("it", "its", "this"))  # "spaltet sie aber nicht chemisch": after a pronoun, a particle


def negation_idioms(words: list[str], pieces: Sequence[str]) -> None:
    """Negations written in two words or after a particle, read where the words are cut:
    "auf keinen Fall" / "in keinem Fall" deny as "nicht" does (their "kein" is no article of "Fall");
    "aber" / "doch" / "jedoch" inside a clause, before a negation that ends it or after a pronoun, is a
    particle, not a "but" ("Die Pflanze atmet doch nicht!", "spaltet sie aber nicht chemisch": the
    clause before it is denied)."""
    count = len(words)
    for index in compress(range(count), map(_IDIOM_PIECES.__contains__, pieces)):  # (C-level: the few candidates)
        piece = pieces[index]
        if piece in _ADVERBIAL_KEIN and 0 < index < count - 1 and pieces[index + 1] == "fall" \
                and pieces[index - 1] in ("auf", "in"):
            words[index] = NEGATION
            words[index + 1] = _PARTICLE
        elif piece in _CONJUNCTIONS and 0 < index < count - 1 and words[index - 1] not in MARKS \
                and words[index + 1] == NEGATION and (
                    index + 2 >= count or words[index + 2] in MARKS or words[index - 1] in _PRONOUNS):
            words[index] = _PARTICLE
