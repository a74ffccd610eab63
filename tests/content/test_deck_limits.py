"""Decks at each size limit load; one past it, the author gets the usual `file:line field: message`."""

from __future__ import annotations

import json

from bot.content.loader import load_deck_text
from bot.content.schema import deck_json_schema
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_CARDS_PER_DECK,
    MAX_CONCEPTS_PER_CARD,
    MAX_KEYWORD_CHARS,
    MAX_KEYWORDS_PER_CONCEPT,
)

HEAD = "id: big\ntitle: Big deck\ncards:\n"


def _open_card(card_id: str, concepts: list[list[str]]) -> str:
    """An open card; line 6 of the file (for the first card) is `concepts:`, each concept takes
    2 + len(keywords) lines from there."""
    lines = [f"  - id: {card_id}", "    kind: open", "    level: beginner", "    prompt: Explain it.",
             "    concepts:"]
    for index, keywords in enumerate(concepts):
        lines.append(f"      - name: concept {index}")
        lines.append("        keywords:")
        lines.extend(f"          - {json.dumps(keyword)}" for keyword in keywords)
    return "\n".join(lines) + "\n"


def _problems(text: str) -> list[str]:
    loaded = load_deck_text(text, "big.yaml")
    assert (loaded.deck is None) == bool(loaded.errors)
    return [str(problem) for problem in loaded.errors]


def test_keywords_per_concept() -> None:
    at = [f"word{i}" for i in range(MAX_KEYWORDS_PER_CONCEPT)]
    assert _problems(HEAD + _open_card("c", [at])) == []
    assert _problems(HEAD + _open_card("c", [[*at, "one-more"]])) == [
        "big.yaml:10 cards[0].concepts[0].keywords: may have at most 50 keywords, found 51; keep the words "
        "that answers really use"
    ]


def test_characters_per_keyword() -> None:
    assert _problems(HEAD + _open_card("c", [["k" * MAX_KEYWORD_CHARS]])) == []
    assert _problems(HEAD + _open_card("c", [["ok", "k" * (MAX_KEYWORD_CHARS + 1)]])) == [
        "big.yaml:12 cards[0].concepts[0].keywords[1]: this is 81 characters long; at most 80 are allowed"
    ]


def test_concepts_per_card() -> None:
    at = [[f"word{i}"] for i in range(MAX_CONCEPTS_PER_CARD)]
    assert _problems(HEAD + _open_card("c", at)) == []
    assert _problems(HEAD + _open_card("c", [*at, ["extra"]])) == [
        "big.yaml:8 cards[0].concepts: may have at most 12 concepts, found 13; merge close ideas, or split the "
        "question into two cards"
    ]


def test_keyword_characters_per_card() -> None:
    # 10 concepts x 5 keywords x 80 characters = 4,000: the whole budget
    at = [[f"{i}{j}".ljust(MAX_KEYWORD_CHARS, "k") for j in range(5)] for i in range(10)]
    assert sum(len(k) for concept in at for k in concept) == MAX_CARD_KEYWORD_CHARS
    assert _problems(HEAD + _open_card("c", at)) == []
    second = HEAD + _open_card("fine", [["a"]]) + _open_card("c", [*at, ["x"]])
    assert _problems(second) == [
        "big.yaml:12 cards[1]: the keywords of this card add up to 4,001 characters; at most 4,000 are allowed "
        "(every keyword of every concept counts, and so do requires, not_with and misconception triggers): keep "
        "the few words that really show the idea"
    ]


def test_cards_per_deck() -> None:
    flashcard = "  - {{id: c{0}, kind: flashcard, level: beginner, front: F, back: B}}\n"
    at = HEAD + "".join(flashcard.format(i) for i in range(MAX_CARDS_PER_DECK))
    assert _problems(at) == []
    assert _problems(at + flashcard.format("extra")) == [
        "big.yaml:3 cards: may have at most 2,000 cards, found 2,001; split the deck into two files with "
        "different ids"
    ]


def test_the_json_schema_shows_the_limits() -> None:
    schema = deck_json_schema()
    definitions = schema["$defs"]
    assert schema["properties"]["cards"]["maxItems"] == MAX_CARDS_PER_DECK
    keywords = definitions["Concept"]["properties"]["keywords"]
    assert keywords["maxItems"] == MAX_KEYWORDS_PER_CONCEPT
    assert keywords["items"]["maxLength"] == MAX_KEYWORD_CHARS
    assert definitions["OpenCard"]["properties"]["concepts"]["maxItems"] == MAX_CONCEPTS_PER_CARD
