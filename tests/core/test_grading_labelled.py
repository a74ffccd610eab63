"""The labelled answers: well formed, every case group covered, and no negated concept credited.

Precision and recall are reported by the benchmark (benchmarks/grading), not asserted here.
"""

from __future__ import annotations

from collections import Counter

from benchmarks.grading.labelled import load_labelled, sample_cards
from bot.core.grading import grade_card

CASE_GROUPS = {"typo", "british", "hyphen", "numbers", "negation", "gaming-list", "gaming-prompt", "gaming-hint",
               "unicode", "zalgo", "rtl", "nul", "mention", "markdown", "phrase-order", "scattered", "long", "empty"}


def test_labelled_set_is_well_formed() -> None:
    answers = load_labelled()
    cards = sample_cards()
    assert len(answers) >= 150
    assert len({a.id for a in answers}) == len(answers)
    for answer in answers:
        assert len(answer.labels) == len(cards[answer.card].concepts), answer.id
    splits = Counter(a.split for a in answers)
    assert splits["holdout"] >= 50 and splits["tune"] >= 100


def test_every_case_group_is_in_the_set() -> None:
    present = {case for answer in load_labelled() for case in answer.cases}
    assert present >= CASE_GROUPS


def test_holdout_credits_no_negated_concept() -> None:
    cards = sample_cards()
    credited = []
    for answer in load_labelled():
        if answer.split != "holdout" or not {"negation", "contradiction"} & set(answer.cases):
            continue
        result = grade_card(answer.text, cards[answer.card])
        credited += [
            (answer.id, verdict.name)
            for verdict, label in zip(result.concepts, answer.labels, strict=True)
            if verdict.hit and not label
        ]
    assert credited == []
