"""Open answers are graded on one worker thread, never on the event loop.

Grading is bounded (bot/core/limits.py: a few milliseconds for the largest card a deck may hold and a
4000-character answer), but a few milliseconds per answer on the loop would still delay every other
server's commands while one server's members answer. Every grading call goes to the same single
thread: the loop stays free, and the grader's per-card memos are only ever touched by one thread
(they are not locked). Handing an answer over costs about 0.1 ms (benchmarks/README.md).

With the optional semantic layer on (`use_clause_judge`, called by the composition root), the same
thread also runs the sentence-embedding model: tens of milliseconds that must never hold the loop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bot.core.deck import Flashcard, OpenCard
from bot.core.grading import GradeResult, grade_card
from bot.core.grading_semantic import ClauseJudge, review

THREAD_NAME = "recall-grading"
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_test_pause_seconds = 0.0
_judge: ClauseJudge | None = None  # the semantic layer, when the bot runs with it (None: word rules only)


def use_clause_judge(judge: ClauseJudge | None) -> None:
    """Grade with the semantic layer's judge from now on (None: without it). Set once, at start."""
    global _judge
    _judge = judge


def pause_before_grading_for_tests(seconds: float) -> None:
    """Make every grading call hold the grading thread this long first (test mode only: set by the runner).

    An end-to-end test uses it to show that a slow grade never holds the event loop: a blocking pause
    here would freeze every server if grading ran on the loop."""
    global _test_pause_seconds
    _test_pause_seconds = max(0.0, float(seconds))


def _grade(answer: str, card: OpenCard | Flashcard) -> GradeResult:
    if _test_pause_seconds:
        time.sleep(_test_pause_seconds)
    result = grade_card(answer, card)
    return result if _judge is None else review(result, answer, card, _judge)


def _worker() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        with _lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
    return _executor


async def grade_off_loop(answer: str, card: OpenCard | Flashcard) -> GradeResult:
    """`grade_card(answer, card)` (and the semantic layer, if on), run on the grading thread while the loop serves other interactions."""
    return await asyncio.get_running_loop().run_in_executor(_worker(), _grade, answer, card)
