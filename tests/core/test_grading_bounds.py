"""The grader's work per answer is bounded whatever the card, even one built in code past every deck
limit: counted in comparisons and positions looked at, never in time (timings are in
benchmarks/grading/worst_card.py)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import text_normalize
from bot.core.deck import Concept, OpenCard
from bot.core.grading import card_compiled, grade_card
from bot.core.grading_compile import Keyword
from bot.core.grading_phrases import (
    layout,
    near_occurrences,
    near_pair_occurrences,
    occurrences,
    pair_occurrences,
)
from bot.core.grading_words import resolve_words
from bot.core.limits import (
    GRADED_CARD_KEYWORD_CHARS,
    GRADED_CONCEPTS,
    GRADED_KEYWORDS_PER_CONCEPT,
    MAX_PLACE_STEPS,
    MAX_TYPO_COMPARISONS,
    MAX_TYPO_MATCHES,
    MAX_TYPO_PLACES,
)
from bot.core.text_normalize import tokenize

RNG = random.Random(3)


def _word(length: int, first: str) -> str:
    return first + "".join(RNG.choice("abdeghiklmnoprtu") for _ in range(length - 1))


def _unvalidated(concepts: list[list[str]]) -> OpenCard:
    """A card no deck file could hold (the dataclasses don't validate; only the loader does)."""
    return OpenCard(id="huge", kind="open", level="advanced", prompt="P " * 100_000,
                    concepts=[Concept(name=f"concept {i}", keywords=keywords) for i, keywords in enumerate(concepts)])


def _near(word: str) -> str:
    cut = RNG.randrange(1, len(word) - 1)
    return word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]


def test_a_card_past_every_limit_is_cut_to_the_grading_bounds_when_compiled() -> None:
    words = [_word(7, "s") for _ in range(200_000)]
    card = _unvalidated([words[i * 1000 : (i + 1) * 1000] for i in range(200)])  # 200 x 1,000 keywords
    compiled, _ = card_compiled(card)
    assert len(compiled.names) == GRADED_CONCEPTS
    authored = [keyword for keyword in compiled.keyword_entries if " " not in keyword[1].text]
    assert len(authored) <= GRADED_CONCEPTS * GRADED_KEYWORDS_PER_CONCEPT
    assert sum(len(keyword.text) for _, keyword in compiled.keyword_entries) <= GRADED_CARD_KEYWORD_CHARS
    assert len(compiled.vocab) <= GRADED_CARD_KEYWORD_CHARS
    assert max(map(len, compiled.copy_gram_sets), default=0) <= 5 and len(compiled.copy_grams) <= 2000


def test_typo_matching_stops_at_its_comparison_budget() -> None:
    """One first letter, one length: every answer word meets every keyword word."""
    words = list(dict.fromkeys(_word(7, "s") for _ in range(5000)))
    card = _unvalidated([words[i :: 12] for i in range(12)])
    compiled, _ = card_compiled(card)
    kept = [keyword.text for _, keyword in compiled.keyword_entries]
    answer = " ".join(_near(RNG.choice(kept)) for _ in range(600))
    compiled.forget_typos()
    before = compiled.typo_comparisons
    result = grade_card(answer, card)
    done = compiled.typo_comparisons - before
    assert MAX_TYPO_COMPARISONS - len(kept) < done <= MAX_TYPO_COMPARISONS  # the budget was used, not passed
    assert result.hits > 0  # the words looked at before the budget ran out still count
    # the next answer may look at the words this one could not afford
    again = compiled.typo_comparisons
    grade_card(answer, card)
    assert 0 < compiled.typo_comparisons - again <= MAX_TYPO_COMPARISONS


def test_a_word_that_is_a_typo_of_many_keywords_is_matched_and_placed_within_bounds() -> None:
    centre = "saaaaaa"
    neighbours = [centre[:cut] + letter + centre[cut + 1 :] for cut in range(1, 7) for letter in "bdeghiklmnoprtu"]
    card = _unvalidated([neighbours[i :: 3] for i in range(3)])  # 90 keywords, each one edit from the centre
    compiled, _ = card_compiled(card)
    compiled.forget_typos()
    tokens = tokenize(" ".join([centre] * 2000))
    by_id, similarity = resolve_words(tokens, set(tokens.words), compiled)
    assert len(compiled.fuzzy_cache[centre]) == len(neighbours)  # every match found (90 <= MAX_TYPO_MATCHES)
    assert len(similarity) <= MAX_TYPO_PLACES  # but placed only as often as the bound allows
    assert sum(map(len, by_id.values())) <= MAX_TYPO_PLACES
    assert len(similarity) > MAX_TYPO_PLACES - len(neighbours)


def test_typo_matches_per_answer_are_bounded() -> None:
    """Nine-letter words (two typos allowed) around one centre: each answer word is a typo of all 120
    keywords, so 64 answer words would make 7,680 matches."""
    centre = "s" + "a" * 8
    keywords = [centre[:cut] + letter + centre[cut + 1 :] for cut in range(1, 9) for letter in "bdeghiklmnoprtu"]
    answer_words = [centre[:cut] + letter + centre[cut + 1 :] for cut in range(1, 9) for letter in "cfjvwxyz"]
    card = _unvalidated([keywords[i :: 12] for i in range(12)])
    compiled, _ = card_compiled(card)
    compiled.forget_typos()
    grade_card(" ".join(answer_words), card)
    found = sum(len(matches) for matches in compiled.fuzzy_cache.values())
    assert MAX_TYPO_MATCHES - len(keywords) < found <= MAX_TYPO_MATCHES
    assert all(len(matches) == len(keywords) for matches in compiled.fuzzy_cache.values())
    assert len(compiled.fuzzy_cache) < len(answer_words)  # the words past the bound were left for later


