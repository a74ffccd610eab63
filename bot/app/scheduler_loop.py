"""The scheduler's loop: wake at least once a minute, compare with the wall clock, claim what is due, and
send it, and the reminder DMs, at a steady pace under Discord's global limit of 50 requests/s (per bot, so a
shard process takes its share of it).

Never one long sleep: a clock that jumps (NTP, a suspended laptop) is noticed at the next wake-up, and
the services' decisions only depend on the wall time they are given. Claims are made at once (they
are cheap database work); sending goes through one paced queue, so a minute when thousands of
servers are due is spread over the following seconds instead of bursting into 429s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.app.clock import utcnow
from bot.app.shard_scope import served_shards

if TYPE_CHECKING:
    from bot.services.ports import Publisher

log = logging.getLogger("recall.scheduler")

POSTS_PER_SECOND = 40.0  # of the 50/s global limit: the rest stays free for everything else the bot sends
# Discord's global limit is per bot, not per process: shard processes split POSTS_PER_SECOND by their share.
REQUESTS_PER_DM = 3  # at worst: fetch the member, open the DM channel, send
MAX_SLEEP_SECONDS = 30.0
RECONCILE_EVERY = timedelta(minutes=5)
REMINDERS_EVERY = timedelta(minutes=15)


class Pacer:
    """At most `rate` starts per second, evenly spaced (a token bucket with a burst of one)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1.0 / rate
        self.clock = clock
        self._next = 0.0
        self._lock = asyncio.Lock()

    def set_rate(self, rate: float) -> None:
        """From the next start on (a standby that took shards over serves a larger part of the bot)."""
        self.interval = 1.0 / rate

    async def wait(self) -> None:
        async with self._lock:
            now = self.clock()
            if self._next > now:
                await asyncio.sleep(self._next - now)
                now = self.clock()
            self._next = max(now, self._next) + self.interval


class PostQueue:
    """Claimed posts waiting to be sent, sent one after another at the pacer's rate."""

    def __init__(self, send: Callable[[Any], Awaitable[object]], rate: float = POSTS_PER_SECOND) -> None:
        self.send = send
        self.pacer = Pacer(rate)
        self.queue: asyncio.Queue[Any] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._work(), name="scheduled-posts")  # i18n: not shown (a task name)

    def put(self, item: Any) -> None:
        self.queue.put_nowait(item)

    async def join(self) -> None:
        await self.queue.join()

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    async def _work(self) -> None:
        while True:
            item = await self.queue.get()
            try:
                await self.pacer.wait()
                await self.send(item)
            except Exception:
                log.exception("a scheduled post failed; it is tried again at the next reconcile")
            finally:
                self.queue.task_done()


def seconds_to_next_minute(now: datetime) -> float:
    """Wake just after the next minute starts (posts are due on whole minutes), at most 30 s away."""
    into_minute = now.second + now.microsecond / 1_000_000
    return max(0.5, min(MAX_SLEEP_SECONDS, 60.0 - into_minute + 0.2))


@dataclass(frozen=True, slots=True)
class ReminderDM:
    """A reminder the services claimed for this study day, waiting in the paced queue like a post."""

    user_id: int
    text: str  # a Marked text: the publisher writes it in the member's language


class Scheduler:
    def __init__(self, bot: Any, publisher: Publisher, clock: Callable[[], datetime] = utcnow,
                 rate: float = POSTS_PER_SECOND) -> None:
        self.bot = bot
        self.services = bot.services
        self.publisher = publisher
        self.clock = clock
        self.rate = rate
        self.posts = PostQueue(self._deliver, rate)
        self._last_reconcile: datetime | None = None
        self._last_reminders: datetime | None = None

    async def _deliver(self, outgoing: Any) -> None:
        if isinstance(outgoing, ReminderDM):
            # Claimed already: one that fails is not tried again on this study day (never two in one day).
            for _ in range(REQUESTS_PER_DM - 1):  # the queue waited for one already
                await self.posts.pacer.wait()
            try:
                await self.publisher.send_dm(outgoing.user_id, outgoing.text)
            except Exception:
                log.exception("a reminder DM failed; it is not tried again today")
            return
        scheduling = self.services.scheduling
        if await scheduling.deliver(outgoing, self.publisher, now=self.clock()) is None:
            await scheduling.deliver_notices(self.publisher, now=self.clock())  # e.g. "paused: channel gone"

    async def run(self) -> None:
        await self.bot.wait_until_ready()
        self.posts.start()
        log.info("scheduler started")
        try:
            while not self.bot.is_closed():
                try:
                    await self.tick()
                except Exception:
                    task = asyncio.current_task()
                    if task is not None and task.cancelling():  # stopped mid-tick: what failed is the stop's doing
                        raise asyncio.CancelledError from None
                    log.exception("scheduler tick failed; trying again at the next one")
                await asyncio.sleep(seconds_to_next_minute(self.clock()))
        finally:
            await self.posts.stop()

    async def tick(self) -> None:
        now = self.clock()
        scheduling, rng = self.services.scheduling, self.bot.rng
        servers = served_shards(self.bot)  # a shard process's own servers only (None: every server)
        self.posts.pacer.set_rate(self.rate * (servers.share if servers is not None else 1.0))
        if self._last_reconcile is None or not timedelta(0) <= now - self._last_reconcile < RECONCILE_EVERY:
            # At start: every intent; later: those stuck for a while (a failed send), not those in the queue.
            older = timedelta(0) if self._last_reconcile is None else timedelta(minutes=2)
            self._last_reconcile = now
            await scheduling.reconcile(self.publisher, now=now, older_than=older, servers=servers)
            await self.services.polls.reconcile(self.publisher, now=now, servers=servers)
        # review picks: handed to the queue when read
        for outgoing in await scheduling.claim_due(now=now, rng=rng, later=self.posts.put, servers=servers):
            self.posts.put(outgoing)
        await self.services.polls.close_due(self.publisher, now=now, rng=rng, servers=servers)
        await scheduling.deliver_notices(self.publisher, now=now, servers=servers)
        await self.services.rewards.sweep_due(now=now, servers=servers)  # daily per server: broken streaks' roles
        if self._last_reminders is None or not timedelta(0) <= now - self._last_reminders < REMINDERS_EVERY:
            self._last_reminders = now
            for user_id, text in await self.services.admin.reminders_due(now=now, servers=servers):
                self.posts.put(ReminderDM(user_id, text))  # paced with the posts: one limit for everything sent


def start_scheduler(bot: Any, publisher: Publisher) -> asyncio.Task[None]:
    scheduler = Scheduler(bot, publisher)
    return asyncio.get_running_loop().create_task(scheduler.run(), name="scheduler")  # i18n: not shown (a task name)
