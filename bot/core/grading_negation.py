"""Which words of an answer are denied ("is not smaller") or copied from the question.

A negation ("not", "no", "never", "without", "doesn't", ...) denies the phrase that follows it: the
first content word after it (skipping little words and adverbs like "really"), the content words glued
to that one ("not a large model"), and, when that word is a mere carrier verb ("does not *make* it
faster", "does not *reduce* size"), the next phrase too. "or"/"nor" carry the denial on ("not about a
teacher or a student"). A hedge right after the negation is not a denial: "not only", "without much
loss", "not just". The denial stops at punctuation and at clause words ("but", "and", "although").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate, compress

from bot.core.text_normalize import MARKS, NOT_CONTENT, STOPWORDS, canonical_word, split_words

NEGATION = "not"
_HEDGES = frozenset(
    canonical_word(word)
    for word in split_words("only just much significantly significant big huge major lot substantial noticeable "
    "necessarily too many")
)
_SKIP = frozenset(
    canonical_word(word)
    for word in split_words("really actually directly even always any anymore at all very quite necessarily truly "
    "get gets got become becomes became")
)
# "is not going to double": "going to" is the future, not the claim (skipped only before "to")
_FUTURE = canonical_word("going")
_TO = canonical_word("to")

_CARRIERS = frozenset(
    canonical_word(word)
    for word in split_words("make makes made making reduce reduces reduced reducing lower lowers lowered lowering "
    "increase increases increased improve improves improved help helps helped cause causes lead leads "
    "change changes changed affect affects affected decrease decreases decreased cut cuts shrink shrinks "
    "give gives keep keeps kept have has had need needs use uses used run runs speed speeds save saves "
    "lose loses lost stay stays stayed remain remains remained")
)
# "not the same": a little word that is the claim itself is denied like a content word
_DENIABLE_LITTLE = frozenset(("same",))
# Verbs of knowing and believing: "not sure if X", "don't think X", "no idea whether X" doubt all of X
_DOUBTS = frozenset(canonical_word(word) for word in split_words("sure certain know think believe idea convinced"))
# "don't know the route" is not a doubt: these two doubt only a claim introduced by "if" / "whether"
_DOUBTS_OF_QUESTIONS = frozenset(canonical_word(word) for word in split_words("know idea"))
_COMPLEMENTS = frozenset(canonical_word(word) for word in split_words("if whether"))
_DOUBT_REACH = 10  # tokens after a doubt that its claim may take
# A statement with a question tag ("..., right?") is still a statement.
_TAGS = frozenset(canonical_word(word) for word in split_words("right yeah yes ok okay correct true innit eh"))
_CLAUSE_WORDS = frozenset(
    split_words("but and although though however yet whereas while because so instead still nevertheless")
)
_CLAUSE_BOUNDARIES = MARKS | _CLAUSE_WORDS
# A question runs back to its clause's start: the last mark or clause word ("Algorithm: has it
# arrived?" asks only the part after the colon, "X, but is Y?" only Y)
_QUESTION_STARTS = _CLAUSE_BOUNDARIES
# The tests of the scan below, merged into one set each (checked in the same order as before).
_STOPS_SCOPE = MARKS | _CLAUSE_WORDS  # a denial stops here
_PASSED_OVER = (STOPWORDS - _DENIABLE_LITTLE) | _SKIP | {NEGATION}  # a denial skips these to reach its phrase
_END_OF_PHRASE = (STOPWORDS - _DENIABLE_LITTLE) | MARKS | _CLAUSE_WORDS | {NEGATION}
_SCOPE_LIMIT = 6  # words after a negation that it can reach
_PHRASE_LIMIT = 4  # content words glued together that one denial covers ("large complex teacher model")


def negated_positions(words: Sequence[str]) -> frozenset[int]:
    """Positions of the tokens that a negation denies (`words` with punctuation marks, see tokenize)."""
    denied: set[int] = set()
    count = len(words)
    stops = STOPWORDS
    for start in compress(range(count), map(NEGATION.__eq__, words)):  # C-level: where the negations are
        position = start + 1
        if _hedged(words, position):
            continue
        limit = min(count, start + 1 + _SCOPE_LIMIT)
        phrases = 0
        while position < limit and phrases < 3:
            current = words[position]
            if current in _STOPS_SCOPE:
                break
            if current in _PASSED_OVER or (current == _FUTURE and position + 1 < count and words[position + 1] == _TO):
                position += 1
                continue
            head = position
            while position < min(count, head + _PHRASE_LIMIT):
                if words[position] in _END_OF_PHRASE:
                    break
                denied.add(position)
                position += 1
            phrases += 1
            if words[head] in _DOUBTS and position - head == 1 and (
                    words[head] not in _DOUBTS_OF_QUESTIONS or (position < count and words[position] in _COMPLEMENTS)):
                # "not sure if it doubles", "don't think it doubles": the claim doubted is not stated
                _deny_doubted(words, position, denied)
                break
            if words[head] in _CARRIERS and position - head == 1:
                continue  # "make it faster": deny what is made, too
            # "or" / "nor" carry the denial to the next phrase
            look = position
            while look < count and words[look] in stops and words[look] != "or":
                look += 1
            if look < count and words[look] in ("or", NEGATION):
                if words[look] == NEGATION and not _hedged(words, look + 1):
                    break  # that negation denies all this one would still reach, and more: its own turn
                position = look + 1
                limit = min(count, position + _SCOPE_LIMIT)
                continue
            break
    return frozenset(denied)


def answer_denials(words: Sequence[str], negated_positions: Callable[[Sequence[str]], frozenset[int]],
                   english: bool) -> frozenset[int]:
    """The positions an answer denies: its negations' (the language's rules), and, in English, the
    words of its questions."""
    denied = negated_positions(words) if NEGATION in words else frozenset()
    if english and "?" in words:
        asked = question_positions(words)
        if asked:
            return denied | asked
    return denied


def question_positions(words: Sequence[str]) -> frozenset[int]:
    """The content words of the sentences that end with a question mark: a question ("does the current
    double or halve?") or a guess ("something with light??") states nothing. A tag after a statement
    ("..., right?") does not make it a question."""
    asked: set[int] = set()
    start = 0
    count = len(words)
    for position, word in enumerate(words):
        if word not in _QUESTION_STARTS:
            continue
        if word == "?" and position > start:
            last = position - 1
            while last > start and words[last] in MARKS:
                last -= 1
            after = position + 1
            while after < count and words[after] in MARKS:
                after += 1
            # a tag after a statement ("..., right?"); a question answered yes ("...? Yes: ..."), as in
            # an algorithm written as questions
            if words[last] not in _TAGS and (after >= count or words[after] not in _TAGS):
                asked.update(place for place in range(start, position) if words[place] not in NOT_CONTENT)
        start = position + 1
    return frozenset(asked)


def _deny_doubted(words: Sequence[str], position: int, denied: set[int]) -> None:
    """The content words of the claim after a doubt, to its clause's end (at most _DOUBT_REACH tokens)."""
    for place in range(position, min(len(words), position + _DOUBT_REACH)):
        word = words[place]
        if word in _STOPS_SCOPE:
            return
        if word not in STOPWORDS:
            denied.add(place)


def _hedged(words: Sequence[str], position: int) -> bool:
    """A hedge right after a negation ("not only", "without much"): no denial."""
    for following in words[position : position + 2]:
        if following in MARKS:
            return False
        if following in _HEDGES:
            return True
    return False


def clause_ids(words: Sequence[str]) -> list[int]:
    """A clause number per token: punctuation and clause words ("but", "and") start a new clause."""
    # a running sum of booleans: the first entry may be a bool, equal to 0 or 1 (also as a dict key)
    return list(accumulate(map(_CLAUSE_BOUNDARIES.__contains__, words)))


def copied_positions(words: Sequence[str], grams: frozenset[tuple[str, ...]]) -> frozenset[int]:
    """Positions of the words in a run of COPY_RUN words (punctuation ignored) found in the question
    or the hint."""
    firsts = {gram[0] for gram in grams}
    if firsts.isdisjoint(words):
        return frozenset()
    run = len(next(iter(grams)))  # COPY_RUN, or the copy run of the card's language
    positions = [i for i, word in enumerate(words) if word not in MARKS]
    sequence = [words[i] for i in positions]
    copied: set[int] = set()
    for start in [k for k, word in enumerate(sequence[: len(sequence) - run + 1]) if word in firsts]:
        if tuple(sequence[start : start + run]) in grams:
            copied.update(positions[start : start + run])
    return frozenset(copied)
