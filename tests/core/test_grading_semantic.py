"""The semantic layer's rules, with a judge written here: what it may credit, what it shows, what it
must never overrule (bot/core/grading_semantic.py). The real ONNX judge is tested in tests/semantic."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bot.core.grading import grade_card
from bot.core.grading_semantic import MAX_CLAUSE_CHARS, MAX_CLAUSES, answer_clauses, grade_card_with, review
from bot.core.text_normalize import tokenize
from tests.semantic.tiny_model import FILLER, MEANINGS, sample_card

_AXIS = {word: axis for axis, words in enumerate(MEANINGS.values()) for word in words}


class WordMeaningJudge:
    """Cosine of bags of meanings: the tiny model's arithmetic in plain Python, and a record of each call."""

    name = "word meanings"
    threshold = 0.7
    margin = 0.1

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str]]] = []

    @staticmethod
    def _vector(text: str) -> list[float]:
        vector = [0.0] * (len(MEANINGS) + 1)
        for word in text.lower().replace(",", " ").replace(".", " ").split():
            axis = _AXIS.get(word)
            if axis is None:
                vector[-1] += FILLER
            else:
                vector[axis] += 1.0
        return vector

    def similarities(self, clauses: Sequence[str], references: Sequence[str]) -> list[list[float]]:
        self.calls.append((list(clauses), list(references)))
        rows = []
        for clause in clauses:
            a = self._vector(clause)
            row = []
            for reference in references:
                b = self._vector(reference)
                norm = math.hypot(*a) * math.hypot(*b)
                row.append(sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0)
            rows.append(row)
        return rows


def _hits(answer: str) -> list[tuple[bool, str | None, bool]]:
    result = grade_card_with(answer, sample_card(), WordMeaningJudge())
    return [(v.hit, v.matched, v.in_other_words) for v in result.concepts]


def test_a_paraphrase_is_credited_and_the_clause_that_said_it_is_shown() -> None:
    answer = "The leaves soak up sunshine all day. Later the rain drops get torn apart."
    card = sample_card()
    assert grade_card(answer, card).hits == 0  # no keyword: the word rules alone credit nothing
    result = grade_card_with(answer, card, WordMeaningJudge())
    light, water, sugar = result.concepts
    assert light.hit and light.in_other_words and light.matched == "The leaves soak up sunshine all day"
    assert water.hit and water.matched == "Later the rain drops get torn apart"
    assert not sugar.hit and not sugar.in_other_words
    assert light.keyword is None and 50 <= light.score <= 100
    shown = result.to_json()["concepts"]
    assert shown[0]["in_other_words"] is True and "in_other_words" not in shown[2]


def test_a_negated_clause_credits_nothing() -> None:
    assert _hits("The leaves do not soak up sunshine at all.") == [(False, None, False)] * 3
    assert _hits("The leaves never take in any sunshine.") == [(False, None, False)] * 3
    # the negation is the clause's own: another clause of the sentence still counts
    hits = _hits("The leaves do not sleep at night, but they soak up sunshine all day")
    assert hits[0] == (True, "they soak up sunshine all day", True)
    # but a part cut at "and" or a comma shares its clause's negation ("not smaller and not faster and
    # the precision stays the same")
    assert not _hits("The leaves do not sleep at night and they soak up sunshine all day")[0][0]
    assert not _hits("The leaves never sleep, they soak up sunshine all day")[0][0]


def test_not_with_words_and_stated_misconceptions_are_not_overruled() -> None:
    assert not _hits("In the day the leaf reflects sunshine and rays")[0][0]  # not_with: reflects
    result = grade_card_with("Chlorophyll reflects light. The leaves soak up sunshine all day.", sample_card(),
                             WordMeaningJudge())
    assert [m.contradicts for m in result.misconceptions] == ["Light energy is captured"]
    assert not result.concepts[0].hit  # the misconception contradicts it: no credit in other words either


def test_what_the_word_rules_denied_or_withheld_stays_so() -> None:
    card = sample_card()
    denied = "There are no photons here. The leaves soak up sunshine all day."
    assert grade_card(denied, card).concepts[0].negated
    assert not grade_card_with(denied, card, WordMeaningJudge()).concepts[0].hit
    listed = "sunshine, rain, sweet fuel"  # a bare list: the gaming rule's, not the model's, to judge
    judge = WordMeaningJudge()
    assert grade_card_with(listed, card, judge).hits == 0
    copied = ("Describe the first stage of photosynthesis. Describe the first stage of photosynthesis. "
              "The leaves soak up sunshine.")
    assert grade_card(copied, card).flags == ("copied-question",)
    assert grade_card_with(copied, card, judge).hits == 0


def test_a_clause_holding_a_whole_keyword_is_left_to_the_word_rules() -> None:
    # "glucose" is a keyword of the sugar concept: found (or refused) there by the word rules, so the
    # layer does not credit that concept from the clause that holds it
    card = sample_card()
    judge = WordMeaningJudge()
    plain = grade_card("Sweet glucose fuel is made", card)
    assert plain.concepts[2].hit and not plain.concepts[2].in_other_words
    assert grade_card_with("Sweet glucose fuel is made", card, judge).concepts[2] == plain.concepts[2]


def test_a_clause_as_near_two_concepts_or_the_question_credits_neither() -> None:
    # as much light as water: the layer can't tell which one it says
    assert _hits("sunshine and rain and more") == [(False, None, False)] * 3


def test_credited_concepts_keep_their_verdicts_and_without_a_judge_nothing_changes() -> None:
    card = sample_card()
    answer = "Chlorophyll catches photons. The rain drops get torn apart."
    lexical = grade_card(answer, card)
    with_layer = grade_card_with(answer, card, WordMeaningJudge())
    assert with_layer.concepts[0] == lexical.concepts[0] and lexical.concepts[0].hit
    assert with_layer.concepts[1].in_other_words
    assert grade_card_with(answer, card, None) == lexical
    assert review(lexical, answer, card, WordMeaningJudge()) == with_layer


def test_the_work_per_answer_is_bounded() -> None:
    answer = ". ".join(f"sentence {i} says the sun shines, and rain falls, but sugar stays" for i in range(200))[:4000]
    clauses = answer_clauses(tokenize(answer))
    assert len(clauses) == MAX_CLAUSES
    assert all(len(clause.text) <= MAX_CLAUSE_CHARS for clause in clauses)
    judge = WordMeaningJudge()
    grade_card_with(answer, sample_card(), judge)
    assert len(judge.calls) == 1 and len(judge.calls[0][0]) <= MAX_CLAUSES
    long_sentence = "the sun " * 600
    assert all(len(c.text) <= MAX_CLAUSE_CHARS for c in answer_clauses(tokenize(long_sentence)))


def test_clauses_are_sentences_then_their_parts() -> None:
    texts = [c.text for c in answer_clauses(tokenize("The sun shines on the leaf, and rain falls. It is warm but dry"))]
    assert texts == ["The sun shines on the leaf, and rain falls", "The sun shines on the leaf", "It is warm but dry",
                     "It is warm"]  # "rain falls", "dry": too short to say anything alone
