"""An English idiom that cancels a denial: "can't X without Y" ("cannot", "couldn't", "never"; in one
clause) says that X brings Y, so both negations cancel ("you can't double the voltage without the
current doubling" states the doubling). The English tokenizer (bot/core/languages/english.py) rewrites
the two tokens in place, so every later rule reads no negation there.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.grading_negation import NEGATION
from bot.core.text_normalize import MARKS, Tokens, canonical_word, split_words

_CAN = frozenset(canonical_word(word) for word in split_words("ca can could"))  # "can't" is read "ca not"
_AFFIRMED = canonical_word("can")  # what the cancelled negation reads
_WITH = canonical_word("with")
# a negation written as one word that says "cannot" or "never" (its token is "not")
_CANNOT = frozenset(("cannot", "cant", "couldnt", "never"))
_WITHOUT = "without"
_REACH = 12  # tokens from "can't" to its "without"
# a clause ends here ("can't X, but without Y ..." is no idiom)
_CLAUSE_ENDS = MARKS | frozenset(
    canonical_word(word) for word in split_words("but and while whereas although though however yet because so")
)


def read_idioms(tokens: Tokens) -> Tokens:
    """The tokens with "can't X without Y" read as "can X with Y" (the same tokens when there is none)."""
    words = tokens.words
    if words.count(NEGATION) < 2:
        return tokens
    changed = list(words)
    surface = tokens.surface
    for position, word in enumerate(words):
        if word != NEGATION or changed[position] != NEGATION:
            continue
        if not (surface[position] in _CANNOT or (position > 0 and words[position - 1] in _CAN)):
            continue
        for later in range(position + 1, min(len(words), position + 1 + _REACH)):
            if words[later] in _CLAUSE_ENDS:
                break
            if words[later] == NEGATION:
                if surface[later] == _WITHOUT:
                    changed[position] = _AFFIRMED
                    changed[later] = _WITH
                break
    if changed == list(words):
        return tokens
    return replace(tokens, words=tuple(changed))
