"""The rules of `content lint` (bot/content/lint_rules.py) on small cards: each fires where it should,
names the field, and stays quiet on the keywords it is not about."""

from __future__ import annotations

from bot.content.lint_rules import (
    COMMON_WORD,
    FEW_KEYWORDS,
    RELATION_IS_KEYWORD,
    SHARED_KEYWORD,
    TRIGGER_IN_MODEL_ANSWER,
    common_words,
    content_words,
    lint_card,
)
from bot.core.deck import Concept, Misconception, OpenCard


def card(*concepts: Concept, misconceptions: tuple[Misconception, ...] = (), model_answer: str | None = None) -> OpenCard:
    return OpenCard(
        id="c", kind="open", level="beginner", prompt="Explain quantization.", concepts=list(concepts),
        misconceptions=list(misconceptions), model_answer=model_answer,
    )


def concept(name: str, *keywords: str, requires: tuple[str, ...] = (), not_with: tuple[str, ...] = ()) -> Concept:
    return Concept(name=name, keywords=list(keywords), requires=list(requires), not_with=list(not_with))


def rules(found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.rule, f.subject) for f in found]


def test_the_frequency_list_holds_everyday_words_not_subject_words() -> None:
    words = common_words()
    assert len(words) > 800  # 1,000 words, fewer once plurals and number words share a form
    assert {content_words(w)[0] for w in ("speed", "set", "order", "student", "add")} <= words
    assert not {content_words(w)[0] for w in ("softmax", "cache", "hash", "quantization", "int8")} & words


def test_fewer_than_three_keywords_is_reported_on_the_keywords_field() -> None:
    found = lint_card(card(concept("Two", "lower precision", "fewer bits"), concept("Three", "int8", "8-bit", "int 8")), ("cards", 4))
    assert rules(found) == [(FEW_KEYWORDS, "Two")]
    assert found[0].path == ("cards", 4, "concepts", 0, "keywords")
    assert "has 2 keywords" in found[0].message


def test_a_single_common_word_is_reported_as_the_grader_reads_it() -> None:
    found = lint_card(card(concept("Faster", "speed", "speeds up", "inference speed", "lower latency", "d_k", "softmax")))
    assert rules(found) == [(COMMON_WORD, "speed"), (COMMON_WORD, "speeds up")]
    assert found[0].path == ("concepts", 0, "keywords", 0)
    assert "reads it as that one word" in found[1].message and "reads it" not in found[0].message


def test_requires_words_make_a_common_word_a_guarded_one() -> None:
    guarded = concept("Faster", "speed", "quicker", "lower latency", requires=("inference",))
    assert lint_card(card(guarded)) == []


def test_a_keyword_of_two_concepts_is_reported_once_on_the_second() -> None:
    found = lint_card(card(
        concept("Stored", "cache", "memoization", "tabulation"),
        concept("Memory", "caches", "memory footprint", "cache", "grows with length"),
    ))
    assert rules(found) == [(SHARED_KEYWORD, "caches"), (SHARED_KEYWORD, "cache")]
    assert found[0].path == ("concepts", 1, "keywords", 0)
    assert "'Stored'" in found[0].message


def test_role_words_that_are_the_concepts_own_keywords() -> None:
    found = lint_card(card(concept(
        "Teacher", "teacher model", "large model", "big model", requires=("large models",), not_with=("teacher model", "small"),
    )))
    assert rules(found) == [(RELATION_IS_KEYWORD, "large models"), (RELATION_IS_KEYWORD, "teacher model")]
    assert [f.path[-2:] for f in found] == [("requires", 0), ("not_with", 0)]


def test_a_trigger_the_model_answer_states_is_reported_on_the_trigger() -> None:
    stored = concept("Results are stored", "memoization", "tabulation", "store each result")
    wrong = Misconception(triggers=["subproblems are independent", "just recursion"], correction="Plain recursion recomputes.",
                          contradicts="Results are stored")
    answer = "Fibonacci computed recursively repeats work; memoization stores each result once."
    found = lint_card(card(stored, misconceptions=(wrong,), model_answer=answer))
    assert rules(found) == [(TRIGGER_IN_MODEL_ANSWER, "just recursion")]
    assert found[0].path == ("misconceptions", 0, "triggers", 1)
    fixed = Misconception(triggers=["recursion is enough"], correction="Plain recursion recomputes.", contradicts="Results are stored")
    assert lint_card(card(stored, misconceptions=(fixed,), model_answer=answer)) == []
