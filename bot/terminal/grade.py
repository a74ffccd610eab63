"""`python -m bot grade DECK CARD ANSWER [--json]`: grade open answers from the terminal.

For deck authors tuning keywords, and for a teacher grading a class in bulk: with `-` as the answer,
answers are read from stdin one per line and one JSON verdict is printed per line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.concept_extraction import card_concepts
from bot.core.deck import AnyCard, ChoiceCard, ClozeCard, ClozeGap, Concept, Deck, Misconception, OpenCard
from bot.core.grading import FLAG_COPIED, FLAG_KEYWORD_LIST, GradeResult, grade_answer
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked
from bot.terminal.wording import problem_line

EXIT_USAGE = 2

_FLAG_TEXT = {
    FLAG_KEYWORD_LIST: N_("the answer is a bare list of keywords: write the ideas in sentences to get credit"),
    FLAG_COPIED: N_("most of the answer repeats the question or hint: copied wording earns nothing"),
}


class CommandError(Exception):
    """A problem with the command's input, shown to the user as is (written in the terminal's language)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade an open answer against a card's concepts",
        description="Grade an answer against a card's concepts and show the verdict per concept.",
    )
    parser.add_argument("deck", metavar="DECK", help="a deck id in content/ (or $RECALL_CONTENT_DIR), or a deck file")
    parser.add_argument("card", metavar="CARD", help="the card id")
    parser.add_argument("answer", metavar="ANSWER", help='the answer text, or "-" to read answers from stdin, one per line')
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.set_defaults(handler=run)


def content_dir() -> Path:
    return Path(os.environ.get("RECALL_CONTENT_DIR") or "content")


def load_deck(reference: str) -> Deck:
    """A deck by file path, or by id among the decks in the content folder."""
    return find_deck_file(reference)[1]


def find_deck_file(reference: str) -> tuple[Path, Deck]:
    """(the deck's file, the loaded deck), by file path or by id among the decks in the content folder."""
    from bot.content.loader import load_deck_file, load_decks

    path = Path(reference)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise CommandError(say("no deck file at {path}", path=reference))
        loaded = load_deck_file(path)
        if loaded.deck is None:
            raise CommandError(say("the deck has errors:") + "\n"
                               + "\n".join(f"  {problem_line(problem)}" for problem in loaded.problems))
        return path, loaded.deck
    folder = content_dir()
    if not folder.is_dir():
        raise CommandError(say("no content folder at {folder} (set RECALL_CONTENT_DIR, or give a deck file path)",
                               folder=folder))
    content = load_decks([folder])
    deck = content.decks.get(reference)
    if deck is None:
        if content.decks:
            missing = say("no deck {deck} in {folder} (decks: {known})", deck=repr(reference), folder=folder,
                          known=", ".join(sorted(content.decks)))
        else:
            missing = say("no deck {deck} in {folder} (decks: none)", deck=repr(reference), folder=folder)
        broken = [problem_line(p) for p in content.errors]
        hint = ("\n" + say("some deck files have errors:") + "\n  " + "\n  ".join(broken)) if broken else ""
        raise CommandError(missing + hint)
    return Path(content.files[reference]), deck


def find_card(deck: Deck, card_id: str) -> AnyCard:
    card = deck.card(card_id)
    if card is None:
        cards = ", ".join(c.id for c in deck.cards if not isinstance(c, ChoiceCard))
        raise CommandError(say("no card {card} in deck {deck} (gradable cards: {cards})", card=repr(card_id),
                               deck=repr(deck.id), cards=cards))
    return card


@dataclass(frozen=True)
class Gradable:
    """What an answer to a card is graded against."""

    card_id: str
    question: str
    hint: str
    concepts: tuple[Concept, ...]
    weights: tuple[float, ...]
    derived: bool  # concepts came from the model answer / the flashcard's back
    misconceptions: tuple[Misconception, ...] = ()
    language: str | None = None  # the card's (its deck's): which language's rules read the answer


def gradable(card: AnyCard) -> Gradable:
    if isinstance(card, ChoiceCard):
        raise CommandError(say("{card} is a choice card: it is answered by picking an option, not graded",
                               card=repr(card.id)))
    if isinstance(card, ClozeCard | ClozeGap):
        raise CommandError(say("{card} is a cloze card: its gaps are graded word by word (try `practice`)",
                               card=repr(card.id)))
    concepts, derived = card_concepts(card)
    question, hint = (card.prompt, card.hint or "") if isinstance(card, OpenCard) else (card.front, "")
    misconceptions = tuple(card.misconceptions) if isinstance(card, OpenCard) else ()
    return Gradable(card.id, question, hint, concepts.concepts, concepts.weights, derived, misconceptions, card.language)


def grade(target: Gradable, answer: str) -> GradeResult:
    # As in the bot (grade_card): no keyword-list rule over single-word derived concepts.
    return grade_answer(
        answer, target.concepts, question=target.question, hint=target.hint, weights=target.weights,
        gaming_rule=not target.derived, misconceptions=target.misconceptions, language=target.language,
    )


def verdict_json(target: Gradable, result: GradeResult) -> str:
    data = result.to_json(target.card_id)
    data["derived_concepts"] = target.derived
    return json.dumps(data, ensure_ascii=True)


def verdict_text(target: Gradable, result: GradeResult) -> str:
    lines = [say("{card}: {hits}/{total} concepts", card=target.card_id, hits=result.hits, total=result.total)]
    for verdict in result.concepts:
        if verdict.hit:
            detail = say('"{matched}" (keyword "{keyword}", score {score})', matched=verdict.matched,
                         keyword=verdict.keyword, score=verdict.score)
            if verdict.in_other_words:
                detail = say('in other words: "{matched}" (semantic layer, score {score})', matched=verdict.matched,
                             score=verdict.score)
            lines.append(f"  [x] {verdict.name}  {detail}")
        elif verdict.negated:
            lines.append(f"  [ ] {verdict.name}  " + say("(mentioned, but the answer says it does not hold)"))
        else:
            lines.append(f"  [ ] {verdict.name}")
    lines.extend("  " + say('careful: "{matched}": {correction}', matched=found.matched, correction=found.correction)
                 for found in result.misconceptions)
    lines.extend("  " + say("note: {note}", note=say_marked(_FLAG_TEXT[flag]) if flag in _FLAG_TEXT else flag)
                 for flag in result.flags)
    if target.derived:
        lines.append("  " + say("note: this card has no concepts; they were derived from its answer text"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    _safe_output()
    try:
        target = gradable(find_card(load_deck(args.deck), args.card))
    except CommandError as error:
        print(say("error: {error}", error=error), file=sys.stderr)
        return EXIT_USAGE
    if args.answer == "-":
        for line in _stdin_lines():
            print(verdict_json(target, grade(target, line)), flush=False)
        sys.stdout.flush()
        return 0
    result = grade(target, args.answer)
    print(verdict_json(target, result) if args.json else verdict_text(target, result))
    return 0


def _stdin_lines() -> Sequence[str]:
    data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another answer
    return [line.rstrip("\r") for line in lines]


def _safe_output() -> None:
    """Never crash on a terminal that cannot show some character of an answer."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