def test_phrase_placement_stops_at_its_budget() -> None:
    """Long phrases whose words are all in the answer, never close enough: every place is tried, and
    said not to hold so that no first place is taken on trust."""
    letters = "bcfhjkpqvwxz"
    phrases = [" ".join(RNG.choice(letters) for _ in range(12)) for _ in range(600)]
    card = _unvalidated([phrases[i :: 25] for i in range(25)])
    compiled, _ = card_compiled(card)
    answer = " ".join(f"not {RNG.choice(letters)} ." for _ in range(1500))
    for text in (answer, " ".join(["b"] * 3000), " ".join(RNG.choice(letters) for _ in range(3000))):
        before = compiled.place_steps
        grade_card(text, card)
        assert compiled.place_steps - before <= MAX_PLACE_STEPS
    assert compiled.place_steps > MAX_PLACE_STEPS  # the budget was reached, not merely respected


def test_an_ordinary_answer_to_a_card_at_the_limits_is_graded_in_full() -> None:
    """The bounds cut nothing from an answer that explains: a card filled to the deck limits, and an
    answer that names one keyword of each concept, some misspelt, some as phrases."""
    words = list(dict.fromkeys(_word(8, RNG.choice("abdeghiklmnoprtu")) for _ in range(2000)))
    concepts = []
    for index in range(12):
        own = words[index * 40 : (index + 1) * 40]
        concepts.append([f"{own[0]} {own[1]}", *own[2:37]])  # a phrase and 35 words, about 330 chars
    card = OpenCard(id="full", kind="open", level="advanced", prompt="Explain.",
                    concepts=[Concept(name=f"c{i}", keywords=k) for i, k in enumerate(concepts)])
    sentences = []
    for index, keywords in enumerate(concepts):
        named = keywords[0] if index % 3 == 0 else (_near(keywords[5]) if index % 3 == 1 else keywords[9])
        sentences.append(f"The idea number {index} is that {named} matters because it changes how things work.")
    result = grade_card(" ".join(sentences), card)
    assert result.hits == 12, result.to_json()


def test_placements_from_some_anchors_are_the_general_ones_that_start_there() -> None:
    """The bounded search tries a prefix of the first word's places: it must find exactly the places
    the full search finds from those anchors (the fast paths included)."""
    vocabulary = ["large", "model", "teacher", "big", "the", "is", ".", ",", "but", "much"]
    ids = {"large": 0, "model": 1, "teacher": 2}
    compared = 0
    for _ in range(2000):
        words = tuple(RNG.choice(vocabulary) for _ in range(RNG.randint(3, 16)))
        by_id: dict[int, list[int]] = {}
        for position, word in enumerate(words):
            if word in ids:
                by_id.setdefault(ids[word], []).append(position)
        for shape in [(0, 1), (1, 0), (0, 2, 1), (1, 1)]:
            if not set(shape) <= by_id.keys():
                continue
            keyword = Keyword("k", shape, frozenset(shape))
            anchors = by_id[shape[0]][: RNG.randint(0, len(by_id[shape[0]]))]
            expected = [place for place in occurrences(keyword, by_id, layout(words)) if place[0] in anchors]
            assert list(occurrences(keyword, by_id, layout(words), iter(anchors))) == expected
            assert list(near_occurrences(keyword, by_id, words, iter(anchors))) == expected
            if len(shape) == 2:
                assert list(pair_occurrences(keyword, by_id, layout(words), iter(anchors))) == expected
                assert list(near_pair_occurrences(keyword, by_id, words, iter(anchors))) == expected
            compared += bool(expected)
    assert compared > 200


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="abcdefghilmnoprstuyz", min_size=1, max_size=14))
def test_the_canonical_form_s_shortcuts_give_what_the_full_rules_give(word: str) -> None:
    """canonical_word skips the spelling and suffix rules for words no rule applies to (for speed)."""
    text_normalize._CANONICAL_CACHE.pop(word, None)
    special = word in text_normalize.STOPWORDS or word in text_normalize._NEGATION_SPELLINGS or (
        word in text_normalize._UNITS or word in text_normalize._TENS or word in text_normalize._SYMBOL_WORDS
        or word in text_normalize._CHAT_WORDS)
    if not special:
        assert text_normalize.canonical_word(word) == text_normalize.stem(text_normalize.british_to_american(word))


def test_the_canonical_form_of_words_the_rules_change() -> None:
    for word, expected in [("colours", "color"), ("organisation", "organization"), ("analysed", "analyz"),
                           ("running", "run"), ("mimicking", "mimic"), ("centres", "center"), ("flies", "fly"),
                           ("boxes", "box"), ("quickly", "quick"), ("programme", "program"), ("grey", "gray")]:
        text_normalize._CANONICAL_CACHE.pop(word, None)
        assert text_normalize.canonical_word(word) == expected, word
