"""The scheduler's paced queue: shard processes share the bot's one global limit, and reminder DMs wait
in the same queue as the posts instead of being sent in a burst from the tick."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.app import scheduler_loop
from bot.app.scheduler_loop import POSTS_PER_SECOND, REQUESTS_PER_DM, Pacer, ReminderDM, Scheduler
from bot.core.shards import ShardSet

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


class _Calls:
    """Services whose scheduling work finds nothing due, except the reminders given."""

    def __init__(self, reminders: list[tuple[int, str]]) -> None:
        self.reminders = reminders
        self.servers_seen: list[Any] = []

    async def nothing(self, *args: Any, **kwargs: Any) -> list[Any]:
        self.servers_seen.append(kwargs.get("servers"))
        return []

    async def reminders_due(self, *, now: datetime, servers: Any = None) -> list[tuple[int, str]]:
        self.servers_seen.append(servers)
        return self.reminders


class _Publisher:
    def __init__(self, fail_for: int | None = None) -> None:
        self.dms: list[tuple[int, str]] = []
        self.fail_for = fail_for

    async def send_dm(self, user_id: int, text: str) -> bool:
        if user_id == self.fail_for:
            raise RuntimeError("Discord 500")
        self.dms.append((user_id, text))
        return True


def _scheduler(calls: _Calls, publisher: _Publisher, rate: float = POSTS_PER_SECOND) -> Scheduler:
    scheduling = SimpleNamespace(reconcile=calls.nothing, claim_due=calls.nothing, deliver_notices=calls.nothing)
    services = SimpleNamespace(
        scheduling=scheduling,
        polls=SimpleNamespace(reconcile=calls.nothing, close_due=calls.nothing),
        rewards=SimpleNamespace(sweep_due=calls.nothing),
        admin=SimpleNamespace(reminders_due=calls.reminders_due),
    )
    bot = SimpleNamespace(services=services, rng=None)
    return Scheduler(bot, publisher, clock=lambda: NOW, rate=rate)  # type: ignore[arg-type]


@pytest.mark.parametrize(("served", "expected"), [(None, 40.0), (ShardSet.of(2, [1]), 20.0),
                                                  (ShardSet.of(8, [0, 1, 2]), 15.0)])
async def test_a_shard_process_paces_to_its_share_of_the_global_limit(
    monkeypatch: pytest.MonkeyPatch, served: ShardSet | None, expected: float
) -> None:
    monkeypatch.setattr(scheduler_loop, "served_shards", lambda bot: served)
    calls = _Calls([])
    scheduler = _scheduler(calls, _Publisher())
    await scheduler.tick()
    assert scheduler.posts.pacer.interval == pytest.approx(1 / expected)
    assert set(calls.servers_seen) == {served}  # every query of the tick scoped to the same shards


async def test_reminders_wait_in_the_paced_queue_and_a_failed_one_does_not_stop_the_rest(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(scheduler_loop, "served_shards", lambda bot: None)
    publisher = _Publisher(fail_for=2)
    scheduler = _scheduler(_Calls([(1, "one"), (2, "two"), (3, "three")]), publisher, rate=2000.0)
    await scheduler.tick()
    assert publisher.dms == []  # the tick only queued them
    assert [item for item in scheduler.posts.queue._queue] == [  # type: ignore[attr-defined]
        ReminderDM(1, "one"), ReminderDM(2, "two"), ReminderDM(3, "three")]
    scheduler.posts.start()
    with caplog.at_level(logging.ERROR, logger="recall.scheduler"):
        await asyncio.wait_for(scheduler.posts.join(), 5)
    await scheduler.posts.stop()
    assert publisher.dms == [(1, "one"), (3, "three")]
    assert "a reminder DM failed; it is not tried again today" in caplog.text


async def test_a_reminder_dm_takes_the_pacers_slots_of_all_its_requests() -> None:
    ticks = iter(range(1000))
    pacer = Pacer(rate=1.0, clock=lambda: float(next(ticks)))  # each wait reads the clock once: never sleeps
    scheduler = _scheduler(_Calls([]), _Publisher())
    scheduler.posts.pacer = pacer
    before = pacer._next
    await scheduler._deliver(ReminderDM(7, "hi"))
    # the queue's own wait comes first in real use; here _deliver took the other REQUESTS_PER_DM - 1 slots
    assert pacer._next - before == REQUESTS_PER_DM - 1


async def test_the_pacer_takes_a_new_rate_from_the_next_start() -> None:
    pacer = Pacer(rate=10.0)
    pacer.set_rate(40.0)
    assert pacer.interval == pytest.approx(0.025)
