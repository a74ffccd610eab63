"""The shard supervisor serves exactly the shards whose lease it holds: a standby serves nothing, a gained
shard rebuilds the client with it, a lost one rebuilds without it at once, and stopping releases the leases."""

from __future__ import annotations

import asyncio

import pytest

from bot.app.shard_supervisor import ShardsChanged, ShardSupervisor
from bot.core.shards import ShardSet


class FakeKeeper:
    """A lease keeper the test drives: `gain`/`lose` report what a LeaseKeeper's polls would."""

    def __init__(self, on_gained: ShardsChanged, on_lost: ShardsChanged) -> None:
        self.on_gained, self.on_lost = on_gained, on_lost
        self.stopped = asyncio.Event()

    async def run(self) -> None:
        await self.stopped.wait()

    async def stop(self) -> None:
        self.stopped.set()


class Clients:
    """Records each client the supervisor builds; a client runs until closed (or raises `fail`)."""

    def __init__(self) -> None:
        self.built: list[tuple[int, ...]] = []
        self.running: asyncio.Event | None = None
        self.fail: Exception | None = None
        self.changed = asyncio.Condition()

    async def serve(self, shards: ShardSet) -> None:
        closed = asyncio.Event()
        self.running = closed
        async with self.changed:
            self.built.append(shards.ids)
            self.changed.notify_all()
        if self.fail is not None:
            raise self.fail
        await closed.wait()

    async def close(self) -> None:
        if self.running is not None:
            self.running.set()

    async def wait_built(self, count: int) -> None:
        async with asyncio.timeout(5), self.changed:
            await self.changed.wait_for(lambda: len(self.built) >= count)


def supervisor(clients: Clients, wanted: ShardSet) -> tuple[ShardSupervisor, list[FakeKeeper]]:
    keepers: list[FakeKeeper] = []

    def keeper_for(shards: ShardSet, gained: ShardsChanged, lost: ShardsChanged) -> FakeKeeper:
        assert shards == wanted
        keepers.append(FakeKeeper(gained, lost))
        return keepers[-1]

    return ShardSupervisor(wanted, clients.serve, clients.close, keeper_for), keepers


async def test_a_standby_serves_what_it_gains_and_drops_what_it_loses() -> None:
    clients = Clients()
    sup, (keeper,) = supervisor(clients, ShardSet.of(2))
    running = asyncio.create_task(sup.run())
    await asyncio.sleep(0.05)
    assert clients.built == [] and sup.serving == frozenset()  # a standby: no client at all
    await keeper.on_gained(frozenset({1}))
    await clients.wait_built(1)
    assert clients.built == [(1,)] and sup.serving == {1}
    await keeper.on_gained(frozenset({0}))  # the owner of shard 0 died: rebuilt with both
    await clients.wait_built(2)
    assert clients.built == [(1,), (0, 1)]
    await keeper.on_lost(frozenset({0, 1}))  # the lease connection dropped: nothing served any more
    async with asyncio.timeout(5):
        while sup.serving:
            await asyncio.sleep(0.01)
    assert clients.running is not None and clients.running.is_set()  # the client was closed
    assert len(clients.built) == 2
    await sup.stop()
    await asyncio.wait_for(running, 5)
    assert keeper.stopped.is_set()


async def test_a_client_that_fails_ends_the_supervisor_with_its_error() -> None:
    clients = Clients()
    clients.fail = PermissionError("token rejected")
    sup, (keeper,) = supervisor(clients, ShardSet.of(2, [0]))
    running = asyncio.create_task(sup.run())
    await keeper.on_gained(frozenset({0}))
    with pytest.raises(PermissionError, match="token rejected"):
        await asyncio.wait_for(running, 5)
    assert keeper.stopped.is_set()  # its leases were released


async def test_a_client_closed_by_a_signal_ends_the_supervisor() -> None:
    clients = Clients()
    sup, (keeper,) = supervisor(clients, ShardSet.of(2, [0]))
    running = asyncio.create_task(sup.run())
    await keeper.on_gained(frozenset({0}))
    await clients.wait_built(1)
    await clients.close()  # SIGTERM drained and closed the client
    await asyncio.wait_for(running, 5)
    assert keeper.stopped.is_set() and clients.built == [(0,)]
