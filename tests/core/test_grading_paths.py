"""The grader's fast paths give the same answers as its general code (they exist only for speed)."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.grading import grade_answer, grade_compiled
from bot.core.grading_compile import Keyword, compile_card
from bot.core.grading_match import _layout, _near_pair_occurrences, _occurrences, _pair_occurrences
from bot.core.text_normalize import _CONTROL, _TOKEN, Tokens, casefold_ascii, tokenize
from tests.core.test_grading import DISTILLATION, DISTILLATION_HINT, DISTILLATION_PROMPT

# Token streams over a tiny vocabulary: keyword words (ids 0 and 1), content fillers, little words,
# sentence and clause marks, phrase breakers.
VOCABULARY = ["large", "model", "big", "teacher", "the", "is", "a", ".", ",", "but", "much", "gets", ";"]
IDS = {"large": 0, "model": 1}


def _by_id(words: tuple[str, ...]) -> dict[int, list[int]]:
    by_id: dict[int, list[int]] = {}
    for position, word in enumerate(words):
        if word in IDS:
            by_id.setdefault(IDS[word], []).append(position)
    return by_id


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=25), st.booleans())
def test_pair_paths_place_a_two_word_keyword_like_the_general_search(tokens: list[str], reverse: bool) -> None:
    words = tuple(tokens)
    by_id = _by_id(words)
    if len(by_id) < 2:
        return
    ids = (1, 0) if reverse else (0, 1)
    keyword = Keyword("large model", ids, frozenset(ids))
    layout = [_layout(words)]
    general = list(_occurrences(keyword, by_id, layout))
    assert list(_pair_occurrences(keyword, by_id, layout)) == general
    assert list(_near_pair_occurrences(keyword, by_id, words)) == general


def test_pair_paths_agree_on_a_repeated_word_keyword() -> None:
    words = tuple(["model", "is", "a", "model", ".", "model", "model", ",", "the", "model"])
    by_id = {1: [i for i, word in enumerate(words) if word == "model"]}
    keyword = Keyword("model model", (1, 1), frozenset((1,)))
    layout = [_layout(words)]
    general = list(_occurrences(keyword, by_id, layout))
    assert general  # the case is exercised
    assert list(_pair_occurrences(keyword, by_id, layout)) == general
    assert list(_near_pair_occurrences(keyword, by_id, words)) == general


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
