"""A shard process on PostgreSQL: serve the shards whose lease it holds, wait as a standby for the others.

Each shard is owned through its lease (`bot/storage/postgres/shard_lease.py`: one advisory lock per shard,
held by a connection of this process). A process started for shards another process holds serves what is
free and waits for the rest; when an owner dies its locks go with its connection, and the lease keeper
takes them at its next poll (5 s). A lost lease (the lease connection dropped) means another process may
own the shard already: this process stops serving it at once.

discord.py fixes an `AutoShardedClient`'s shard ids when it is built, so a change of the owned set closes
the client and builds a new one for the new set (one client per owned shard would load every cog, cache
and scheduler once per shard; a takeover is rare, and the shards already served reconnect within seconds).
Between clients, and while nothing is owned, nothing is served: no interactions, no scheduled posts. Every
post is claimed in the database anyway, so two processes that both believe they own a shard still post once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol

from bot.core.shards import ShardSet

log = logging.getLogger("recall.shards")

CLOSE_TIMEOUT_S = 30.0
ServeShards = Callable[[ShardSet], Coroutine[Any, Any, None]]  # runs a client for these shards until it is closed
ShardsChanged = Callable[[frozenset[int]], Awaitable[None]]


class Keeper(Protocol):
    """What the supervisor needs of a lease keeper (`LeaseKeeper`)."""

    async def run(self) -> None: ...
    async def stop(self) -> None: ...


class ShardSupervisor:
    """Runs `serve(shards)` for the shards this process owns, rebuilt whenever that set changes.

    `keeper_for(wanted, on_gained, on_lost)` makes the lease keeper; `close()` closes the running client
    (its `serve` then returns). `run()` returns when `stop()` was called, and raises what a client raised
    (a rejected token, an unreachable Discord)."""

    def __init__(self, wanted: ShardSet, serve: ServeShards, close: Callable[[], Awaitable[None]],
                 keeper_for: Callable[[ShardSet, ShardsChanged, ShardsChanged], Keeper]) -> None:
        self.wanted = wanted
        self._serve = serve
        self._close = close
        self._keeper = keeper_for(wanted, self._gained, self._lost)
        self.owned: frozenset[int] = frozenset()
        self.serving: frozenset[int] = frozenset()
        self.builds = 0
        self._changed = asyncio.Event()
        self._stopping = asyncio.Event()

    async def _gained(self, shards: frozenset[int]) -> None:
        self.owned |= shards
        self._changed.set()

    async def _lost(self, shards: frozenset[int]) -> None:
        self.owned -= shards
        if shards & self.serving and not self._stopping.is_set():
            log.warning("lost the lease of shards %s: no longer serving them", sorted(shards & self.serving))
        self._changed.set()

    async def stop(self) -> None:
        """Close the client and release every lease (a standby may take the shards at its next poll)."""
        self._stopping.set()
        self._changed.set()

    async def run(self) -> None:
        keeper = asyncio.create_task(self._keeper.run(), name="shard-leases")  # i18n: not shown (a task name)
        client: asyncio.Task[None] | None = None
        log.info("standby: waiting for a lease among shards %s (each is served once its lease is free)",
                 self.wanted.describe())
        try:
            while not self._stopping.is_set():
                waits: set[asyncio.Future[object]] = {asyncio.ensure_future(self._changed.wait())}
                if client is not None:
                    waits.add(client)  # type: ignore[arg-type]
                done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waits - {client}:
                    waiter.cancel()
                if client is not None and client in done:
                    client.result()  # a client that ended on its own: raise its error, or end (closed by a signal)
                    return
                self._changed.clear()
                if self._stopping.is_set() or self.owned == self.serving:
                    continue
                client = await self._rebuild(client)
        finally:
            if client is not None:
                await self._end(client)
            await self._keeper.stop()
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _rebuild(self, client: asyncio.Task[None] | None) -> asyncio.Task[None] | None:
        """Close the client of the old set and start one for the shards owned now (none: a standby)."""
        if client is not None:
            await self._end(client)
        target = frozenset(self.owned)
        self.serving = target
        if not target:
            log.info("standby: waiting for a lease among shards %s", self.wanted.describe())
            return None
        shards = self.wanted.with_ids(target)
        self.builds += 1
        log.info("serving shards %s", shards.describe())
        return asyncio.create_task(self._serve(shards), name="discord-client")  # i18n: not shown (a task name)

    async def _end(self, client: asyncio.Task[None]) -> None:
        """Close the client and wait for it to end (what it raised while closing is logged, not raised)."""
        if not client.done():
            await self._close()
        try:
            await asyncio.wait_for(asyncio.shield(client), timeout=CLOSE_TIMEOUT_S)
        except TimeoutError:
            client.cancel()
        except asyncio.CancelledError:
            if not client.cancelled():
                raise
        except Exception:
            log.warning("the client of shards %s ended with an error while closing", sorted(self.serving),
                        exc_info=True)
        self.serving = frozenset()
