"""Quality against human graders on Mohler 2011 and SAF (see ../shared/benchmarks/short_answers/README.md).

Every method turns (reference answer, question, student answer) into a coverage in [0, 1]. We report
Pearson and Spearman of coverage against score / max_score over all rows, and the RMSE in points of a
two-parameter linear calibration fitted on Mohler's first half of questions (SAF: train split) and
measured on the rest (SAF: both test splits; and the unseen-questions split alone).
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from bot.core.concept_extraction import DerivedConcepts, derive_concepts
from bot.core.grading import grade_answer
from bot.core.text_normalize import split_words

DATA_DIR = Path(os.environ.get("RECALL_SHORT_ANSWERS", Path(__file__).resolve().parents[3] / "shared/benchmarks/short_answers"))


@dataclass(frozen=True)
class Row:
    question_id: str
    question: str
    reference: str
    answer: str
    score: float
    max_score: float
    part: str  # "fit" (calibration) or "eval"; SAF also keeps its split name in `split`
    split: str


def load_mohler(limit: int | None = None) -> list[Row]:
    raw = [json.loads(line) for line in (DATA_DIR / "mohler2011.jsonl").open(encoding="utf-8")]
    order = list(dict.fromkeys(row["question_id"] for row in raw))
    first_half = set(order[: len(order) // 2])
    rows = [
        Row(
            r["question_id"], r["question"], r["reference_answer"], r["student_answer"], float(r["score"]),
            float(r["max_score"]), "fit" if r["question_id"] in first_half else "eval", "all",
        )
        for r in raw
    ]
    return _every_nth(rows, limit)


def load_saf(limit: int | None = None) -> list[Row]:
    raw = [json.loads(line) for line in (DATA_DIR / "saf_en_v2.jsonl").open(encoding="utf-8")]
    rows = [
        Row(
            r["question_id"], r["question"], r["reference_answer"], r["student_answer"], float(r["score"]),
            float(r["max_score"]), "fit" if r["split"] == "train" else "eval", r["split"],
        )
        for r in raw
    ]
    return _every_nth(rows, limit)


def _every_nth(rows: list[Row], limit: int | None) -> list[Row]:
    if limit is None or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


# --- methods -------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _derived(reference: str, question: str) -> DerivedConcepts:
    return derive_concepts(reference, question, granularity="word")


def recall_grader(row: Row) -> float:
    """Recall's grader with one concept per key word of the reference answer (question words weighted
    down), keyword-list rule off (a word is not an idea); sqrt of the weighted coverage, the transform
    chosen on the calibration part (Mohler's first half of questions, SAF train) only."""
    derived = _derived(row.reference, row.question)
    if not derived.concepts:
        return 0.0
    graded = grade_answer(
        row.answer, derived.concepts, question=row.question, weights=derived.weights, gaming_rule=False
    )
    return math.sqrt(graded.coverage)


_BASELINE_WORD = re.compile(r"[a-z0-9]+")
_BASELINE_STOP = frozenset(
    split_words(
    "a an the and or but of to in on at by for with from is are was were be been it its this that these those "
    "as if then than so can will would should could do does did not no you your we they he she i which what "
    "when where who how there their has have had also into each any all more most such"
    )
)


def _content_words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in _BASELINE_WORD.findall(text.lower()) if w not in _BASELINE_STOP))


def word_coverage_baseline(row: Row) -> float:
    """The README's plain baseline: share of reference content words with partial_ratio >= 80."""
    words = _content_words(row.reference)
    if not words:
        return 0.0
    answer = row.answer.lower()
    return sum(1 for w in words if fuzz.partial_ratio(w, answer) >= 80) / len(words)


def _trivia_match(expected: str, guess: str) -> bool:
    """Red-DiscordBot trivia's rule (described in its docs/source; reimplemented here): lower-case;
    a multi-word answer must appear as a substring, a single word must equal one word of the guess."""
    expected, guess = expected.lower().strip(), guess.lower()
    if " " in expected:
        return expected in guess
    return expected in guess.split()


def trivia_rule_reference(row: Row) -> float:
    """The trivia rule with the whole reference answer as the expected answer."""
    return 1.0 if _trivia_match(row.reference, row.answer) else 0.0


def trivia_rule_concepts(row: Row) -> float:
    """The trivia rule applied to each derived concept's keyword (same inputs as Recall's grader)."""
    derived = _derived(row.reference, row.question)
    if not derived.concepts:
        return 0.0
    total = sum(derived.weights)
    hit = sum(w for c, w in zip(derived.concepts, derived.weights, strict=True) if _trivia_match(c.keywords[0], row.answer))
    return hit / total


METHODS: dict[str, Callable[[Row], float]] = {
    "Recall grader, derived concepts": recall_grader,
    "word coverage baseline (partial_ratio>=80)": word_coverage_baseline,
    "Red trivia rule, per derived concept": trivia_rule_concepts,
    "Red trivia rule, whole reference": trivia_rule_reference,
}


# --- metrics -------------------------------------------------------------------------------------

# Plain Python (statistics module), so that numpy is needed by nothing in the project.

def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    if len(set(x)) < 2 or len(set(y)) < 2:  # a constant series has no correlation
        return float("nan")
    return statistics.correlation(x, y)


def _ranks(values: Sequence[float]) -> list[float]:
    """0-based ranks; tied values share their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for index in order[start : end + 1]:
            ranks[index] = (start + end) / 2
        start = end + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    return pearson(_ranks(x), _ranks(y))


def calibrated_rmse(rows: list[Row], coverage: list[float], evaluate: Callable[[Row], bool]) -> float:
    """RMSE in points on the rows `evaluate` picks, of score/max ~ a + b*coverage fitted on part "fit"."""
    fit = [(c, r.score / r.max_score) for r, c in zip(rows, coverage, strict=True) if r.part == "fit"]
    x = [c for c, _ in fit]
    y = [s for _, s in fit]
    slope, intercept = statistics.linear_regression(x, y) if len(set(x)) > 1 else (0.0, statistics.fmean(y))
    errors = [
        (min(max(intercept + slope * c, 0.0), 1.0) * r.max_score - r.score) ** 2
        for r, c in zip(rows, coverage, strict=True)
        if evaluate(r)
    ]
    return math.sqrt(statistics.fmean(errors))


@dataclass(frozen=True)
class QualityRow:
    dataset: str
    method: str
    rows: int
    pearson: float
    spearman: float
    rmse: float


def quality(limit: int | None = None) -> list[QualityRow]:
    results = []
    for name, loader in (("Mohler", load_mohler), ("SAF", load_saf)):
        rows = loader(limit)
        for method_name, method in METHODS.items():
            coverage = [method(row) for row in rows]
            human = [row.score / row.max_score for row in rows]
            results.append(
                QualityRow(
                    name, method_name, len(rows), pearson(coverage, human), spearman(coverage, human),
                    calibrated_rmse(rows, coverage, lambda r: r.part == "eval"),
                )
            )
            if name == "SAF":
                unseen = [i for i, row in enumerate(rows) if row.split == "test_unseen_questions"]
                results.append(
                    QualityRow(
                        "SAF unseen questions", method_name, len(unseen),
                        pearson([coverage[i] for i in unseen], [human[i] for i in unseen]),
                        spearman([coverage[i] for i in unseen], [human[i] for i in unseen]),
                        calibrated_rmse(rows, coverage, lambda r: r.split == "test_unseen_questions"),
                    )
                )
    return results
