"""The overlay's pure rules: merging a server's additions into a card within the deck limits, and which
words of an answer are offered as keywords."""

from __future__ import annotations

from bot.core.deck import Concept, Misconception, OpenCard
from bot.core.grading import grade_card
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_KEYWORDS_PER_CONCEPT,
    MAX_MISCONCEPTIONS,
    keyword_characters,
)
from bot.core.overlay import (
    CANDIDATE_PHRASES,
    CANDIDATE_WORDS,
    apply_overlay,
    keyword_candidates,
    keyword_problem,
    misconception_problem,
    normal_keyword,
)


def card(*concepts: Concept, prompt: str = "Why does caching help?", misconceptions: list[Misconception] | None = None,
         model_answer: str | None = None) -> OpenCard:
    return OpenCard(id="c", level="beginner", kind="open", prompt=prompt, concepts=list(concepts),
                    misconceptions=misconceptions or [], model_answer=model_answer)


STORE = Concept(name="stores results", keywords=["store"])
FASTER = Concept(name="faster reads", keywords=["faster"])


def test_keywords_join_their_concept_and_the_card_grades_with_them() -> None:
    base = card(STORE, FASTER)
    merged = apply_overlay(base, [("faster reads", "Snappier "), ("stores results", "keep  the RESULTS")])
    assert merged.concepts[1].keywords == ["faster", "snappier"]
    assert merged.concepts[0].keywords == ["store", "keep the results"]
    assert base.concepts[1].keywords == ["faster"]  # the deck's own card is untouched
    answer = "Lookups feel snappier because we keep the results around for a while."
    assert [v.hit for v in grade_card(answer, base).concepts] == [False, False]
    assert [v.hit for v in grade_card(answer, merged).concepts] == [True, True]


def test_what_does_not_apply_is_left_out_and_nothing_applying_returns_the_card() -> None:
    base = card(STORE, FASTER)
    ignored = [("gone concept", "word"), ("faster reads", "FASTER"), ("faster reads", ""), ("faster reads", "x" * 81)]
    assert apply_overlay(base, ignored) is base
    derived = card(model_answer="Caching keeps results close.")  # concepts derived from a model answer
    assert apply_overlay(derived, [("caching", "word")]) is derived


def test_the_deck_limits_bound_the_merged_card_however_many_rows_are_stored() -> None:
    full = Concept(name="full", keywords=[f"w{n}" for n in range(MAX_KEYWORDS_PER_CONCEPT - 1)])
    base = card(full, FASTER)
    merged = apply_overlay(base, [("full", "one"), ("full", "two"), ("full", "three")])
    assert merged.concepts[0].keywords[-1] == "one" and len(merged.concepts[0].keywords) == MAX_KEYWORDS_PER_CONCEPT
    # The card's keyword characters: a deck grown since the additions leaves the newest out.
    long = [f"{'k' * 70}{n:02d}" for n in range(MAX_KEYWORDS_PER_CONCEPT)]
    big = card(Concept(name="a", keywords=long), Concept(name="b", keywords=long[:5]), FASTER)
    room = MAX_CARD_KEYWORD_CHARS - keyword_characters(big)
    rows = [("faster reads", f"{'z' * 75}{n:02d}") for n in range(10)]
    merged = apply_overlay(big, rows)
    assert keyword_characters(merged) <= MAX_CARD_KEYWORD_CHARS
    assert len(merged.concepts[2].keywords) - 1 == room // 77


def test_keyword_problem_speaks_the_deck_files_rules() -> None:
    base = card(STORE, FASTER)
    assert keyword_problem(base, "faster reads", "snappier") is None
    assert "already" in (keyword_problem(base, "faster reads", " Faster ") or "")
    assert "no concept" in (keyword_problem(base, "slower", "snappier") or "")
    assert "1 to 80" in (keyword_problem(base, "faster reads", "x" * 81) or "")
    assert "1 to 80" in (keyword_problem(base, "faster reads", "   ") or "")
    full = card(Concept(name="full", keywords=[f"w{n}" for n in range(MAX_KEYWORDS_PER_CONCEPT)]))
    assert "50 keywords" in (keyword_problem(full, "full", "more") or "")
    long = [f"{'k' * 78}{n:02d}" for n in range(MAX_KEYWORDS_PER_CONCEPT - 1)]
    heavy = card(Concept(name="a", keywords=long), FASTER)
    assert "4,000" in (keyword_problem(heavy, "faster reads", "y" * 80) or "")
    assert normal_keyword("  Gamma \n Rays ") == "gamma rays"


def test_misconceptions_are_checked_and_bounded() -> None:
    base = card(STORE, FASTER)
    wrong = Misconception(triggers=["slower"], correction="It is faster.", contradicts="faster reads")
    assert misconception_problem(base, wrong) is None
    assert "no concept" in (misconception_problem(base, Misconception(triggers=["a"], correction="b",
                                                                      contradicts="nope")) or "")
    assert "correction" in (misconception_problem(base, Misconception(triggers=["a"], correction="b" * 201)) or "")
    merged = apply_overlay(base, [], [wrong])
    assert merged.misconceptions == [wrong]
    answer = "Caching makes every read slower, and it will store results."
    grade = grade_card(answer, merged)
    assert [m.correction for m in grade.misconceptions] == ["It is faster."]
    full = card(STORE, FASTER, misconceptions=[Misconception(triggers=[f"t{n}"], correction="c") for n in range(MAX_MISCONCEPTIONS)])
    assert "10 misconceptions" in (misconception_problem(full, wrong) or "")
    assert apply_overlay(full, [], [Misconception(triggers=["x"], correction="y")]) is full


def test_candidates_are_new_content_words_then_phrases_of_one_clause() -> None:
    base = card(STORE, FASTER, prompt="Why does caching help reads?")
    answer = "Caching keeps hot results nearby; lookups are not slower, they are snappier. Store it!"
    words = keyword_candidates(base, answer, credited=["store"])
    # Not: the prompt's "caching", the keyword word "store" (credited), denial "not", stop words.
    assert words == ("keeps", "hot", "results", "nearby", "lookups", "slower", "snappier",
                     "keeps hot", "hot results", "results nearby")
    # Words already keywords count as the grader counts them (plurals, -ing): "stores", "storing".
    assert "storing" not in keyword_candidates(base, "storing things")
    # A credited concept's matched words are not offered for a missed one.
    assert "snappier" not in keyword_candidates(base, answer, credited=["snappier"])


def test_candidates_are_bounded_whatever_the_answer() -> None:
    hostile = " ".join(f"word{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(2000))
    found = keyword_candidates(card(STORE), hostile)
    assert len(found) == CANDIDATE_WORDS + CANDIDATE_PHRASES
    assert all(len(w) <= 80 for w in found)
    assert keyword_candidates(card(STORE), "") == ()
