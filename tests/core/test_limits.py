"""The keyword budget counts every keyword-like string of a card; the server quotas of uploads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from bot.core.deck import ChoiceCard, Concept, Keyword, OpenCard, Option
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_DECK_TEXT_BYTES_PER_SERVER,
    MAX_DECKS_PER_SERVER,
    check_keyword_budget,
    keyword_characters,
    keyword_texts,
    server_quota_problem,
)

MB = 1024 * 1024


def _open(*concepts: Concept) -> OpenCard:
    return OpenCard(id="c", kind="open", level="beginner", prompt="A long prompt that is not a keyword?",
                    hint="nor is the hint", concepts=list(concepts))


def test_the_budget_counts_keywords_not_names_prompts_or_hints() -> None:
    card = _open(Concept(name="a name that is long", keywords=["abc", "de"]), Concept(name="x", keywords=["fghi"]))
    assert list(keyword_texts(card)) == ["abc", "de", "fghi"]
    assert keyword_characters(card) == 9


@dataclass(frozen=True)
class Misconception:
    name: str
    keywords: Annotated[list[Keyword], "any other metadata"]


@dataclass(frozen=True)
class FutureCard:
    prompt: str
    requires: list[Keyword]
    misconceptions: list[Misconception] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)


def test_a_later_field_typed_keyword_counts_without_changing_the_rule() -> None:
    """What another issue adds (e.g. misconceptions with their own keywords, a `requires` list) counts
    as soon as it uses the `Keyword` type, however deeply it is nested."""
    card = FutureCard(prompt="not counted", requires=["ab"],
                      misconceptions=[Misconception(name="not counted", keywords=["cde", "f"])],
                      concepts=[Concept(name="n", keywords=["ghij"])])
    assert sorted(keyword_texts(card)) == ["ab", "cde", "f", "ghij"]
    assert keyword_characters(card) == 10


def test_at_the_budget_a_card_passes_and_one_character_more_fails() -> None:
    at = _open(*(Concept(name=f"c{i}", keywords=["k" * 80] * 5) for i in range(10)))
    assert keyword_characters(at) == MAX_CARD_KEYWORD_CHARS
    assert check_keyword_budget(at) is at
    over = _open(*at.concepts, Concept(name="one more", keywords=["k"]))
    try:
        check_keyword_budget(over)
    except ValueError as error:
        assert "add up to 4,001 characters; at most 4,000 are allowed" in str(error)
    else:
        raise AssertionError("a card over the keyword budget passed")


def test_cards_without_keywords_count_nothing() -> None:
    choice = ChoiceCard(id="q", kind="choice", level="beginner", question="Which?",
                        options=[Option(text="a", correct=True), Option(text="b")], explanation="Because.")
    assert keyword_characters(choice) == 0


def test_a_server_may_hold_50_decks_and_not_51() -> None:
    current = {f"deck-{i}": 1000 for i in range(MAX_DECKS_PER_SERVER - 1)}
    assert server_quota_problem(current, "new-deck", 1000) is None  # the 50th
    current["deck-49"] = 1000
    problem = server_quota_problem(current, "new-deck", 1000)  # the 51st
    assert problem is not None
    assert "already has 50 uploaded decks" in problem and "(50)" in problem and "/deck remove" in problem
    assert server_quota_problem(current, "deck-7", 5000) is None  # a new version of one of the 50


def test_a_server_may_store_20_mb_of_decks_and_not_a_byte_more() -> None:
    current = {f"deck-{i}": MB for i in range(19)}  # 19 MB
    assert server_quota_problem(current, "new", MB) is None  # exactly 20 MB
    assert server_quota_problem(current, "new", MB + 1) == (
        "This server's uploaded decks hold 19.0 MB of text and this one adds 1.0 MB; a server may store at most "
        "20.0 MB. Remove a deck with `/deck remove` first."
    )
    assert MAX_DECK_TEXT_BYTES_PER_SERVER == 20 * MB
    # replacing a deck frees its own size first
    assert server_quota_problem(current, "deck-3", 2 * MB) is None
    assert server_quota_problem(current, "deck-3", 2 * MB + 1) is not None
