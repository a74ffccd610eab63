"""Role words and misconception triggers count in a card's 4,000 keyword characters like keywords do:
a card exactly at the budget loads, one character more is refused at the card's line (`file:line
field: message`), whichever field the character is in. Corrections are shown, never matched: they
have their own bound and don't count."""

from __future__ import annotations

import json

import pytest

from bot.content.loader import load_deck_text
from bot.core.limits import (
    MAX_CARD_KEYWORD_CHARS,
    MAX_CORRECTION_CHARS,
    MAX_MISCONCEPTIONS,
    keyword_characters,
)

HEAD = "id: budget\ntitle: Budget\ncards:\n"
# 12 concepts x (1 keyword + 10 requires + 10 not_with) x 10 characters = 2,520, and 10 misconceptions x
# 10 triggers of 14 characters = 1,400: 3,920, then one keyword of 80 fills the budget.


def _word(concept: int, index: int) -> str:
    return f"w{concept:02d}{index:02d}aaaaa"  # 10 characters, distinct


def _card(extra: dict[str, int], correction: str = "No.") -> str:
    """A card at the budget, plus `extra` characters in the named fields of the first concept or the
    first misconception's first trigger."""
    lines = ["  - id: full", "    kind: open", "    level: advanced", "    prompt: Explain it.", "    concepts:"]
    for concept in range(12):
        keywords = [_word(concept, 0)] + (["k" * 80] if concept == 0 else [])
        requires = [_word(concept, i) for i in range(1, 11)]
        not_with = [_word(concept, i) for i in range(11, 21)]
        if concept == 0:
            keywords[0] += "k" * extra.get("keywords", 0)
            requires[0] += "r" * extra.get("requires", 0)
            not_with[0] += "n" * extra.get("not_with", 0)
        lines += [f"      - name: concept {concept}", f"        keywords: {json.dumps(keywords)}",
                  f"        requires: {json.dumps(requires)}", f"        not_with: {json.dumps(not_with)}"]
    lines.append("    misconceptions:")
    for number in range(MAX_MISCONCEPTIONS):
        triggers = [f"trigger {number:02d}{i:02d} x" for i in range(10)]  # 14 characters each
        if number == 0:
            triggers[0] += "t" * extra.get("triggers", 0)
        lines += [f"      - triggers: {json.dumps(triggers)}", f"        correction: {json.dumps(correction)}"]
    return HEAD + "\n".join(lines) + "\n"


def _problems(text: str) -> list[str]:
    return [str(problem) for problem in load_deck_text(text, "budget.yaml").errors]


def test_a_card_exactly_at_the_budget_loads_with_roles_and_triggers_counted() -> None:
    loaded = load_deck_text(_card({}), "budget.yaml")
    assert loaded.errors == [] and loaded.deck is not None
    card = loaded.deck.cards[0]
    assert keyword_characters(card) == MAX_CARD_KEYWORD_CHARS
    roles = sum(len(text) for concept in card.concepts for text in (*concept.requires, *concept.not_with))
    triggers = sum(len(text) for item in card.misconceptions for text in item.triggers)
    assert roles == 2_400 and triggers == 1_400  # most of the budget is not keywords


@pytest.mark.parametrize("field", ["keywords", "requires", "not_with", "triggers"])
def test_one_character_more_anywhere_is_refused_at_the_cards_line(field: str) -> None:
    assert _problems(_card({field: 1})) == [
        "budget.yaml:4 cards[0]: the keywords of this card add up to 4,001 characters; at most 4,000 are allowed "
        "(every keyword of every concept counts, and so do requires, not_with and misconception triggers): keep "
        "the few words that really show the idea"
    ]


def test_corrections_do_not_count() -> None:
    longest = "c" * MAX_CORRECTION_CHARS
    loaded = load_deck_text(_card({}, correction=longest), "budget.yaml")
    assert loaded.errors == [] and loaded.deck is not None
    assert keyword_characters(loaded.deck.cards[0]) == MAX_CARD_KEYWORD_CHARS
