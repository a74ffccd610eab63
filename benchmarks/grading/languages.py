"""Per-language precision and recall on the blind labelled sets: English (benchmarks/grading/blind/) and
Spanish, German, Japanese (benchmarks/grading/blind_i18n/, decks with `language:`).

Each set is split by subject (its README): tune on the TUNE decks, report on the REPORT decks. Per
language and half: answers, per-concept precision and recall, and the concepts credited in answers of
the `negation` and `reversed` kinds that their label denies (target 0).

    python -m benchmarks.grading.languages [--errors LANG] [--half tune|report]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.grading import blind
from benchmarks.grading.labelled import ConceptCounts
from bot.content.loader import load_deck_text
from bot.core.deck import OpenCard
from bot.core.grading import grade_card

I18N_DIR = Path(__file__).resolve().parent / "blind_i18n"
# (language, half) -> decks, as blind_i18n/README.md splits them
HALVES = {
    ("en", "tune"): blind.TUNE_DECKS,
    ("en", "tune2"): blind.TUNE2_DECKS,
    ("en", "report"): blind.REPORT_DECKS,
    ("es", "tune"): ("blind-es-ciclo-agua",),
    ("es", "tune2"): ("blind-es-fotosintesis-respiracion",),
    ("es", "report"): ("blind-es-revolucion-francesa",),
    ("de", "tune"): ("blind-de-stromkreis",),
    ("de", "tune2"): ("blind-de-photosynthese",),
    ("de", "report"): ("blind-de-verdauung",),
    ("ja", "tune"): ("blind-ja-denji-yudo",),
    ("ja", "tune2"): ("blind-ja-kougousei",),
    ("ja", "report"): ("blind-ja-sakoku",),
}
# tune2: a second tune subject per language, written blind later (blind_i18n/README.md); tuned on like tune.
HALF_NAMES = ("tune", "tune2", "report")
DENIED_KINDS = ("negation", "reversed")
NAME_LIMIT = 100  # a concept name's length in the deck format (bot/core/deck.py NameText)
ID_LIMIT = 32  # a deck id's length in the deck format


def load_cards(directory: Path) -> dict[tuple[str, str], OpenCard]:
    """The set's open cards. Concept names longer than the deck format allows (three in the Spanish
    REPORT deck) are cut to NAME_LIMIT characters, and so is every `contradicts` naming them: a name
    only labels a verdict, nothing is graded on it, and the set's files stay as written. A deck id longer than
    the format allows (the Spanish tune2 deck's) is cut the same way; its cards keep the id the answers name."""
    cards: dict[tuple[str, str], OpenCard] = {}
    for path in sorted((directory / "decks").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        named_id = document["id"]
        document["id"] = named_id[:ID_LIMIT].rstrip("-")
        for card in document.get("cards", []):
            for concept in card.get("concepts", []):
                concept["name"] = concept["name"][:NAME_LIMIT]
            for misconception in card.get("misconceptions", []):
                if misconception.get("contradicts"):
                    misconception["contradicts"] = misconception["contradicts"][:NAME_LIMIT]
        loaded = load_deck_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), str(path))
        if loaded.deck is None:
            raise SystemExit(f"can't load {path}: {[str(p) for p in loaded.problems][:3]}")
        cards.update({(named_id, card.id): card for card in loaded.deck.cards if isinstance(card, OpenCard)})
    return cards


@dataclass
class LanguageRow(ConceptCounts):
    language: str = ""
    half: str = ""
    answers: int = 0
    denied_credited: int = 0  # concepts credited in negation/reversed answers that the label denies


def evaluate(language: str, half: str) -> LanguageRow:
    directory = blind.BLIND_DIR if language == "en" else I18N_DIR
    decks = HALVES[(language, half)]
    cards = load_cards(directory)
    row = LanguageRow(language=language, half=half)
    for path in sorted((directory / "answers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["deck"] not in decks:
            continue
        card = cards[(data["deck"], data["card"])]
        for answer in data["answers"]:
            kinds = tuple(answer.get("kinds") or ())
            labels = [ch == "1" for ch in str(answer["labels"])]
            graded = grade_card(answer["text"], card)
            row.answers += 1
            for verdict, expected in zip(graded.concepts, labels, strict=True):
                if verdict.hit and expected:
                    row.tp += 1
                elif verdict.hit:
                    row.fp += 1
                    if any(kind in DENIED_KINDS for kind in kinds):
                        row.denied_credited += 1
                elif expected:
                    row.fn += 1
                if verdict.hit != expected:
                    row.errors.append(f"{'FP' if verdict.hit else 'FN'} {answer['id']} {kinds} [{verdict.name}] "
                                      f"matched={verdict.matched!r}: {answer['text'][:160]!r}")
    return row


def rows(languages: tuple[str, ...] = ("en", "es", "de", "ja")) -> list[LanguageRow]:
    return [evaluate(language, half) for language in languages for half in HALF_NAMES if (language, half) in HALVES]


def table(found: list[LanguageRow]) -> str:
    lines = ["| language | half | answers | precision | recall | negated/reversed concepts credited |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {row.language} | {row.half} | {row.answers} | {row.precision:.3f} | {row.recall:.3f} | "
              f"{row.denied_credited} |" for row in found]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading.languages", description=__doc__)
    parser.add_argument("--errors", metavar="LANG", help="list the wrong verdicts of this language")
    parser.add_argument("--half", choices=HALF_NAMES, default="tune", help="with --errors (default tune)")
    args = parser.parse_args(argv)
    if args.errors:
        row = evaluate(args.errors, args.half)
        print("\n".join(row.errors))
        print(table([row]))
        return 0
    print(table(rows()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
