import random

from bot.cogs.drill.runs import RUN_LIFETIME_SECONDS, DrillRun, RunStore
from bot.services.api import Learner


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_runs_belong_to_their_member_and_expire() -> None:
    clock = Clock()
    store = RunStore(clock)
    run = store.start(DrillRun(id="", learner=Learner(1, None), source="drill", count=3), random.Random(4))
    assert len(run.id) == 8
    assert store.get(run.id, 1) is run
    assert store.get(run.id, 2) is None
    clock.now += RUN_LIFETIME_SECONDS + 1
    assert store.get(run.id, 1) is None
    store.start(DrillRun(id="", learner=Learner(1, None), source="drill", count=3), random.Random(5))
    assert len(store) == 1


def test_record_counts_once_and_collects_missed_concepts() -> None:
    run = DrillRun(id="x", learner=Learner(1, 2), source="drill", count=2)
    run.record(True, None, ["A", "B"])
    run.record(False, None, ["B", "C"], duplicate=True)
    assert (run.correct, run.answered_count) == (1, 1)
    run.record(False, None, ["B", "C"])
    assert (run.correct, run.answered_count, run.missed_concepts) == (1, 2, ["A", "B", "C"])
