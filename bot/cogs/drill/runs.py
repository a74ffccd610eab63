"""Private drill runs: which question a member is on, and how it has gone so far.

A run lives in memory for at most 15 minutes (the life of the ephemeral message's interaction token):
each answer is stored by the services at once, so a restart loses only the running summary, and the
member is told to start again. Buttons name the run and the question position, so a stale click is
recognised instead of being counted twice.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.deck import AnyCard, Kind, Level
from bot.services.api import Learner, Source, StreakView

RUN_LIFETIME_SECONDS = 15 * 60
MAX_RUNS = 10_000


@dataclass
class Question:
    deck_id: str
    deck_title: str
    card: AnyCard
    deck_guild: int = 0  # the deck's owner (0: built-in): a /review in a DM answers a server's deck by it


@dataclass
class DrillRun:
    id: str
    learner: Learner
    source: Source
    count: int
    deck_id: str | None = None
    level: Level | None = None
    kind: Kind | None = None
    queue: list[Question] = field(default_factory=list)  # /review: the due cards, in order
    position: int = 0  # 1-based number of the current question; 0 before the first
    current: Question | None = None
    answered: bool = False
    busy: bool = False  # a step is in flight: a second click waits its turn
    correct: int = 0
    answered_count: int = 0
    missed_concepts: list[str] = field(default_factory=list)
    streak: StreakView | None = None
    started: float = 0.0

    @property
    def finished(self) -> bool:
        return self.position >= self.count and self.answered

    def question_key(self) -> str:
        return f"drill:{self.id}:{self.position}"

    def record(self, correct: bool, streak: StreakView | None, missed: list[str] | None = None, *, duplicate: bool = False) -> None:
        self.answered = True
        if duplicate:  # already counted (the same question key reached the services twice)
            return
        self.answered_count += 1
        self.correct += int(correct)
        if streak is not None:
            self.streak = streak
        for concept in missed or []:
            if concept not in self.missed_concepts:
                self.missed_concepts.append(concept)


class RunStore:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._runs: dict[str, DrillRun] = {}
        self._clock = clock

    def start(self, run: DrillRun, rng: random.Random) -> DrillRun:
        self._prune()
        run.id = f"{rng.getrandbits(32):08x}"
        while run.id in self._runs:
            run.id = f"{rng.getrandbits(32):08x}"
        run.started = self._clock()
        self._runs[run.id] = run
        return run

    def get(self, run_id: str, user_id: int) -> DrillRun | None:
        run = self._runs.get(run_id)
        if run is None or run.learner.user_id != user_id or self._expired(run):
            return None
        return run

    def end(self, run_id: str) -> None:
        self._runs.pop(run_id, None)

    def __len__(self) -> int:
        return len(self._runs)

    def _expired(self, run: DrillRun) -> bool:
        return self._clock() - run.started > RUN_LIFETIME_SECONDS

    def _prune(self) -> None:
        for run_id in [key for key, run in self._runs.items() if self._expired(run)]:
            del self._runs[run_id]
        while len(self._runs) >= MAX_RUNS:
            del self._runs[next(iter(self._runs))]
