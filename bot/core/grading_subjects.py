"""A clause's subject: "the client answers with SYN-ACK" says the answering of the client. A `requires`
word of a concept ("answers", for "the server replies with a SYN-ACK") does not speak for that concept
when it comes right after (little words aside) the role word that opens its narrow clause (commas and
clause words cut it), and that one is another concept's role word this concept does not require
("client"): the clause's first word is its subject, the verb after it is the subject's. A role word
further on ("a large teacher trains a small student": "small" is the student's), one that opens the
clause itself, or an opening word the concept requires too, changes nothing. Read by bot/core/grading_roles.py for `requires` only (a `not_with` phrase such as
"client sends" names its subject itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.core.text_normalize import NOT_CONTENT

if TYPE_CHECKING:
    from bot.core.grading_relations import Relations


class ClauseSubjects:
    """One answer's narrow clauses, each with the role word that opens it (if one does)."""

    __slots__ = ("_narrow", "_opening", "_own")

    def __init__(self, words: Sequence[str], narrow: Sequence[int], relations: Relations,
                 by_id: dict[int, list[int]], clause_words: frozenset[str]) -> None:
        self._narrow = narrow
        self._own = tuple(frozenset(word_id for phrase in phrases for word_id in phrase) for phrases in relations.requires)
        required = frozenset().union(*self._own)
        at: dict[int, set[int]] = {}  # position -> the required role words found there
        for word_id in required & by_id.keys():
            for position in by_id[word_id]:
                at.setdefault(position, set()).add(word_id)
        skipped = NOT_CONTENT | clause_words
        # narrow clause -> the place of the content word right after its opening role word, and that role word
        opening: dict[int, tuple[int, frozenset[int]]] = {}
        seen: set[int] = set()
        count = len(words)
        for position, word in enumerate(words):
            clause = narrow[position]
            if clause in seen or word in skipped:
                continue
            seen.add(clause)
            found = at.get(position)
            if found:
                after = position + 1
                while after < count and narrow[after] == clause and words[after] in skipped:
                    after += 1
                if after < count and narrow[after] == clause:
                    opening[clause] = (after, frozenset(found))
        self._opening = opening

    def said_of_another(self, concept: int, position: int) -> bool:
        """Whether the role word at this position is said of another concept's role word opening its clause."""
        opened = self._opening.get(self._narrow[position])
        return opened is not None and opened[0] == position and opened[1].isdisjoint(self._own[concept])
