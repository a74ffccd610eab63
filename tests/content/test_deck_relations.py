"""The deck fields for roles and misconceptions: loaded, bounded, counted in the keyword characters, and
`contradicts` checked against the card's concepts (errors as `file:line field: message`)."""

from __future__ import annotations

import json

from bot.content.loader import load_deck_text
from bot.core.deck import Misconception, OpenCard
from bot.core.limits import MAX_CARD_KEYWORD_CHARS, keyword_characters

HEAD = "id: roles\ntitle: Roles\ncards:\n"


def card_text(concept_extra: str = "", misconceptions: list[dict[str, object]] | None = None) -> str:
    lines = [
        "  - id: distil", "    kind: open", "    level: beginner", "    prompt: Explain distillation.",
        "    concepts:", "      - name: teacher", "        keywords: [teacher, large model]",
    ]
    if concept_extra:
        lines.append(concept_extra)
    lines += ["      - name: student", "        keywords: [student]"]
    if misconceptions is not None:
        lines.append("    misconceptions:")
        for item in misconceptions:
            lines.append(f"      - triggers: {json.dumps(item['triggers'])}")
            lines.append(f"        correction: {json.dumps(item['correction'])}")
            if "contradicts" in item:
                lines.append(f"        contradicts: {json.dumps(item['contradicts'])}")
    return HEAD + "\n".join(lines) + "\n"


def problems(text: str) -> list[str]:
    loaded = load_deck_text(text, "roles.yaml")
    return [str(problem) for problem in loaded.errors]


def test_the_fields_load_into_the_card() -> None:
    text = card_text(
        "        requires: [large, big]\n        not_with: [small]",
        [{"triggers": ["teacher is smaller"], "correction": "The teacher is the big one.", "contradicts": "Teacher"}],
    )
    loaded = load_deck_text(text, "roles.yaml")
    assert loaded.errors == [] and loaded.deck is not None
    card = loaded.deck.cards[0]
    assert isinstance(card, OpenCard)
    assert card.concepts[0].requires == ["large", "big"] and card.concepts[0].not_with == ["small"]
    assert card.concepts[1].requires == [] and card.concepts[1].not_with == []
    assert card.misconceptions == [
        Misconception(triggers=["teacher is smaller"], correction="The teacher is the big one.", contradicts="Teacher")
    ]


def test_contradicts_must_name_a_concept_of_the_card() -> None:
    text = card_text(misconceptions=[{"triggers": ["x y"], "correction": "No.", "contradicts": "teachers"}])
    assert problems(text) == [
        "roles.yaml:4 cards[0]: misconception 1: contradicts 'teachers', which is not a concept of this card "
        "(its concepts: 'teacher', 'student'); write one of their names exactly"
    ]


def test_contradicts_is_optional() -> None:
    assert problems(card_text(misconceptions=[{"triggers": ["no labels"], "correction": "Labels help."}])) == []


def test_too_many_triggers_misconceptions_and_role_words() -> None:
    eleven = [f"trigger {i}" for i in range(11)]
    assert problems(card_text(misconceptions=[{"triggers": eleven, "correction": "No."}])) == [
        "roles.yaml:14 cards[0].misconceptions[0].triggers: may have at most 10 triggers, found 11; keep the "
        "phrasings members really use"
    ]
    many = [{"triggers": [f"t {i}"], "correction": "No."} for i in range(11)]
    assert problems(card_text(misconceptions=many)) == [
        "roles.yaml:13 cards[0].misconceptions: may have at most 10 misconceptions, found 11; keep the ones "
        "members really state"
    ]
    words = json.dumps([f"w{i}" for i in range(21)])
    assert problems(card_text(f"        requires: {words}")) == [
        "roles.yaml:11 cards[0].concepts[0].requires: may have at most 20 words, found 21; keep the few words "
        "that show the role"
    ]


def test_a_long_correction_and_an_empty_trigger_are_refused() -> None:
    long = problems(card_text(misconceptions=[{"triggers": ["a b"], "correction": "x" * 201}]))
    assert long == ["roles.yaml:15 cards[0].misconceptions[0].correction: this is 201 characters long; at most "
                    "200 are allowed"]
    empty = problems(card_text(misconceptions=[{"triggers": [""], "correction": "No."}]))
    assert len(empty) == 1 and "triggers[0]" in empty[0] and "empty" in empty[0]


def test_unknown_key_in_a_misconception_gets_a_suggestion() -> None:
    text = card_text(misconceptions=[{"triggers": ["a b"], "correction": "No."}]) + "        contradict: teacher\n"
    (problem,) = problems(text)
    assert "unknown key 'contradict'" in problem and "did you mean 'contradicts'" in problem


def test_role_words_and_triggers_count_toward_the_keyword_characters() -> None:
    text = card_text(
        "        requires: [large]\n        not_with: [small]",
        [{"triggers": ["teacher is smaller"], "correction": "A correction is not a keyword.", "contradicts": "teacher"}],
    )
    deck = load_deck_text(text, "roles.yaml").deck
    assert deck is not None
    expected = len("teacher") + len("large model") + len("large") + len("small") + len("student") + len("teacher is smaller")
    assert keyword_characters(deck.cards[0]) == expected
    # filling the budget with role words alone is refused like keywords
    words = json.dumps(["r" * 80] * 20)
    over = card_text(f"        requires: {words}\n        not_with: {words}",
                     [{"triggers": ["t" * 80] * 10, "correction": "No."}] * 10)
    (problem,) = problems(over)
    assert problem.startswith("roles.yaml:4 cards[0]: the keywords of this card add up to")
    assert f"at most {MAX_CARD_KEYWORD_CHARS:,} are allowed" in problem
