"""Open answers (and re-graded appeals) are graded on the grading thread: the event loop keeps serving."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from typing import Any

import pytest

from bot.core.deck import OpenCard
from bot.core.grading import GradeResult, grade_card
from bot.services import grading_worker
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services.conftest import NOW

MEMBER = Learner(user_id=42, guild_id=7)
ANSWER = ("Quantization stores the weights with lower precision, for example 8-bit integers instead of 32-bit "
          "floats, so the model is smaller and runs faster, with a small drop in accuracy.")


async def test_the_worker_grades_as_the_grader_does_on_its_own_thread(services: Services) -> None:
    card = services.catalogue.card(None, "model-optimization-nlp", "explain-quantization")
    assert isinstance(card, OpenCard)
    threads: list[str] = []

    def graded_here(answer: str, graded: OpenCard) -> GradeResult:
        threads.append(threading.current_thread().name)
        return grade_card(answer, graded)

    assert await grading_worker.grade_off_loop(ANSWER, card) == grade_card(ANSWER, card)
    original = grading_worker.grade_card
    grading_worker.grade_card = graded_here  # type: ignore[assignment]
    try:
        await grading_worker.grade_off_loop(ANSWER, card)
        await grading_worker.grade_off_loop("another answer", card)
    finally:
        grading_worker.grade_card = original
    assert len(threads) == 2 and len(set(threads)) == 1  # one thread for every answer
    assert threads[0].startswith(grading_worker.THREAD_NAME)
    assert threads[0] != threading.current_thread().name


async def _ticks_while(work: asyncio.Future[Any]) -> int:
    ticks = 0
    while not work.done():
        await asyncio.sleep(0.005)
        ticks += 1
    return ticks


async def test_the_loop_serves_other_work_while_an_open_answer_is_graded(
    services: Services, rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A grading that holds its thread for 0.3 s: other coroutines run all along, and the answer is then
    recorded with the grader's verdict."""

    def slow(answer: str, card: OpenCard) -> GradeResult:
        time.sleep(0.3)
        return grade_card(answer, card)

    monkeypatch.setattr(grading_worker, "grade_card", slow)
    answer = asyncio.ensure_future(
        services.recall.answer_open(MEMBER, "model-optimization-nlp", "explain-quantization", ANSWER, now=NOW, rng=rng))
    ticks = await _ticks_while(answer)
    assert ticks >= 20  # the loop was free (on the loop, the answer would have held it for all 0.3 s)
    outcome = answer.result()
    assert outcome.grade is not None and outcome.grade.hits == 5 and outcome.correct


async def test_appeals_are_regraded_off_the_loop(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    learner = Learner(101, 10)
    attempt = await services.recall.answer_open(learner, "tiny", "o1", "gamma rays", now=NOW, rng=random.Random(3))
    await services.recall.appeal(learner, attempt.attempt_id, now=NOW)
    graded_on: list[str] = []

    def recorded(answer: str, card: OpenCard) -> GradeResult:
        graded_on.append(threading.current_thread().name)
        time.sleep(0.2)
        return grade_card(answer, card)

    monkeypatch.setattr(grading_worker, "grade_card", recorded)
    items = asyncio.ensure_future(services.admin.appeals(10, "tiny"))
    assert await _ticks_while(items) >= 10
    assert [item.missed_concepts for item in items.result()] == [("alpha", "beta")]
    assert graded_on and all(name.startswith(grading_worker.THREAD_NAME) for name in graded_on)
