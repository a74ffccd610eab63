"""A sentence's opening frame: "In winter, the lake freezes and the birds leave" says both things of
winter. The words of a frame that opens a sentence ("in", "for", "with", "within", "inside", "during"
and at most FRAME_WORDS words after it, before any mark or clause word) stand for the clauses joined
to the frame's clause by words that continue it ("and", "so", "because"), up to the sentence's end;
"instead of X" inside the sentence is passed over ("In series the voltage is the same instead of being
shared, and the current ...": the frame reaches the current, not what "instead of" denies).
A clause joined by a word of contrast ("but", "whereas", "while", "instead"...) or opening a frame of
its own ("..., and in summer the lake thaws") ends the frame's reach: it may speak of something else.
So does a clause that holds a `requires` word of the card's other than the frame's own ("..., and
summer lakes thaw": bot/core/grading_roles.py checks that, as it knows the card's role words).

Only `requires` reads frames (a role word must be in a keyword's clause, bot/core/grading_roles.py):
a frame names what the sentence is about, it says nothing against a keyword, so `not_with` still looks
in the keyword's own narrow clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS, canonical_word, split_words

FRAME_WORDS = 3  # words of a frame after its opening word: "in a parallel circuit"
_OPENERS = frozenset(canonical_word(word) for word in split_words("in for with within inside during"))
_CONTINUING = frozenset(canonical_word(word) for word in split_words("and so because"))
_INSTEAD = canonical_word("instead")
# "instead of X" is a phrase inside the clause, not a clause joined to it
_OF = canonical_word("of")


def frame_clauses(words: Sequence[str], wide: Sequence[int], position: int) -> tuple[int, ...]:
    """The later clauses (`wide`: the running count of clause boundaries per position) the word at
    this position stands in too, when it is inside a frame opening its sentence; else ()."""
    clause = wide[position]
    for opener in range(position - 1, max(position - 1 - FRAME_WORDS, -1), -1):
        word = words[opener]
        if word in MARKS or wide[opener] != clause:
            return ()
        if word in _OPENERS:
            before = opener - 1
            while before >= 0 and words[before] in MARKS and words[before] not in SENTENCE_MARKS:
                before -= 1  # (a bracket or colon before a sentence's first word)
            if before >= 0 and words[before] not in SENTENCE_MARKS:
                return ()  # not the sentence's opening word
            end = position
            while end < len(words) and words[end] not in SENTENCE_MARKS:
                end += 1
            return _continued(words, wide, opener, end)
    return ()


def _continued(words: Sequence[str], wide: Sequence[int], start: int, end: int) -> tuple[int, ...]:
    """The clauses after the frame's, up to the sentence's end, that continue it."""
    clauses = []
    for position in range(start + 1, end):
        if wide[position] == wide[position - 1]:
            continue  # not a clause boundary
        if words[position] == _INSTEAD and position + 1 < end and words[position + 1] == _OF:
            continue  # "instead of being shared": what it denies is not framed, the clauses after it are
        if words[position] not in _CONTINUING or _opens_frame(words, position + 1, end):
            break
        clauses.append(wide[position])
    return tuple(clauses)


def _opens_frame(words: Sequence[str], position: int, end: int) -> bool:
    """Whether the clause from this position opens with a frame of its own (little words before it
    skipped: "and then in summer")."""
    while position < end and (words[position] in MARKS or
                              (words[position] in STOPWORDS and words[position] not in _OPENERS)):
        position += 1
    return position < end and words[position] in _OPENERS
