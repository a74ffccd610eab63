"""Shard leases on a real PostgreSQL server: one owner per shard, takeover after SIGKILL, losses reported."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from bot.storage.postgres.shard_lease import LeaseConnectionLost, LeaseKeeper, LeaseTimings, ShardLeases

ROOT = Path(__file__).resolve().parents[3]
FAST = LeaseTimings(poll_s=0.2, check_timeout_s=5.0)
SPEC_TAKEOVER_S = 30.0  # issue 14: a standby takes a dead owner's shard within 30 s


class Changes:
    """Records a keeper's reports; `gained`/`lost` wake whoever waits for them."""

    def __init__(self) -> None:
        self.events: list[tuple[str, frozenset[int]]] = []
        self.changed = asyncio.Event()

    async def gained(self, shards: frozenset[int]) -> None:
        self.events.append(("gained", shards))
        self.changed.set()

    async def lost(self, shards: frozenset[int]) -> None:
        self.events.append(("lost", shards))
        self.changed.set()

    async def until(self, event: tuple[str, frozenset[int]], after: int = 0,
                    timeout: float = SPEC_TAKEOVER_S) -> None:
        """Wait for `event` among the reports after the first `after` ones."""
        async def wait() -> None:
            while event not in self.events[after:]:
                self.changed.clear()
                await self.changed.wait()
        await asyncio.wait_for(wait(), timeout)


async def terminate_lease_sessions(url: str) -> int:
    admin = await asyncpg.connect(url)
    try:
        return int(await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = 'recall-shard-lease' AND pid <> pg_backend_pid()"))
    finally:
        await admin.close()


async def test_two_leases_never_hold_one_shard(postgres_url: str) -> None:
    first, second = await ShardLeases.open(postgres_url, FAST), await ShardLeases.open(postgres_url, FAST)
    try:
        assert await first.try_acquire([0, 1, 2]) == {0, 1, 2}
        assert await second.try_acquire([1, 2, 3]) == {3}
        assert await first.try_acquire([0, 1, 3]) == frozenset()  # its own shards are not taken twice
        assert first.held == {0, 1, 2} and second.held == {3}
        await first.check()
        await second.check()
        await first.release([1])
        assert first.held == {0, 2}
        assert await second.try_acquire([1, 2]) == {1}
        await first.close()  # closing the session frees its locks
        assert await second.try_acquire([0, 2]) == {0, 2}
        assert second.held == {0, 1, 2, 3}
    finally:
        await first.close()
        await second.close()


async def test_a_standby_takes_over_the_shard_of_an_owner_killed_with_sigkill(postgres_url: str) -> None:
    owner = subprocess.Popen([sys.executable, "-m", "tests.storage.postgres.lease_holder", postgres_url, "0,1"],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    changes = Changes()
    keeper = LeaseKeeper(postgres_url, [1, 2], changes.gained, changes.lost, FAST)
    running = None
    try:
        assert owner.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(owner.stdout.readline), 60)
        assert line.strip() == "holding 0,1"
        running = asyncio.create_task(keeper.run())
        await changes.until(("gained", frozenset({2})))
        for _ in range(5):  # several polls as a standby: shard 1 stays with its live owner
            await asyncio.sleep(FAST.poll_s)
        assert keeper.held == {2}
        killed_at = time.monotonic()
        os.kill(owner.pid, signal.SIGKILL)
        owner.wait(10)
        await changes.until(("gained", frozenset({1})))
        takeover_s = time.monotonic() - killed_at
        print(f"takeover after SIGKILL: {takeover_s:.2f} s with poll {FAST.poll_s} s")
        assert keeper.held == {1, 2}
        assert ("lost", frozenset({1})) not in changes.events and ("lost", frozenset({2})) not in changes.events
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait(10)
        await keeper.stop()
        if running is not None:
            await asyncio.wait_for(running, 10)


async def test_a_dropped_connection_is_reported_as_the_loss_of_every_lease(postgres_url: str) -> None:
    changes = Changes()
    keeper = LeaseKeeper(postgres_url, [0, 1], changes.gained, changes.lost, FAST)
    running = asyncio.create_task(keeper.run())
    try:
        await changes.until(("gained", frozenset({0, 1})))
        assert await terminate_lease_sessions(postgres_url) == 1
        await changes.until(("lost", frozenset({0, 1})), after=1)
        # Then it reconnects as a standby and, the shards being free, owns them again.
        await changes.until(("gained", frozenset({0, 1})), after=2)
        assert changes.events == [("gained", frozenset({0, 1})), ("lost", frozenset({0, 1})),
                                  ("gained", frozenset({0, 1}))]
    finally:
        await keeper.stop()
        await asyncio.wait_for(running, 10)
    assert changes.events[-1] == ("lost", frozenset({0, 1}))  # stopping lets them go, and says so


async def test_a_dead_session_fails_the_check_and_frees_the_shards(postgres_url: str) -> None:
    leases = await ShardLeases.open(postgres_url, FAST)
    other = await ShardLeases.open(postgres_url, FAST)
    try:
        assert await leases.try_acquire([5]) == {5}
        assert await other.try_acquire([5]) == frozenset()
        admin = await asyncpg.connect(postgres_url)
        try:
            pid = leases._conn.get_server_pid()
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
        finally:
            await admin.close()
        with pytest.raises(LeaseConnectionLost):
            await leases.check()
        assert leases.forget() == {5}
        assert await other.try_acquire([5]) == {5}
    finally:
        await leases.close()
        await other.close()
