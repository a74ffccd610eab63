"""Drives live rounds: one asyncio task per running round, rebuilt from the database when the bot starts.

Why a task per round rather than the scheduler's minute loop: a question lasts 10-120 s and closes
early as soon as everyone expected has answered, so each round needs its own wake-ups (its deadline, or
an answer's `wake`); the scheduler only wakes once a minute. Nothing lives only in the task: it asks
`RoundService.next_step` what to do from the database each time, so after a restart `resume_all`
starts the same tasks and they carry on (the current question's timer resumes, or it closes and the
round goes on). Waits are capped, so a clock that jumps is noticed within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.app.clock import utcnow
from bot.core.instants import to_ms
from bot.core.shards import ShardSet
from bot.services.ports import ChannelGone
from bot.services.round_ports import RoundPublisher
from bot.services.round_steps import Close, Done, Final, Post, Wait
from bot.services.rounds import RoundService

log = logging.getLogger("recall.rounds")

MAX_WAIT_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 30.0
Waiter = Callable[[asyncio.Event, float], Awaitable[None]]


async def wait_or_wake(wake: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if the round is woken (the benchmark passes one that runs on simulated time)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), timeout=seconds)


class RoundLoop:
    def __init__(self, service: RoundService, publisher: RoundPublisher,
                 clock: Callable[[], datetime] = utcnow, wait: Waiter = wait_or_wake) -> None:
        self.service = service
        self.publisher = publisher
        self.clock = clock
        self._wait = wait
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._wakes: dict[int, asyncio.Event] = {}

    @property
    def running(self) -> int:
        return len(self._tasks)

    def drive(self, round_id: int) -> None:
        """Start driving a round (no-op when it is already driven)."""
        if round_id in self._tasks:
            return
        self._wakes[round_id] = asyncio.Event()
        task = asyncio.get_running_loop().create_task(self._run(round_id), name=f"round-{round_id}")
        self._tasks[round_id] = task

    def wake(self, round_id: int) -> None:
        """Something changed (everyone answered, a stop): decide the next step now, not at the deadline."""
        event = self._wakes.get(round_id)
        if event is not None:
            event.set()

    async def resume_all(self, servers: ShardSet | None = None) -> int:
        """Drive every round left running (of `servers`' servers only, for a shard process)."""
        rounds = await self.service.resumable(servers)
        for round_id in rounds:
            self.drive(round_id)
        if rounds:
            log.info("resuming %d round(s)", len(rounds))
        return len(rounds)

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def wait_done(self, round_id: int) -> None:
        task = self._tasks.get(round_id)
        if task is not None:
            await asyncio.shield(task)

    async def _run(self, round_id: int) -> None:
        failures = 0
        try:
            while True:
                try:
                    if not await self.step(round_id):
                        return
                    failures = 0
                except ChannelGone as gone:
                    log.warning("round %d: %s; ending it", round_id, gone.reason)
                    await self.service.abandon(round_id, now=self.clock())
                    return
                except Exception:
                    failures += 1
                    log.exception("round %d: a step failed (attempt %d); trying again", round_id, failures)
                    await asyncio.sleep(min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** failures))
        finally:
            self._tasks.pop(round_id, None)
            self._wakes.pop(round_id, None)

    def wake_event(self, round_id: int) -> asyncio.Event:
        return self._wakes.setdefault(round_id, asyncio.Event())

    async def step(self, round_id: int) -> bool:
        """One step; False when the round needs nothing more."""
        self.wake_event(round_id).clear()  # a wake from now on is seen by this step's wait
        step = await self.service.next_step(round_id, self.clock())
        if isinstance(step, Done):
            return False
        if isinstance(step, Wait):
            seconds = (step.until_ms - to_ms(self.clock())) / 1000
            if seconds > 0:
                await self._wait(self.wake_event(round_id), min(seconds, MAX_WAIT_SECONDS))
        elif isinstance(step, Post):
            view = step.view
            position = view.question.position
            if step.maybe_sent:
                found = await self.publisher.find_question(view.round.channel_id, view.marker)
                if found is not None:
                    await self.service.question_posted(round_id, position, found)
                    return True
                view = await self.service.retimed_question(round_id, position, self.clock())
            message_id = await self.publisher.send_question(view)
            await self.service.question_posted(round_id, position, message_id)
        elif isinstance(step, Close):
            await self.publisher.show_close(step.view)
            await self.service.close_was_shown(round_id, step.view.question.position)
        elif isinstance(step, Final):
            found = await self.publisher.find_final(step.view.round.channel_id, step.view.marker)
            message_id = found if found is not None else await self.publisher.send_final(step.view)
            await self.service.final_posted(round_id, message_id)
        return True
