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
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked
from bot.terminal.grade import EXIT_USAGE, CommandError, find_card, load_deck

MAX_SUGGESTIONS = 8


def run(args: argparse.Namespace) -> int:
    try:
        card = find_card(load_deck(args.deck), args.card)
        question, text, source = _reference(card)
    except CommandError as error:
        print(say("error: {error}", error=error), file=sys.stderr)
        return EXIT_USAGE
    derived = derive_concepts(text, question, max_concepts=MAX_SUGGESTIONS, language=card.language)
    if not derived.concepts:
        print(say("error: found no key terms in the {source} of {card}", source=say_marked(source), card=repr(card.id)),
              file=sys.stderr)
        return EXIT_USAGE
    print("# " + say("Concepts suggested for {card} from its {source}. Edit names and keywords before pasting;",
                     card=repr(card.id), source=say_marked(source)))
    print("# " + say("terms marked '{marker}' are ones every answer repeats, so they say little.",
                     marker=say("in the question")))
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
            line += "  # " + say("in the question")
        print(line)
    if isinstance(card, OpenCard) and card.concepts:
        print("# " + say("note: {card} already has {count} concepts; these would replace them.", card=repr(card.id),
                         count=len(card.concepts)))
    return 0


def _reference(card: AnyCard) -> tuple[str, str, str]:
    """(question, reference text, what the text is) for a card."""
    if isinstance(card, ClozeCard | ClozeGap):
        raise CommandError(say("{card} is a cloze card: it has no concepts", card=repr(card.id)))
    if isinstance(card, OpenCard):
        if card.model_answer is None:
            raise CommandError(say("{card} has no model_answer to derive concepts from", card=repr(card.id)))
        return card.prompt, card.model_answer, N_("model answer")
    if isinstance(card, Flashcard):
        return card.front, card.back, N_("back")
    correct = card.options[card.correct_index].text
    return card.question, f"{correct}. {card.explanation}", N_("correct option and explanation")
