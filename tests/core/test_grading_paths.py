"""The grader's fast paths give the same answers as its general code (they exist only for speed)."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.grading import grade_answer, grade_compiled
from bot.core.grading_compile import Keyword, compile_card
from bot.core.grading_phrases import (
    layout,
    near_occurrences,
    near_pair_occurrences,
    occurrences,
    pair_occurrences,
)
from bot.core.text_normalize import _CONTROL, _TOKEN, Tokens, casefold_ascii, tokenize
from tests.core.test_grading import DISTILLATION, DISTILLATION_HINT, DISTILLATION_PROMPT

# Token streams over a tiny vocabulary: keyword words (ids 0, 1, 2), content fillers, little words,
# sentence and clause marks, phrase breakers.
VOCABULARY = ["large", "model", "teacher", "big", "the", "is", "a", ".", ",", "but", "much", "gets", ";"]
IDS = {"large": 0, "model": 1, "teacher": 2}


def _by_id(words: tuple[str, ...]) -> dict[int, list[int]]:
    by_id: dict[int, list[int]] = {}
    for position, word in enumerate(words):
        if word in IDS:
            by_id.setdefault(IDS[word], []).append(position)
    return by_id


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=25),
    st.sampled_from([(0, 1), (1, 0), (0, 2, 1), (2, 1, 0), (1, 1), (0, 1, 0)]),
)
def test_fast_placements_give_the_general_search_s_places(tokens: list[str], ids: tuple[int, ...]) -> None:
    words = tuple(tokens)
    by_id = _by_id(words)
    if not set(ids) <= by_id.keys():
        return
    keyword = Keyword("a phrase", ids, frozenset(ids))
    words_layout = layout(words)
    general = list(occurrences(keyword, by_id, words_layout))
    assert list(near_occurrences(keyword, by_id, words)) == general
    if len(ids) == 2:
        assert list(pair_occurrences(keyword, by_id, words_layout)) == general
        assert list(near_pair_occurrences(keyword, by_id, words)) == general


def test_fast_placements_on_many_seeded_answers() -> None:
    """Thousands of short random token streams, dense in keyword words, for every keyword shape."""
    rng = random.Random(11)
    shapes = [(0, 1), (1, 0), (1, 1), (0, 2, 1), (2, 1, 0), (0, 1, 1), (0, 1, 0), (2, 0, 1, 1)]
    dense = ["large", "model", "teacher", "large", "model", "teacher", "big", "the", ".", "but", "much"]
    compared = 0
    for _ in range(3000):
        words = tuple(rng.choice(dense) for _ in range(rng.randint(3, 14)))
        by_id = _by_id(words)
        for ids in shapes:
            if set(ids) <= by_id.keys():
                keyword = Keyword("a phrase", ids, frozenset(ids))
                general = list(occurrences(keyword, by_id, layout(words)))
                assert list(near_occurrences(keyword, by_id, words)) == general, (words, ids)
                if len(ids) == 2:
                    assert list(near_pair_occurrences(keyword, by_id, words)) == general, (words, ids)
                compared += bool(general)
    assert compared > 1000  # places were found, not only empty lists compared


def test_placements_agree_on_a_repeated_word_keyword() -> None:
    words = tuple(["model", "is", "a", "model", ".", "model", "model", ",", "the", "model"])
    by_id = {1: [i for i, word in enumerate(words) if word == "model"]}
    keyword = Keyword("model model", (1, 1), frozenset((1,)))
    general = list(occurrences(keyword, by_id, layout(words)))
    assert general  # the case is exercised
    assert list(pair_occurrences(keyword, by_id, layout(words))) == general
    assert list(near_occurrences(keyword, by_id, words)) == general
    assert list(near_pair_occurrences(keyword, by_id, words)) == general


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet="abcXYZ 019.,;:()[]|\n-'!?", max_size=200))
def test_tokens_and_shown_text_match_a_plain_regex_scan(text: str) -> None:
    """The ASCII regex and the offsets from `parts` are shortcuts: the same tokens as the general
    regex, and each token shown exactly as the text between its regex match offsets."""
    tokens = tokenize(text)
    matches = list(_TOKEN.finditer(tokens.lowered))
    assert tuple(match.group() for match in matches) == tokens.surface
    source = tokens.text if len(tokens.text) == len(tokens.lowered) else tokens.lowered
    assert tokens.display([(k,) for k in range(len(matches))]) == [source[m.start() : m.end()] for m in matches]
    if len(matches) >= 2:
        shown = tokens.display([(len(matches) - 1, 0)])
        assert shown == [source[matches[0].start() : matches[-1].end()]]


def _old_casefold(text: str) -> str:
    """The per-character filter that `casefold_ascii` replaced."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    elif text.isprintable():
        return text
    return _CONTROL.sub(" ", text)


def test_combining_marks_are_removed_like_a_per_character_filter() -> None:
    rng = random.Random(3)
    alphabet = "aéèüñçİ\u0337\u0349\u0313\u0308ﬁ①🧠 \x00\u200b"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        assert casefold_ascii(text) == _old_casefold(text)


def test_memoised_verdicts_are_the_same_as_fresh_ones() -> None:
    card = compile_card(DISTILLATION, DISTILLATION_PROMPT, DISTILLATION_HINT)
    answers = [
        "A large teacher model trains a small student that mimics it.",
        "The studnet is not smaller; the techer is big.",
        "teacher, student, mimic",
    ]
    first = [grade_compiled(answer, card) for answer in answers]
    card.forget_typos()
    card.verdicts.clear()
    again = [grade_compiled(answer, card) for answer in answers]
    assert first == again
    assert again == [grade_answer(a, DISTILLATION, question=DISTILLATION_PROMPT, hint=DISTILLATION_HINT) for a in answers]


def test_tokens_display_shows_the_written_words() -> None:
    tokens: Tokens = tokenize("A LARGE  teacher-model, then 8bit.")
    assert tokens.display([(1,), (3, 2)]) == ["LARGE", "teacher-model"]
    assert tokens.surface == ("a", "large", "teacher", "model", ",", "then", "8", "bit", ".")
