"""Every interaction from arrival to its last reply: one structured log line each, and a clean stop.

`InteractionTracker.install(bot)` wraps discord.py's INTERACTION_CREATE parser (the one entry point
that every slash command, click, form and autocomplete passes through). The parser starts the
interaction's handlers as tasks synchronously (the command tree's invoker, the view or dynamic item
dispatch, `on_interaction` listeners), so the tasks created during that call are exactly the
interaction's work; a task factory, set for that call only, collects them. (Comparing
`asyncio.all_tasks()` before and after costs time in proportion to every task alive: quadratic once a
burst leaves thousands in flight. A factory left installed would put a Python call in front of every
task the process creates.)
When the last one ends, the interaction is done: we log it with its server, its command and its
latency (never its text: custom_ids are cut to `recall:<feature>:<action>`). An interaction already
past Discord's deadline when it is read is dropped unrun (`bot.app.overload`); one that can't be
answered in time any more, given the handlers in flight, is answered "busy" unrun (`bot.app.admission`).

`stop(bot, tracker)` is what SIGTERM runs: refuse new interactions (with a polite "restarting"
answer, so nobody sees "This interaction failed"), wait for those in flight to finish, then close
the client. The runner closes the services afterwards, which commits pending writes and closes the
database; the process exits 0, well within Docker's 10 s grace period.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import discord
from discord.http import Route

from bot.app.admission import BUSY, Admission
from bot.app.errors import late_answers
from bot.app.overload import StaleInteractions
from bot.app.reply_language import language_of
from bot.core.messages import N_
from bot.i18n.voice import say_marked, speaking

log = logging.getLogger("recall.interactions")

DRAIN_SECONDS = 7.0  # of Docker's 10 s between SIGTERM and SIGKILL; the rest is for closing
RESTARTING = N_("Recall is restarting right now. Please try again in a minute.")
KINDS = {2: "command", 3: "component", 4: "autocomplete", 5: "form"}


def describe(data: dict[str, Any]) -> tuple[str, str]:
    """(kind, command) of an INTERACTION_CREATE payload, with no member text in it."""
    kind = KINDS.get(int(data.get("type") or 0), "other")
    inner = data.get("data") or {}
    if kind in ("command", "autocomplete"):
        parts = [str(inner.get("name", "?"))]
        options = inner.get("options") or []
        while options and isinstance(options[0], dict) and options[0].get("type") in (1, 2):
            parts.append(str(options[0].get("name", "?")))
            options = options[0].get("options") or []
        return kind, "/" + " ".join(parts)[:80]
    custom_id = str(inner.get("custom_id", ""))
    if custom_id.startswith("recall:"):
        return kind, ":".join(custom_id.split(":")[:3])[:60]
    return kind, "(other)"


class InteractionTracker:
    def __init__(self, admission: Admission | None = None) -> None:
        self.admission = admission or Admission()
        self.closing = False
        self.in_flight = 0
        self.handled = 0
        self.refused = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._refusals: set[asyncio.Task[None]] = set()
        self.stale = StaleInteractions()

    @classmethod
    def install(cls, bot: discord.Client, admission: Admission | None = None) -> InteractionTracker:
        """Wrap the connection's INTERACTION_CREATE parser (call from the running event loop)."""
        tracker = cls(admission)
        parsers: dict[str, Callable[[Any], None]] = bot._connection.parsers
        original = parsers["INTERACTION_CREATE"]

        def parse_interaction_create(data: Any) -> None:
            tracker.received(bot, data, original)

        parsers["INTERACTION_CREATE"] = parse_interaction_create
        return tracker

    def _run_collecting(self, original: Callable[[Any], None], data: Any) -> list[asyncio.Future[Any]]:
        """Run discord.py's parser with a task factory that collects the tasks it starts: the factory is set
        for that call only, so every other task of the process is created by asyncio's own (C) path."""
        loop = asyncio.get_running_loop()
        previous = loop.get_task_factory()
        work: list[asyncio.Future[Any]] = []

        def collecting_task_factory(loop: asyncio.AbstractEventLoop, coro: Any, context: Any = None) -> Any:
            if previous is not None:
                task = previous(loop, coro) if context is None else previous(loop, coro, context=context)  # type: ignore[call-arg]
            else:
                task = asyncio.Task(coro, loop=loop, context=context)
            work.append(task)
            return task

        loop.set_task_factory(collecting_task_factory)
        try:
            original(data)
        finally:
            loop.set_task_factory(previous)
        return work

    def received(self, bot: discord.Client, data: dict[str, Any], original: Callable[[Any], None]) -> None:
        kind, command = describe(data)
        guild = data.get("guild_id") or "dm"
        if self.closing:
            self.refused += 1
            log.info("interaction refused: shutting down", extra={"guild": guild, "command": command, "kind": kind})
            self._answer_unrun(bot, data, RESTARTING)
            return
        lag_ms = self.stale.lag_ms(data.get("id"))
        if lag_ms > self.stale.stale_after_ms:
            self.stale.dropped += 1
            late_answers.add(f"{command} (dropped unread: already past Discord's deadline)")  # i18n: not shown (logged)
            return
        verdict = self.admission.decide(in_flight=self.in_flight, lag_ms=lag_ms)
        if not verdict.admit:
            self.admission.refused(verdict, command)
            self._answer_unrun(bot, data, BUSY)
            return
        started = time.perf_counter()
        work = self._run_collecting(original, data)
        if not work:
            self._log(kind, command, guild, started)
            return
        self.in_flight += 1
        self._idle.clear()
        remaining = len(work)

        def finished(_: asyncio.Future[Any]) -> None:
            nonlocal remaining
            remaining -= 1
            if remaining:
                return
            self.in_flight -= 1
            self.handled += 1
            if self.in_flight == 0:
                self._idle.set()
            self.admission.observe((time.perf_counter() - started) * 1000 + lag_ms)
            self._log(kind, command, guild, started)

        for handler in work:
            handler.add_done_callback(finished)

    def _answer_unrun(self, bot: discord.Client, data: dict[str, Any], text: str) -> None:
        """Refuse with `text` (a marked message), in the member's language: the interaction is never parsed, so
        nothing else set it."""
        locale = data.get("locale")
        with speaking(language_of(locale if isinstance(locale, str) else None)):
            shown = say_marked(text)
        task = asyncio.get_running_loop().create_task(_refuse(bot, data, shown))
        self._refusals.add(task)
        task.add_done_callback(self._refusals.discard)

    @staticmethod
    def _log(kind: str, command: str, guild: object, started: float) -> None:
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        level = logging.DEBUG if kind == "autocomplete" else logging.INFO
        log.log(level, "interaction", extra={"guild": guild, "command": command, "kind": kind, "latency_ms": latency_ms})

    async def drain(self, timeout: float) -> bool:
        """Wait until no interaction is in flight (True), or `timeout` passed (False)."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
                if self._refusals:
                    await asyncio.gather(*self._refusals, return_exceptions=True)
            return True
        except TimeoutError:
            return False


async def _refuse(bot: discord.Client, data: dict[str, Any], text: str) -> None:
    """Answer without running anything: a short private message, or no suggestions for autocomplete."""
    body: dict[str, Any] = (
        {"type": 8, "data": {"choices": []}} if data.get("type") == 4
        else {"type": 4, "data": {"content": text, "flags": 64, "allowed_mentions": {"parse": []}}}
    )
    route = Route("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
                  interaction_id=data.get("id"), interaction_token=data.get("token"))
    try:
        await bot.http.request(route, json=body)
    except (discord.HTTPException, OSError) as error:
        log.info("could not answer an interaction left unrun (%s)", error.__class__.__name__)


async def stop(bot: discord.Client, tracker: InteractionTracker, drain_seconds: float = DRAIN_SECONDS) -> None:
    """SIGTERM: no new interactions, let those in flight finish, then close the client (idempotent)."""
    if tracker.closing:
        return
    tracker.closing = True
    started = time.perf_counter()
    log.info("stopping: waiting for %d interaction(s) in flight", tracker.in_flight)
    drained = await tracker.drain(drain_seconds)
    if not drained:
        log.warning("stopping with %d interaction(s) still running after %.0f s", tracker.in_flight, drain_seconds)
    await bot.close()
    log.info("stopped taking interactions", extra={"handled": tracker.handled, "refused": tracker.refused,
                                                   "latency_ms": round((time.perf_counter() - started) * 1000, 1)})
