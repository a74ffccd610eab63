"""The sharded scheduler benchmark, small: its shard processes claim every due slot once and only their own
servers', and its checks do flag a doubled claim, a missed slot and a claim on another shard's server."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from benchmarks.scheduler.shard_checks import Planted, due_slots, judge, shard_of, snowflake_guilds
from benchmarks.scheduler.shards import run_shards
from tests.backends import postgres_backend_url, postgres_server, postgres_template  # noqa: F401 - fixtures


def test_snowflake_ids_reach_every_shard() -> None:
    guilds = snowflake_guilds(800, random.Random(1))
    assert len(set(guilds)) == 800
    per_shard = [sum(1 for g in guilds if shard_of(g, 8) == shard) for shard in range(8)]
    assert min(per_shard) > 50  # 100 each on average; ids 1..800 would put all 800 on shard 0


def test_the_checks_flag_a_doubled_claim_a_missed_slot_and_a_foreign_server() -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    guild_on_0, guild_on_1 = 8 << 22, 9 << 22
    planted = [Planted(1, guild_on_0, "00:30", "UTC"), Planted(2, guild_on_1, "00:40", "UTC"),
               Planted(3, guild_on_1, "05:00", "UTC")]
    due = due_slots(planted, start, datetime(2026, 3, 2, 1, tzinfo=UTC))
    day = start.date().toordinal()
    assert due == {(1, day), (2, day)}
    good = judge({0: [(1, guild_on_0, day)], 1: [(2, guild_on_1, day)]}, 2, due, stored_posts=2)
    assert good.exactly_once and good.owned_only
    doubled = judge({0: [(1, guild_on_0, day)], 1: [(2, guild_on_1, day), (1, guild_on_0, day)]}, 2, due, 2)
    assert not doubled.exactly_once and doubled.claimed_twice_or_more == 1
    assert not doubled.owned_only and doubled.foreign == 1
    missed = judge({0: [(1, guild_on_0, day)], 1: []}, 2, due, stored_posts=1)
    assert not missed.exactly_once and missed.missed == 1


def test_shard_processes_claim_each_due_slot_once_and_only_their_own(postgres_backend_url: str) -> None:  # noqa: F811
    run = run_shards(postgres_backend_url, servers=240, hours=1, shards=3)
    verdict = run.verdict
    assert verdict is not None
    assert verdict.due > 0
    assert verdict.exactly_once, verdict
    assert verdict.owned_only, verdict
    assert sum(run.per_shard_servers.values()) == 240 and all(run.per_shard_servers.values())
