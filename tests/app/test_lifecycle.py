"""The interaction tracker: which tasks are an interaction's work, and what it drops unrun."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace
from typing import Any

from bot.app.admission import BUSY, Admission
from bot.app.lifecycle import InteractionTracker
from bot.app.overload import DISCORD_EPOCH_MS


def snowflake(seconds_ago: float) -> str:
    return str(int(time.time() * 1000 - seconds_ago * 1000 - DISCORD_EPOCH_MS) << 22)


class FakeBot:
    """Just discord.py's parser table; the parser starts handler tasks as discord.py's does."""

    def __init__(self, handlers_per_interaction: int) -> None:
        self.release = asyncio.Event()
        self.parsed: list[str] = []
        self.handlers_per_interaction = handlers_per_interaction
        self._connection = SimpleNamespace(parsers={"INTERACTION_CREATE": self.parse})
        self.posted: list[dict[str, Any]] = []
        self.http = SimpleNamespace(request=self.request)

    async def request(self, route: Any, json: dict[str, Any]) -> None:
        self.posted.append({"path": route.path, "url": route.url, "json": json})

    def parse(self, data: dict[str, Any]) -> None:
        self.parsed.append(data["id"])
        for _ in range(self.handlers_per_interaction):
            asyncio.get_running_loop().create_task(self.release.wait())

    def deliver(self, data: dict[str, Any]) -> None:
        self._connection.parsers["INTERACTION_CREATE"](data)


def click(seconds_ago: float = 0.0) -> dict[str, Any]:
    return {"id": snowflake(seconds_ago), "type": 3, "guild_id": "1", "data": {"custom_id": "recall:quiz:pick:x"}}


async def test_an_interaction_is_in_flight_until_its_last_handler_ends() -> None:
    bot = FakeBot(handlers_per_interaction=2)
    tracker = InteractionTracker.install(bot)  # type: ignore[arg-type]
    unrelated = [asyncio.create_task(asyncio.sleep(3600)) for _ in range(50)]  # tasks alive before: not its work
    bot.deliver(click())
    bot.deliver(click())
    assert tracker.in_flight == 2 and tracker.handled == 0
    bot.release.set()
    assert await tracker.drain(1.0)
    assert tracker.in_flight == 0 and tracker.handled == 2
    for task in unrelated:
        task.cancel()


async def test_tasks_started_outside_the_parser_are_not_an_interactions_work() -> None:
    bot = FakeBot(handlers_per_interaction=1)
    tracker = InteractionTracker.install(bot)  # type: ignore[arg-type]
    loop = asyncio.get_running_loop()
    bot.deliver(click())
    assert loop.get_task_factory() is None  # the collecting factory is set only while the parser runs
    later = asyncio.create_task(asyncio.sleep(3600))  # e.g. the reply's HTTP request, the writer's wake-up
    bot.release.set()
    assert await tracker.drain(1.0)
    assert tracker.in_flight == 0 and tracker.handled == 1 and not later.done()
    later.cancel()


async def test_work_that_starts_no_task_is_done_at_once() -> None:
    bot = FakeBot(handlers_per_interaction=0)
    tracker = InteractionTracker.install(bot)  # type: ignore[arg-type]
    bot.deliver(click())
    assert tracker.in_flight == 0 and await tracker.drain(0.1)


async def test_an_interaction_read_after_its_deadline_is_dropped_unrun() -> None:
    bot = FakeBot(handlers_per_interaction=1)
    tracker = InteractionTracker.install(bot, Admission(lag_limit_ms=2_000))  # type: ignore[arg-type]
    fresh, queued, old = click(0.05), click(1.0), click(2.8)
    for data in (fresh, queued, old):
        bot.deliver(data)
    assert bot.parsed == [fresh["id"], queued["id"]]
    assert tracker.stale.dropped == 1 and tracker.in_flight == 2
    bot.release.set()
    assert await tracker.drain(1.0)


async def test_past_the_in_flight_bound_an_interaction_is_answered_busy_and_never_run() -> None:
    bot = FakeBot(handlers_per_interaction=1)
    tracker = InteractionTracker.install(bot, Admission(max_in_flight=2))  # type: ignore[arg-type]
    first, second, third = click(), click(), click()
    for data in (first, second, third):
        bot.deliver(data)
    assert bot.parsed == [first["id"], second["id"]]  # the third was never handed to discord.py
    assert tracker.in_flight == 2 and tracker.admission.shed == 1
    await asyncio.sleep(0)  # the refusal is sent by its own task
    assert len(bot.posted) == 1
    reply = bot.posted[0]
    assert third["id"] in reply["url"] and reply["json"]["data"] == {
        "content": BUSY, "flags": 64, "allowed_mentions": {"parse": []}}
    bot.release.set()
    assert await tracker.drain(1.0)
    fourth = click()
    bot.deliver(fourth)  # room again: run as usual
    assert bot.parsed[-1] == fourth["id"]


async def test_an_interaction_read_late_while_the_loop_is_behind_is_answered_busy() -> None:
    bot = FakeBot(handlers_per_interaction=1)
    tracker = InteractionTracker.install(bot, Admission(lag_limit_ms=250))  # type: ignore[arg-type]
    fresh, behind = click(0.0), click(0.6)
    bot.deliver(fresh)
    bot.deliver(behind)
    assert bot.parsed == [fresh["id"]] and tracker.admission.shed == 1 and tracker.stale.dropped == 0
    bot.release.set()
    assert await tracker.drain(1.0)


async def test_a_refusal_is_written_in_the_members_client_language() -> None:
    bot = FakeBot(handlers_per_interaction=1)
    tracker = InteractionTracker.install(bot, Admission(max_in_flight=1))  # type: ignore[arg-type]
    bot.deliver(click())
    bot.deliver({**click(), "locale": "es-419"})  # over the bound: refused, never parsed
    bot.deliver({**click(), "locale": ["not", "a", "locale"]})  # forged: English
    tracker.closing = True
    bot.deliver({**click(), "locale": "ja"})
    await asyncio.sleep(0)
    assert [posted["json"]["data"]["content"] for posted in bot.posted] == [
        "Recall está muy ocupado ahora mismo, así que eso no se registró. Inténtalo de nuevo en unos segundos.",
        BUSY,
        "Recall は再起動中です。1分後にもう一度試してください。",
    ]
    bot.release.set()
    assert await tracker.drain(1.0)
