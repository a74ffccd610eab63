"""Decks that servers upload under one id, each tagged with its server: every text of a card (front, back,
question, options, explanation, prompt, model answer, concept names) carries the tag, so a test can tell
whose card it was given."""

from __future__ import annotations

SHARED = "shared"


def tag(owner: int) -> str:
    return f"srv{owner}"


def shared_deck(owner: int, deck_id: str = SHARED, *, right: int = 0) -> str:
    """The deck server `owner` uploads as `deck_id`: a flashcard f1, a choice c1 (option `right` correct)
    and an open card o1 whose concepts are found by the words apple and banana."""
    t = tag(owner)
    options = "\n".join(f"      - text: option {index} {t}" + ("\n        correct: true" if index == right else "")
                        for index in range(3))
    return f"""id: {deck_id}
title: Deck of {t}
cards:
  - id: f1
    kind: flashcard
    level: beginner
    front: front {t}
    back: back {t}
  - id: c1
    kind: choice
    level: beginner
    question: question {t}
    explanation: explanation {t}
    options:
{options}
  - id: o1
    kind: open
    level: beginner
    prompt: prompt {t}
    model_answer: model answer {t}
    concepts:
      - name: concept apple {t}
        keywords: [apple]
      - name: concept banana {t}
        keywords: [banana]
"""
