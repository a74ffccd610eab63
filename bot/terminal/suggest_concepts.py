"""`python -m bot content suggest-concepts DECK CARD`: concepts derived from a card's answer text.

Prints a `concepts:` block an author can paste into the card and then edit: key terms of the model
answer (an open card's `model_answer`, a flashcard's `back`), heaviest first where the question
already uses a term (such terms are flagged, since every answer repeats them).
"""

from __future__ import annotations

import argparse
import sys

import yaml

from bot.core.concept_extraction import QUESTION_WEIGHT, derive_concepts
from bot.core.deck import AnyCard, ClozeCard, ClozeGap, Flashcard, OpenCard
from bot.terminal.grade import EXIT_USAGE, CommandError, find_card, load_deck

MAX_SUGGESTIONS = 8


def run(args: argparse.Namespace) -> int:
    try:
        card = find_card(load_deck(args.deck), args.card)
        question, text, source = _reference(card)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    derived = derive_concepts(text, question, max_concepts=MAX_SUGGESTIONS, language=card.language)
    if not derived.concepts:
        print(f"error: found no key terms in the {source} of {card.id!r}", file=sys.stderr)
        return EXIT_USAGE
    print(f"# Concepts suggested for {card.id!r} from its {source}. Edit names and keywords before pasting;")
    print("# terms marked 'in the question' are ones every answer repeats, so they say little.")
    block = yaml.safe_dump(
        {"concepts": [{"name": c.name, "keywords": list(c.keywords)} for c in derived.concepts]},
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    names = {c.name: weight for c, weight in zip(derived.concepts, derived.weights, strict=True)}
    for line in block.splitlines():
        name = line.removeprefix("- name: ").strip() if line.startswith("- name: ") else None
        if name is not None and names.get(yaml.safe_load(name), 1.0) <= QUESTION_WEIGHT + 1e-9:
            line += "  # in the question"
        print(line)
    if isinstance(card, OpenCard) and card.concepts:
        print(f"# note: {card.id!r} already has {len(card.concepts)} concepts; these would replace them.")
    return 0


def _reference(card: AnyCard) -> tuple[str, str, str]:
    """(question, reference text, what the text is) for a card."""
    if isinstance(card, ClozeCard | ClozeGap):
        raise CommandError(f"{card.id!r} is a cloze card: it has no concepts")
    if isinstance(card, OpenCard):
        if card.model_answer is None:
            raise CommandError(f"{card.id!r} has no model_answer to derive concepts from")
        return card.prompt, card.model_answer, "model answer"
    if isinstance(card, Flashcard):
        return card.front, card.back, "back"
    correct = card.options[card.correct_index].text
    return card.question, f"{correct}. {card.explanation}", "correct option and explanation"
