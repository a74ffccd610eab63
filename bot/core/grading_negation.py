"""Which words of an answer are denied ("is not smaller") or copied from the question.

A negation ("not", "no", "never", "without", "doesn't", ...) denies the phrase that follows it: the
first content word after it (skipping little words and adverbs like "really"), the content words glued
to that one ("not a large model"), and, when that word is a mere carrier verb ("does not *make* it
faster", "does not *reduce* size"), the next phrase too. "or"/"nor" carry the denial on ("not about a
teacher or a student"). A hedge right after the negation is not a denial: "not only", "without much
loss", "not just". The denial stops at punctuation and at clause words ("but", "and", "although").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.grading_compile import COPY_RUN
from bot.core.text_normalize import STOPWORDS, canonical_word, split_words

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
_CARRIERS = frozenset(
    canonical_word(word)
    for word in split_words("make makes made making reduce reduces reduced reducing lower lowers lowered lowering "
    "increase increases increased improve improves improved help helps helped cause causes lead leads "
    "change changes changed affect affects affected decrease decreases decreased cut cuts shrink shrinks "
    "give gives keep keeps kept have has had need needs use uses used run runs speed speeds save saves "
    "lose loses lost")
)
_CLAUSE_WORDS = frozenset(
    split_words("but and although though however yet whereas while because so instead still nevertheless")
)
_SCOPE_LIMIT = 6  # words after a negation that it can reach


def negated_positions(words: Sequence[str], breaks: Sequence[int]) -> frozenset[int]:
    denied: set[int] = set()
    count = len(words)
    for start, word in enumerate(words):
        if word != NEGATION:
            continue
        position = start + 1
        if any(words[p] in _HEDGES for p in range(position, min(position + 2, count)) if not breaks[p]):
            continue
        limit = min(count, start + 1 + _SCOPE_LIMIT)
        phrases = 0
        while position < limit and phrases < 3:
            if breaks[position] or words[position] in _CLAUSE_WORDS:
                break
            current = words[position]
            if current in STOPWORDS or current in _SKIP or current == NEGATION:
                position += 1
                continue
            head = position
            while position < count and not breaks[position] and words[position] not in STOPWORDS:
                if words[position] in _CLAUSE_WORDS:
                    break
                denied.add(position)
                position += 1
            phrases += 1
            if words[head] in _CARRIERS and position - head == 1:
                continue  # "make it faster": deny what is made, too
            # "or" / "nor" carry the denial to the next phrase
            look = position
            while look < count and not breaks[look] and words[look] in STOPWORDS and words[look] != "or":
                look += 1
            if look < count and not breaks[look] and words[look] in ("or", NEGATION):
                position = look + 1
                limit = min(count, position + _SCOPE_LIMIT)
                continue
            break
    return frozenset(denied)


def clause_ids(words: Sequence[str], breaks: Sequence[int]) -> list[int]:
    """A clause number per word: punctuation and clause words ("but", "and") start a new clause."""
    ids = []
    current = 0
    for word, level in zip(words, breaks, strict=True):
        if level or word in _CLAUSE_WORDS:
            current += 1
        ids.append(current)
    return ids


def copied_positions(words: Sequence[str], grams: frozenset[tuple[str, ...]]) -> frozenset[int]:
    """Words that are part of a run of COPY_RUN words found in the question or the hint."""
    copied: set[int] = set()
    for start in range(len(words) - COPY_RUN + 1):
        if tuple(words[start : start + COPY_RUN]) in grams:
            copied.update(range(start, start + COPY_RUN))
    return frozenset(copied)
