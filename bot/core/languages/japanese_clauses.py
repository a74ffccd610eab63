"""Japanese clauses that state neither a claim nor its opposite, and two negations that affirm.

Rewrites of an answer's canonical words (bot/core/languages/japanese.py calls them on every tokenising),
decided from the pieces as written. A clause that states nothing has its content words read as endings,
so that no keyword is found there, not even one that says "not" itself (such a keyword is taken as written,
and a denial would not reach it):
- a question or a doubt ("…だっけ", "…のかな", "…の?", a question mark): its sentence;
- an embedded question ("酸素が出るのかどうかは…"): its clause;
- a negated clause denied in turn ("光が当たらなかったからではなく、…": not because there was no light):
  that clause.
Two negations with only little words between them that are no contrast ("出さないことはない", "流れなくは
ない", "ないわけではない") affirm: both are read as endings.
A claim the answer reports and then rejects ("…と言われているが、そうではない", "…と書いてあるが、そうとは
言えない", "…という人もいる。しかし、それは間違いだ") states nothing either: a clause opening with "so" denied
("そうではない", "そうじゃない", "そうとは…ない", "そうは…ない") or with "that is wrong" ("それは違う", "それは
間違い", "それは誤り") erases what its sentence said before it, or the sentence before when it opens its own;
so does "in fact" (実は, 実際は, 本当は) after a claim reported as said or thought ("…と思われがちだが、実は…").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import CLAUSE_STOPS
from bot.core.text_normalize import MARKS, SENTENCE_MARKS, STOPWORDS

NEGATION = "not"
QUESTION = "?"
ENDING = "the"  # what an inflection or a particle without a role reads as
# Doubt words: the sentence they end is a question ("かも" is a guess)
DOUBT_WORDS = ("だっけ", "っけ", "かな", "かしら", "だろうか", "でしょうか", "かも")
EMBEDDED_QUESTION = "かどうか"
# "…のか" ends a question inside a sentence ("流れるのか、確かめた", "生じるのか分からない"), or one of its own
# ("流れるのか。"), unless a question word asks what it says (なぜ…のか: why it is so, which is said)
WHETHER = "のか"
_QUESTION_WORDS = ("なぜ", "何故", "どうして", "どのように", "どのよう", "どんな", "どう", "なに", "何", "どこ", "いつ",
                   "だれ", "誰", "どれ", "どの", "いくつ", "いくら")
_DOUBTS = frozenset(DOUBT_WORDS)
_TOPIC = "is"  # は
_CLAUSE_ENDS = MARKS | CLAUSE_STOPS | {_TOPIC}
_CLAUSE_OPENERS = MARKS | CLAUSE_STOPS  # what may stand just before a clause's first word
_KANA_NEGATIONS = ("な", "ず", "ぬ", "ませ")  # (no doubt word: "かどうかはわからない" has one negation)
_CONTRAST = ("では", "じゃ", "で")  # "…ではなく": not this, but …
_DOUBLE_REACH = 4  # little words between two negations that cancel
# A clause opening "so" that a negation after it denies: the piece itself, or "そう" before と/は
_SO_DENIED = frozenset(("そうでは", "そうじゃ", "そうでも"))
_SO = "そう"
_SO_PARTICLES = frozenset(("と", "は"))
_THAT = "それ"
_WRONG = ("違", "誤", "嘘", "うそ")  # "それは違う", "それは誤り", "それは間違い" (間 before 違)
# "In fact" opening a clause after a claim reported as said or thought ("…と思われがちだが、実はそうで
# はない" needs no negation: "…と言われているが、実際は…"): 実は, 実際は, 実際には, 本当は
_IN_FACT = frozenset(("実", "本"))
_IN_FACT_WORDS = ("実は", "実際は", "実際には", "実際に", "本当は")
_QUOTING = frozenset(("と", "って"))
_SAYING = frozenset(("言", "思", "考", "書", "信", "聞", "教", "習", "い"))
_CLAIM_MARKERS = frozenset((*_SO_DENIED, _SO, _THAT, *_IN_FACT))
_DENIAL_REACH = 7  # tokens from "so" to the negation denying it ("そうとは言い切れない")


def read_questions(words: list[str], pieces: Sequence[str]) -> None:
    """Questions and doubts state nothing (see the module's docstring)."""
    if not _DOUBTS.isdisjoint(pieces) or EMBEDDED_QUESTION in pieces or WHETHER in pieces:
        for index, piece in enumerate(pieces):
            if piece in _DOUBTS:
                _erase_back(words, index, SENTENCE_MARKS)
            elif piece == EMBEDDED_QUESTION:
                _erase_back(words, index, _CLAUSE_ENDS)
            elif piece == WHETHER and not _asks_what(words, pieces, index):
                after = words[index + 1] if index + 1 < len(words) else "."
                _erase_back(words, index, SENTENCE_MARKS if after in SENTENCE_MARKS else _CLAUSE_ENDS)
    for index in _positions(words, QUESTION):
        _erase_back(words, index, SENTENCE_MARKS)


def _asks_what(words: list[str], pieces: Sequence[str], end: int) -> bool:
    """Whether the sentence before `end` holds a question word (what a "…のか" asks is then said)."""
    start = end
    while start > 0 and words[start - 1] not in SENTENCE_MARKS:
        start -= 1
    said = "".join(pieces[start:end])
    return any(word in said for word in _QUESTION_WORDS)


def read_double_negations(words: list[str], pieces: Sequence[str], negations: Sequence[int]) -> None:
    """Two kana negations with only little words between: a negated clause denied by a contrast
    ("…なかったからではなく") states nothing; otherwise the two cancel ("…ないことはない")."""
    previous = -1
    for index in negations:
        if previous >= 0 and 0 < index - previous - 1 <= _DOUBLE_REACH \
                and pieces[index].startswith(_KANA_NEGATIONS) and pieces[previous].startswith(_KANA_NEGATIONS) \
                and all(word in STOPWORDS for word in words[previous + 1 : index]):
            contrast = pieces[index].startswith("なく") and "".join(pieces[previous + 1 : index]).endswith(_CONTRAST)
            words[previous] = words[index] = ENDING
            if contrast:
                _erase_back(words, previous, _CLAUSE_ENDS)
        previous = index


def read_rejected_claims(words: list[str], pieces: Sequence[str]) -> None:
    """A reported claim rejected after it ("…と言われているが、そうではない") states nothing (see the
    module's docstring)."""
    if _CLAIM_MARKERS.isdisjoint(pieces):
        return
    for index, piece in enumerate(pieces):
        if piece not in _CLAIM_MARKERS or (index and words[index - 1] not in _CLAUSE_OPENERS):
            continue
        denial = _rejection_end(words, pieces, index)
        if denial < 0:
            continue
        start = index - 1
        while start >= 0 and (words[start] in MARKS or words[start] in CLAUSE_STOPS) \
                and words[start] not in SENTENCE_MARKS:
            start -= 1  # (the clause words and commas opening the rejection)
        if start < 0:
            continue
        if words[start] in SENTENCE_MARKS:  # the rejection opens its sentence: the sentence before
            start -= 1
        if start < 0 or (piece in _IN_FACT and not _reports_claim(pieces, words, start)):
            continue
        _erase_back(words, start, SENTENCE_MARKS)
        if words[denial] == NEGATION:
            words[denial] = ENDING  # (used up: it denies the claim, nothing before it in its clause)


def _rejection_end(words: list[str], pieces: Sequence[str], index: int) -> int:
    """Where the rejection opening at `index` is said (its negation or "wrong" word), or -1."""
    piece = pieces[index]
    after = pieces[index + 1] if index + 1 < len(pieces) else ""
    if piece in _IN_FACT:
        rest = "".join(pieces[index : index + 4])
        return index if rest.startswith(_IN_FACT_WORDS) else -1
    if piece == _THAT:
        if after != "は":
            return -1
        for position in range(index + 2, min(len(pieces), index + 4)):
            if pieces[position].startswith(_WRONG):
                return position
        return -1
    if piece == _SO and after not in _SO_PARTICLES:
        return -1
    for position in range(index + 1, min(len(words), index + 1 + _DENIAL_REACH)):
        if words[position] == NEGATION:
            return position
        if words[position] in MARKS:
            break
    return -1


def _reports_claim(pieces: Sequence[str], words: list[str], end: int) -> bool:
    """Whether the sentence ending at `end` reports what is said or thought ("…と言われている", "…と
    思っていた"): a quoting と or って, then a verb of saying or thinking."""
    position = end
    while position >= 0 and words[position] not in SENTENCE_MARKS:
        quoting = pieces[position] in _QUOTING or pieces[position].endswith("って")
        if quoting and position + 1 <= end and pieces[position + 1] in _SAYING:
            return True
        position -= 1
    return False


def _erase_back(words: list[str], end: int, stops: frozenset[str]) -> None:
    """The words before `end`, back to one of `stops`, and the word at `end` (unless a mark), read as endings."""
    if words[end] not in MARKS:
        words[end] = ENDING
    position = end - 1
    while position >= 0 and words[position] not in stops:
        if words[position] not in MARKS:
            words[position] = ENDING
        position -= 1


def _positions(items: list[str], item: str) -> list[int]:
    """Where `item` stands in the list (list.index: a C-level scan)."""
    found: list[int] = []
    position = -1
    try:
        while True:
            position = items.index(item, position + 1)
            found.append(position)
    except ValueError:
        return found
