"""Two predicates of one subject in a German subordinate clause: "..., dass die Pflanze Zucker herstellt
und Sauerstoff abgibt". The verb stands last in such a clause, so "und" follows a verb and the second
predicate ends in one; it joins the two predicates as "und" and a verb does in a main clause ("stellt
Zucker her und gibt Sauerstoff ab", german_clauses.py): the roles read one clause, a negation still
stops at it (german_negation.py). Read where nouns have capitals, which tell the verbs from the nouns."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import NEGATION
from bot.core.languages.german_capitals import Capitals
from bot.core.text_normalize import MARKS, STOPWORDS

# subordinating conjunctions as the German tokens read them (dass, weil, wenn/falls, während, obwohl)
_OPENERS = frozenset(("that", "because", "if", "while", "although"))
_REACH = 8  # tokens looked at on each side of the "und"


def joins_final_verbs(words: Sequence[str], index: int, capitals: Capitals | None) -> bool:
    """Whether the "und" at `index` stands between two verb-final predicates of a subordinate clause:
    before it a verb (written small) after a noun of the clause opened by a subordinating conjunction;
    after it a noun and a verb (written small) that ends the clause."""
    if capitals is None or index < 2 or not _verb(words, index - 1, capitals):
        return False
    noun = False
    position = index - 2
    while position >= max(0, index - _REACH):
        word = words[position]
        if word in _OPENERS:
            break
        if word in MARKS or word == "and" or word == NEGATION:
            return False
        noun = noun or (word not in STOPWORDS and capitals[position])
        position -= 1
    else:
        return False
    if not noun:
        return False
    last = index + 1
    while last < min(len(words), index + 1 + _REACH) and words[last] not in MARKS:
        if words[last] in _OPENERS or words[last] == "and":
            return False
        last += 1
    end = last - 1
    if end <= index + 1 or (last < len(words) and words[last] not in MARKS) or not _verb(words, end, capitals):
        return False
    return any(words[position] not in STOPWORDS and capitals[position] for position in range(index + 1, end))


def _verb(words: Sequence[str], position: int, capitals: Capitals) -> bool:
    word = words[position]
    return word not in STOPWORDS and word not in MARKS and word != NEGATION and not capitals[position]
