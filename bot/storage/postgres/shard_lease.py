"""Who serves a shard: one PostgreSQL session-level advisory lock per shard (issue 14, standby takeover).

A lock `pg_try_advisory_lock(LEASE_NAMESPACE, shard_id)` is held by one database session until that session
ends, so the lease lives exactly as long as its dedicated connection: a process killed with SIGKILL closes
its socket and the server drops its locks at once; a machine that vanishes is noticed by the server's TCP
keepalives (set per session below), which end the session and free the locks. No home-made protocol: the
server is the only judge of who holds what.

`ShardLeases` is the connection and its locks. `LeaseKeeper` runs the loop a shard process needs: take
what is free among the wanted shards, check every `poll_s` that the connection is alive (a standby's retry
is the same poll, so a dead owner's shard is taken at most `poll_s` after the server freed it), and report
a dropped connection as the loss of every lease, before reconnecting as a standby. A process told of a
loss must stop serving those shards: another process may own them already.

The connection must reach PostgreSQL itself (a pooler in transaction mode would share sessions and locks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import asyncpg

log = logging.getLogger(__name__)

# The first key of every lease lock: "RCLS" as a 32-bit integer, so Recall's locks can't meet another
# application's advisory locks in the same database (the second key is the shard id).
LEASE_NAMESPACE = 0x52434C53


@dataclass(frozen=True)
class LeaseTimings:
    """How fast leases move. Defaults: a standby takes a SIGKILLed owner's shard within `poll_s` (5 s);
    an owner whose connection silently died knows it within `poll_s + check_timeout_s` (10 s), before the
    server, whose keepalives give up after idle + interval * count (10 + 5 * 3 = 25 s), frees its locks;
    the standby then needs up to `poll_s` more: 30 s in the worst case of a vanished machine."""

    poll_s: float = 5.0
    check_timeout_s: float = 5.0
    connect_timeout_s: float = 10.0
    server_keepalive_idle_s: int = 10
    server_keepalive_interval_s: int = 5
    server_keepalive_count: int = 3

    def server_settings(self) -> dict[str, str]:
        return {
            "application_name": "recall-shard-lease",
            "tcp_keepalives_idle": str(self.server_keepalive_idle_s),
            "tcp_keepalives_interval": str(self.server_keepalive_interval_s),
            "tcp_keepalives_count": str(self.server_keepalive_count),
            # Also give up on a client that stops acknowledging what the server sends.
            "tcp_user_timeout": str(1000 * (self.server_keepalive_idle_s
                                            + self.server_keepalive_interval_s * self.server_keepalive_count)),
        }


class LeaseConnectionLost(Exception):
    """The lease connection is gone: every lease it held is lost."""


class ShardLeases:
    """One dedicated connection and the shard locks it holds. Not shared: its calls run one at a time."""

    def __init__(self, conn: asyncpg.Connection, timings: LeaseTimings) -> None:
        self._conn = conn
        self._timings = timings
        self._busy = asyncio.Lock()  # asyncpg runs one query at a time per connection
        self._held: set[int] = set()
        self.closed_by_server = asyncio.Event()
        conn.add_termination_listener(lambda _conn: self.closed_by_server.set())

    @classmethod
    async def open(cls, dsn: str, timings: LeaseTimings | None = None) -> ShardLeases:
        timings = timings or LeaseTimings()
        conn = await asyncpg.connect(dsn, timeout=timings.connect_timeout_s,
                                     server_settings=timings.server_settings())
        return cls(conn, timings)

    @property
    def held(self) -> frozenset[int]:
        return frozenset(self._held)

    @property
    def alive(self) -> bool:
        return not self._conn.is_closed() and not self.closed_by_server.is_set()

    async def try_acquire(self, shard_ids: Iterable[int]) -> frozenset[int]:
        """Take each wanted shard nobody holds; returns the ones taken by this call (never waits on a lock).

        A shard this session holds already is skipped: session locks stack, and a second hold would need a
        second unlock."""
        wanted = sorted({int(shard) for shard in shard_ids} - self._held)
        if not wanted:
            return frozenset()
        rows = await self._query(
            "SELECT shard, pg_try_advisory_lock($1::int, shard) FROM unnest($2::int[]) AS shard",
            LEASE_NAMESPACE, wanted)
        taken = frozenset(int(shard) for shard, ok in rows if ok)
        self._held |= taken
        return taken

    async def check(self) -> None:
        """Raise `LeaseConnectionLost` unless the server answers within `check_timeout_s` and still holds
        every lease of this session (a lock can't vanish from a live session, so a missing one means the
        session is not the one that took it)."""
        rows = await self._query(
            "SELECT objid::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            " AND classid = $1::bigint AND objsubid = 2 AND granted", LEASE_NAMESPACE)
        if not self._held <= {int(row[0]) for row in rows}:
            raise LeaseConnectionLost("the lease session no longer holds its locks")  # i18n: not shown (logged by the keeper)

    async def release(self, shard_ids: Iterable[int] | None = None) -> None:
        """Let the given shards (default: all held) go, for a clean hand-over; a dead connection let them go
        already."""
        letting = sorted(self._held if shard_ids is None else self._held & {int(s) for s in shard_ids})
        if not letting:
            return
        self._held -= set(letting)
        with contextlib.suppress(LeaseConnectionLost):
            await self._query("SELECT pg_advisory_unlock($1::int, shard) FROM unnest($2::int[]) AS shard",
                              LEASE_NAMESPACE, letting)

    async def close(self) -> None:
        """End the session: the server frees every lock it held."""
        self._held.clear()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._conn.close(), self._timings.check_timeout_s)
        if not self._conn.is_closed():
            self._conn.terminate()

    def forget(self) -> frozenset[int]:
        """Drop a dead connection: returns the shards it held, all of them lost."""
        lost = frozenset(self._held)
        self._held.clear()
        self._conn.terminate()
        return lost

    async def _query(self, sql: str, *args: object) -> list[asyncpg.Record]:
        if not self.alive:
            raise LeaseConnectionLost("the lease connection is closed")  # i18n: not shown (logged by the keeper)
        try:
            async with self._busy:
                return await self._conn.fetch(sql, *args, timeout=self._timings.check_timeout_s)
        except (TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError, OSError) as error:
            # Whatever broke, the session can no longer be trusted to hold the locks: the safe reading is
            # that they are lost (the caller drops the connection, which frees any it still had).
            raise LeaseConnectionLost(f"the lease connection failed: {error!r}") from error  # i18n: not shown (logged by the keeper)


ShardsChanged = Callable[[frozenset[int]], Awaitable[None]]


class LeaseKeeper:
    """Holds what it can of `wanted` and reports each change: `on_gained(shards)` once a shard is owned (start
    serving it), `on_lost(shards)` once ownership is gone (stop serving it now). Run `run()` as a task;
    `stop()` releases every lease and ends it."""

    def __init__(self, dsn: str, wanted: Iterable[int], on_gained: ShardsChanged, on_lost: ShardsChanged,
                 timings: LeaseTimings | None = None) -> None:
        self.dsn = dsn
        self.wanted = frozenset(int(shard) for shard in wanted)
        self.timings = timings or LeaseTimings()
        self._on_gained = on_gained
        self._on_lost = on_lost
        self._leases: ShardLeases | None = None
        self._stopping = asyncio.Event()

    @property
    def held(self) -> frozenset[int]:
        return self._leases.held if self._leases is not None else frozenset()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._serve_one_connection()
            except LeaseConnectionLost as error:
                log.warning("shard leases lost (%s): stop serving %s", error, sorted(self.held) or "nothing")
                await self._drop_connection()
            except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("shard leases: cannot reach PostgreSQL (%r); retrying in %.0f s",
                            error, self.timings.poll_s)
                await self._drop_connection()
            await self._sleep(self.timings.poll_s)

    async def stop(self) -> None:
        """Release every lease (a clean hand-over: a standby may take the shards at its next poll)."""
        self._stopping.set()
        if self._leases is not None:
            leases, self._leases = self._leases, None
            held = leases.held
            await leases.release()
            await leases.close()
            if held:
                await self._on_lost(held)

    async def _serve_one_connection(self) -> None:
        if self._leases is None:
            self._leases = await ShardLeases.open(self.dsn, self.timings)
        leases = self._leases
        while not self._stopping.is_set():
            await leases.check()
            gained = await leases.try_acquire(self.wanted)
            if gained:
                log.info("shard leases: now own shards %s (of %s wanted)", sorted(gained), sorted(self.wanted))
                await self._on_gained(gained)
            if await self._sleep(self.timings.poll_s, leases.closed_by_server):
                raise LeaseConnectionLost("the server closed the lease connection")  # i18n: not shown (logged by the keeper)

    async def _drop_connection(self) -> None:
        if self._leases is None:
            return
        leases, self._leases = self._leases, None
        lost = leases.forget()
        if lost:
            await self._on_lost(lost)

    async def _sleep(self, seconds: float, closed: asyncio.Event | None = None) -> bool:
        """Wait `seconds`, less if stopping; True when `closed` was set meanwhile (the connection died)."""
        events = [self._stopping] + ([closed] if closed is not None else [])
        waiters = [asyncio.ensure_future(event.wait()) for event in events]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        return closed is not None and closed.is_set()
