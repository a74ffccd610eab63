"""Where a keyword of several words occurs in an answer: its words close together, in one phrase span.

Two ways to measure "close", giving the same places in the same order: `occurrences` lays out the
whole answer once (each token's sentence span and index among content words); `near_occurrences`
counts the content words between the few positions involved, which is cheaper when a keyword's words
occur only a few times (the usual case) and the position lists are sorted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate, pairwise
from operator import not_

from bot.core.grading_compile import PHRASE_SLACK, Keyword
from bot.core.text_normalize import NOT_CONTENT, SENTENCE_MARKS, canonical_word, split_words

# A phrase's words must not straddle these: "similar results, but the performance is poor".
PHRASE_BREAKERS = frozenset(split_words("but however although though whereas yet while instead"))
# Words that do not push a phrase's words apart: "the model gets much smaller" is "smaller model".
LIGHT_WORDS = frozenset(
    canonical_word(word) for word in split_words("get gets got become becomes became much far way lot quite really even")
)
_NOT_COUNTED = NOT_CONTENT | LIGHT_WORDS
_NEW_PHRASE_SPAN = SENTENCE_MARKS | PHRASE_BREAKERS
# The near placements are used while a keyword's first word occurs at most this many times, times
# the occurrences of its other words.
NEAR_COMBINATIONS = 6
# ... and while all those positions lie within this many tokens (the words between are counted).
NEAR_SPAN = 48

Layout = tuple[list[int], list[int]]


def layout(words: tuple[str, ...], breakers: frozenset[str] = _NEW_PHRASE_SPAN) -> Layout:
    """Per token: its phrase span number (sentences, cut at "but"..., or at `breakers`) and its index
    among content words, for phrase windows. (Sums of booleans: the first span entry may be a bool.)"""
    span: list[int] = list(accumulate(map(breakers.__contains__, words)))
    content = map(not_, map(_NOT_COUNTED.__contains__, words))
    return span, list(accumulate(content, initial=0))


def near_occurrences(
    keyword: Keyword, by_id: dict[int, list[int]], words: tuple[str, ...], anchors: Iterable[int] | None = None
) -> Iterator[tuple[int, ...]]:
    """`occurrences` for sorted position lists without the answer-wide layout: each candidate's
    content-word distance from the anchor, and whether a sentence or "but" lies between, come from the
    words between the two positions."""
    word_ids = keyword.word_ids
    window = len(word_ids) + PHRASE_SLACK
    for anchor in by_id[word_ids[0]] if anchors is None else anchors:
        chosen = [anchor]
        offsets = [0]  # content words from the anchor, signed
        for word_id in word_ids[1:]:
            best = -1
            best_key = (0, False)
            for position in by_id[word_id]:
                if position in chosen:
                    continue
                low, high = (anchor, position) if anchor < position else (position, anchor)
                between = words[low:high]
                distance = len(between) - sum(map(_NOT_COUNTED.__contains__, between))
                if distance < window and _NEW_PHRASE_SPAN.isdisjoint(words[low + 1 : high + 1]):
                    key = (distance, position < anchor)
                    if best < 0 or key < best_key:
                        best, best_key = position, key
            if best < 0:
                break
            chosen.append(best)
            offsets.append(-best_key[0] if best_key[1] else best_key[0])
        else:
            spread = max(offsets) - min(offsets)
            in_order = all(a < b for a, b in pairwise(chosen))
            if spread < window if in_order else not keyword.ordered and spread < len(word_ids):
                yield tuple(chosen)


def near_pair_occurrences(
    keyword: Keyword, by_id: dict[int, list[int]], words: tuple[str, ...], anchors: Iterable[int] | None = None
) -> Iterator[tuple[int, ...]]:
    """`near_occurrences` for a keyword of two words (most phrases), without its bookkeeping."""
    first, second = keyword.word_ids
    window = 2 + PHRASE_SLACK
    seconds = by_id[second]
    for anchor in by_id[first] if anchors is None else anchors:
        chosen = -1
        chosen_key = (0, False)
        for position in seconds:
            if position == anchor:
                continue
            low, high = (anchor, position) if anchor < position else (position, anchor)
            between = words[low:high]
            distance = len(between) - sum(map(_NOT_COUNTED.__contains__, between))  # content words
            if distance < window and _NEW_PHRASE_SPAN.isdisjoint(words[low + 1 : high + 1]):
                key = (distance, position < anchor)
                if chosen < 0 or key < chosen_key:
                    chosen, chosen_key = position, key
        if chosen >= 0 and (chosen_key[0] < window if anchor < chosen else not keyword.ordered and chosen_key[0] < 2):
            yield (anchor, chosen)


def pair_occurrences(
    keyword: Keyword, by_id: dict[int, list[int]], words_layout: Layout, anchors: Iterable[int] | None = None,
    in_order_too: bool = False, slack: int = PHRASE_SLACK,
) -> Iterator[tuple[int, ...]]:
    """`occurrences` for a keyword of two words, without its general bookkeeping; the same places in
    the same order."""
    first, second = keyword.word_ids
    span, content_index = words_layout
    at = content_index.__getitem__
    window = 2 + slack
    positions = by_id[second]
    for anchor in by_id[first] if anchors is None else anchors:
        here = content_index[anchor]
        if len(positions) == 1:  # bisect on one element: is it inside the window
            nearby = positions if here - window < content_index[positions[0]] < here + window else ()
        else:
            nearby = positions[bisect_left(positions, here - window + 1, key=at) : bisect_right(positions, here + window - 1, key=at)]
        chosen = -1
        chosen_key = (0, False)
        anchor_span = span[anchor]
        for position in nearby:
            if position != anchor and span[position] == anchor_span:
                key = (abs(content_index[position] - here), position < anchor)
                if chosen < 0 or key < chosen_key:
                    chosen, chosen_key = position, key
        if chosen >= 0 and (chosen_key[0] < window if anchor < chosen else not keyword.ordered and chosen_key[0] < 2):
            yield (anchor, chosen)
        elif in_order_too and chosen >= 0 and (later := _in_order(keyword.word_ids, by_id, words_layout, anchor, window)) is not None:
            yield later


def occurrences(
    keyword: Keyword, by_id: dict[int, list[int]], words_layout: Layout, anchors: Iterable[int] | None = None,
    in_order_too: bool = False, slack: int = PHRASE_SLACK,
) -> Iterator[tuple[int, ...]]:
    """Places where all of a multi-word keyword's words occur close together in one sentence, in
    reading order (lazily: the caller usually stops at the first one it can credit). `anchors`: the
    positions of the first word to try (default all of them), for callers that bound the work.
    `in_order_too` (role phrases): where the nearest words do not stand in order, the words in order
    from the anchor are tried too (`_in_order`); keywords keep the nearest words, whose order is checked
    (a reversed phrase or one with content words in it must not be completed from further away)."""
    word_ids = keyword.word_ids
    span, content_index = words_layout
    at = content_index.__getitem__
    window = len(word_ids) + slack
    for anchor in by_id[word_ids[0]] if anchors is None else anchors:
        here = content_index[anchor]
        chosen = [anchor]
        taken = {anchor}  # (the same positions as `chosen`, for look-ups)
        for word_id in word_ids[1:]:
            positions = by_id[word_id]
            low = bisect_left(positions, here - window + 1, key=at)
            high = bisect_right(positions, here + window - 1, key=at)
            candidates = [p for p in positions[low:high] if p not in taken and span[p] == span[anchor]]
            if not candidates:
                break
            pick = min(candidates, key=lambda p: (abs(content_index[p] - here), p < anchor))
            chosen.append(pick)
            taken.add(pick)
        else:
            indexes = [content_index[p] for p in chosen]
            spread = max(indexes) - min(indexes)
            in_order = all(a < b for a, b in pairwise(chosen))
            # in order, a few words may come between ("large, complex model"); out of order only little
            # words may ("the model is large"), not other content ("a model that mimics a larger one")
            if spread < window if in_order else not keyword.ordered and spread < len(word_ids):
                yield tuple(chosen)
            elif in_order_too and (later := _in_order(word_ids, by_id, words_layout, anchor, window)) is not None:
                yield later


def _in_order(
    word_ids: tuple[int, ...], by_id: dict[int, list[int]], words_layout: Layout, anchor: int, window: int
) -> tuple[int, ...] | None:
    """The place of a keyword's words in order from `anchor` (each the first one after the one
    before), when the nearest ones do not stand in order: in "酸素を取り入れて二酸化炭素を出す" the
    nearest 素 to the second 二 is the earlier one, but a later one completes the phrase."""
    span, content_index = words_layout
    chosen = [anchor]
    for word_id in word_ids[1:]:
        positions = by_id[word_id]
        index = bisect_right(positions, chosen[-1])
        if index == len(positions) or span[positions[index]] != span[anchor]:
            return None
        chosen.append(positions[index])
    return tuple(chosen) if content_index[chosen[-1]] - content_index[anchor] < window else None


def phrase_places(
    phrases: Iterable[tuple[Keyword, tuple[int, ...], int]], by_id: dict[int, list[int]], words: tuple[str, ...],
    breakers: frozenset[str], most: int, most_in_all: int,
) -> dict[int, list[int]]:
    """Where multi-word phrases (role words: `requires`, `not_with`) stand as phrases, found as keywords
    are (`occurrences`), under stand-in ids: per phrase, (the phrase as a keyword, one stand-in id per
    word), and the stand-in id -> the sorted positions of its word in the phrase's places. A place does
    not straddle `breakers` (the clause bounds the role words are read in: a nearer word across one
    would hide the place inside the clause). At most `most` places of a phrase's first word are tried,
    `most_in_all` for all phrases (the phrases past them are not seen)."""
    found: dict[int, set[int]] = {}
    words_layout: Layout | None = None
    left = most_in_all
    for keyword, parts, slack in phrases:
        if not keyword.word_set.issubset(by_id):
            continue
        if left <= 0:
            break
        if words_layout is None:
            words_layout = layout(words, breakers)
        anchors = by_id[keyword.word_ids[0]][: min(most, left)]
        left -= len(anchors)
        placer = pair_occurrences if len(parts) == 2 else occurrences  # (the same places)
        for place in placer(keyword, by_id, words_layout, anchors, in_order_too=True, slack=slack):
            for part, position in zip(parts, place, strict=True):
                found.setdefault(part, set()).add(position)
    return {part: sorted(positions) for part, positions in found.items()}
