"""Per-concept precision and recall of the grader on the project's labelled answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.content.loader import load_deck_file
from bot.core.deck import OpenCard
from bot.core.grading_semantic import ClauseJudge, grade_card_with

ROOT = Path(__file__).resolve().parents[2]
LABELLED_DIR = ROOT / "tests" / "data" / "grading"
DECK_FILE = ROOT / "content" / "model-optimization-nlp.yaml"


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    card: str
    text: str
    labels: tuple[bool, ...]
    cases: tuple[str, ...]

    @property
    def split(self) -> str:
        """Holdout when the number in the id is a multiple of 3 (fixed before tuning)."""
        return "holdout" if int(self.id[1:]) % 3 == 0 else "tune"


def load_labelled(directory: Path = LABELLED_DIR) -> list[LabelledAnswer]:
    answers = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in data["answers"]:
            labels = tuple(ch == "1" for ch in str(row["labels"]))
            answers.append(LabelledAnswer(row["id"], data["card"], row["text"], labels, tuple(row["cases"])))
    return answers


def sample_cards() -> dict[str, OpenCard]:
    deck = load_deck_file(DECK_FILE).deck
    if deck is None:
        raise SystemExit(f"cannot load {DECK_FILE}")
    return {card.id: card for card in deck.cards if isinstance(card, OpenCard)}


@dataclass
class ConceptCounts:
    """Per-concept verdicts against labels (shared with the blind set's benchmark)."""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Confusion(ConceptCounts):
    negated_credited: int = 0


def evaluate(split: str, judge: ClauseJudge | None = None) -> Confusion:
    cards = sample_cards()
    result = Confusion()
    for answer in load_labelled():
        if split != "all" and answer.split != split:
            continue
        card = cards[answer.card]
        graded = grade_card_with(answer.text, card, judge)  # judge: the optional semantic layer
        for verdict, expected in zip(graded.concepts, answer.labels, strict=True):
            if verdict.hit and expected:
                result.tp += 1
            elif verdict.hit:
                result.fp += 1
                if "negation" in answer.cases or "contradiction" in answer.cases:
                    result.negated_credited += 1
            elif expected:
                result.fn += 1
            else:
                result.tn += 1
            if verdict.hit != expected:
                kind = "FP" if verdict.hit else "FN"
                result.errors.append(
                    f"{kind} {answer.id} [{verdict.name}] matched={verdict.matched!r} flags={graded.flags}: "
                    f"{answer.text[:140]!r}"
                )
    return result


if __name__ == "__main__":
    import sys

    split = sys.argv[1] if len(sys.argv) > 1 else "tune"
    confusion = evaluate(split)
    print("\n".join(confusion.errors))
    print(
        f"{split}: precision {confusion.precision:.3f} recall {confusion.recall:.3f} "
        f"(tp {confusion.tp} fp {confusion.fp} fn {confusion.fn}) negated credited {confusion.negated_credited}"
    )
