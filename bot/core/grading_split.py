"""Words that lost the space between them: "weightsfrom FP32" is read as "weights from FP32".

An answer word that is not a keyword word, has no typo match and is not an English word itself is cut
in two; if one part is a keyword word (spelt exactly, or a synonym of one) and the other is a keyword
word, a little word ("from") or an English word of the lexicon (bot/core/grading_lexicon.py), the word
counts for the keyword word(s) it holds, at its own position: the member is shown the word as written.

Bounded per answer: at most MAX_SPLIT_WORDS new words of at most 32 letters are tried, at each of
their cuts (in the answer's order; the others stay unsettled, so a later answer may try them), each
at most once per card (memoised with the typo matches in `card.fuzzy_cache`). A cut is only looked at
closely when a part starts like a keyword word.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.grading_compile import CompiledCard
from bot.core.grading_lexicon import known_word
from bot.core.text_normalize import STOPWORDS, canonical_word_uncached

# New words tried per answer (each costs at most its length in cuts, most of them one set look-up).
MAX_SPLIT_WORDS = 40
SPLIT_SCORE = 95  # a split word is a little less certain than the word spelt out
_MIN_LENGTH = 5  # "ofatp" and longer: both parts have 2+ letters, one 3+
_ENDING = 4  # letters an ending the canonical form drops may have ("ings", "ised")
_MAX_LENGTH = 32  # two words run together are rarely longer; a 4000-letter "word" is not tried


def learn_splits(candidates: Iterable[str], card: CompiledCard) -> None:
    """Try the words of `candidates` (new to this card, without a typo match) as two words run
    together; a word that splits joins `card.fuzzy_cache`, one that doesn't stays in `card.no_typo`.
    Words past the per-answer bound are unsettled again (not tried, not remembered)."""
    heads = card.split_heads
    if not heads:
        return
    vocab = card.vocab
    tried = 0
    words = candidates if isinstance(candidates, list) else list(candidates)
    for index, word in enumerate(words):
        if not _MIN_LENGTH <= len(word) <= _MAX_LENGTH or not word.isascii() or not word.isalpha():
            continue
        if tried >= MAX_SPLIT_WORDS:  # this word and the later ones that could be tried: unsettled (in one go)
            rest = [word for word in words[index:]
                    if _MIN_LENGTH <= len(word) <= _MAX_LENGTH and word.isascii() and word.isalpha()]
            card.no_typo.difference_update(rest)
            card.settled.difference_update(rest)
            break
        tried += 1
        ids = _split_ids(word, heads, vocab)
        if ids:
            card.no_typo.discard(word)
            card.fuzzy_cache[word] = tuple((word_id, SPLIT_SCORE) for word_id in ids)
        else:
            card.no_typo.add(word)
        card.settled.add(word)
    card.split_words_tried += tried


def _split_ids(word: str, heads: dict[str, tuple[int, int]], vocab: dict[str, int]) -> tuple[int, ...]:
    """The keyword word ids the two parts of `word` are, at its first cut that works (else ())."""
    # A part can only be a keyword word if it starts like one and is about as long: the canonical form
    # drops at most a few letters of an ending ("weights" -> "weight", "reducing" -> "reduc").
    # A keyword part has 3+ letters ("gasfp" is not "gas" + "fp"); the other part may be "of", "to"...
    left_lengths = heads.get(word[:3])
    for cut in range(2, len(word) - 1):
        left, right = word[:cut], word[cut:]
        right_lengths = heads.get(right[:3])
        if left_lengths is None and right_lengths is None:
            continue
        left_id = (vocab.get(canonical_word_uncached(left))
                   if left_lengths is not None and max(3, left_lengths[0] - 1) <= cut <= left_lengths[1] + _ENDING
                   else None)
        right_id = (vocab.get(canonical_word_uncached(right))
                    if right_lengths is not None and max(3, right_lengths[0] - 1) <= len(right) <= right_lengths[1] + _ENDING
                    else None)
        if left_id is None and right_id is None:
            continue
        if left_id is not None and right_id is not None:
            ids = (left_id, right_id) if left_id != right_id else (left_id,)
        elif _is_word(right if left_id is not None else left):
            ids = (left_id if left_id is not None else right_id,)  # type: ignore[assignment]
        else:
            continue
        return () if _is_word(word) else ids  # "carpet" is not "car pet"
    return ()


def _is_word(text: str) -> bool:
    if text in STOPWORDS:
        return True
    return len(text) >= 3 and known_word(canonical_word_uncached(text))
