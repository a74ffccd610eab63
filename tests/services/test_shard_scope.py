"""A shard process does the scheduled work of its own servers only (issue 14): due schedules, unsent
intents, notices and reminders are split between processes by Discord's shard rule, each piece of work
looked at by exactly one of them, and the reminder pass keeps its place per shard."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.core.instants import to_ms
from bot.core.shards import ShardSet, shard_of
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services.scheduling_fakes import RecordingPublisher

ON_0, ON_1, ALSO_ON_0 = 10 << 22, 11 << 22, 12 << 22  # server ids on shards 0, 1 and 0 of 2
SHARD_0, SHARD_1 = ShardSet.of(2, [0]), ShardSet.of(2, [1])
NOW = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)
PASS = timedelta(minutes=15)


def test_the_servers_are_on_the_shards_the_tests_say() -> None:
    assert [shard_of(g, 2) for g in (ON_0, ON_1, ALSO_ON_0)] == [0, 1, 0]


async def add_daily(services: Services, guild_id: int) -> int:
    view = await services.scheduling.add(guild_id, 20, channel_id=guild_id + 1, time="08:00", timezone="UTC",
                                         deck_id="tiny", kind="flashcard", now=NOW)
    return view.id


async def test_each_process_claims_the_schedules_of_its_own_servers(services: Services, rng: random.Random) -> None:
    on_0, on_1 = await add_daily(services, ON_0), await add_daily(services, ON_1)
    due = NOW + PASS
    ones = await services.scheduling.claim_due(now=due, rng=rng, servers=SHARD_1)
    assert [out.post.guild_id for out in ones] == [ON_1] and [out.post.schedule_id for out in ones] == [on_1]
    zeros = await services.scheduling.claim_due(now=due, rng=rng, servers=SHARD_0)
    assert [out.post.schedule_id for out in zeros] == [on_0]
    assert await services.scheduling.claim_due(now=due, rng=rng) == []  # everything due is claimed once


async def test_an_unsent_intent_is_reconciled_by_its_shards_process(services: Services, rng: random.Random) -> None:
    await add_daily(services, ON_0)
    await add_daily(services, ON_1)
    claimed = await services.scheduling.claim_due(now=NOW + PASS, rng=rng)  # then the process died before sending
    assert len(claimed) == 2
    publisher = RecordingPublisher()
    services.scheduling._in_flight.clear()  # as a fresh process would start: nothing of its own in flight
    assert await services.scheduling.reconcile(publisher, now=NOW + 2 * PASS, servers=SHARD_1) == 1
    assert [out.post.guild_id for out in publisher.sent] == [ON_1]
    assert await services.scheduling.reconcile(publisher, now=NOW + 2 * PASS, servers=SHARD_0) == 1
    assert sorted(out.post.guild_id for out in publisher.sent) == [ON_0, ON_1]


async def test_a_member_is_looked_at_by_the_process_of_their_first_server(services: Services) -> None:
    both, only_1 = 1, 2
    for user, guild in ((both, ON_0), (both, ON_1), (only_1, ON_1)):
        await services.admin.set_reminder(user, guild, True)
    store, at = services.admin.store, to_ms(NOW)
    assert await store.reminders_to_check(at, SHARD_0) == [(both, ON_0), (both, ON_1)]  # with all their servers
    assert await store.reminders_to_check(at, SHARD_1) == [(only_1, ON_1)]
    assert await services.admin.reminders_due(now=NOW, servers=SHARD_0) == []  # no streak, nothing due: checks stored
    assert await services.admin.reminders_due(now=NOW, servers=SHARD_1) == []
    assert await store.reminders_to_check(to_ms(NOW + PASS), SHARD_0) == []


async def test_each_shards_pass_sees_an_answer_once(services: Services) -> None:
    for user, guild in ((1, ON_0), (2, ON_1)):
        await services.admin.set_reminder(user, guild, True)
    store = services.admin.store
    for shards in (SHARD_0, SHARD_1):
        await services.admin.reminders_due(now=NOW, servers=shards)
    later = to_ms(NOW + PASS)
    await services.recall.rate_flashcard(Learner(1, ON_0), "tiny", "f1", 1, now=NOW + PASS, rng=random.Random(1))
    await services.recall.rate_flashcard(Learner(2, ON_1), "tiny", "f1", 1, now=NOW + PASS, rng=random.Random(1))
    # One process moving past both answers must not make the other miss its own member.
    assert await store.reminders_to_check(later, SHARD_0) == [(1, ON_0)]
    assert await store.reminders_to_check(later, SHARD_1) == [(2, ON_1)]
    # Looked at once more by a pass a minute or more later (an answer may commit late), then settled.
    settled = to_ms(NOW + PASS + timedelta(minutes=2))
    assert await store.reminders_to_check(settled, SHARD_0) == [(1, ON_0)]
    assert await store.reminders_to_check(settled, SHARD_1) == [(2, ON_1)]
    assert await store.reminders_to_check(settled, SHARD_0) == []
    assert await store.reminders_to_check(settled, SHARD_1) == []


async def test_notices_go_out_from_their_servers_process(services: Services, rng: random.Random) -> None:
    await add_daily(services, ON_0)
    await add_daily(services, ON_1)
    for post in await services.scheduling.claim_due(now=NOW + PASS, rng=rng):  # both channels were deleted
        await services.scheduling.channel_gone(post.post, "the channel was deleted", now=NOW + PASS)
    publisher = RecordingPublisher()
    assert await services.scheduling.deliver_notices(publisher, now=NOW + PASS, servers=SHARD_1) == 1
    assert [guild for guild, _ in publisher.notices] == [ON_1]
    assert await services.scheduling.deliver_notices(publisher, now=NOW + PASS, servers=SHARD_1) == 0
    assert await services.scheduling.deliver_notices(publisher, now=NOW + PASS, servers=SHARD_0) == 1
    assert [guild for guild, _ in publisher.notices] == [ON_1, ON_0]


async def test_a_starting_shard_process_resumes_only_its_servers_rounds(backend_url: str) -> None:
    from bot.app.wiring import open_services
    from tests.services.test_rounds import round_deck

    services = await open_services(backend_url, {"roundy": round_deck()})
    try:
        rounds = {guild: await services.rounds.start(guild, guild + 1, 20, deck_id="roundy", questions=5, seconds=20,
                                                     now=NOW, rng=random.Random(7))
                  for guild in (ON_0, ON_1)}
        assert sorted(await services.rounds.resumable()) == sorted(r.id for r in rounds.values())
        assert await services.rounds.resumable(SHARD_0) == [rounds[ON_0].id]
        assert await services.rounds.resumable(SHARD_1) == [rounds[ON_1].id]
    finally:
        await services.close()
