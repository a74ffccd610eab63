"""Exactly-once on PostgreSQL when two processes race: two `Services` bundles (two `Database`s, each its own
writer connection and read pool, as two shard processes have) on one database, asked the same thing at once.

Each claim must be won by one of them only: an answer's question key, a schedule's slot, a poll's credits and
reveal, the day's reminder DM, an appeal, a welcome, an admin notice's announcement, a role reward's grant.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.core.deck import Deck
from bot.core.errors import NotAppealable
from bot.services.api import Learner
from bot.services.bundle import Services
from bot.services.schedule_records import Notice
from bot.storage.database import Database
from bot.storage.guild_decks import SqliteAdminStore
from bot.storage.role_rewards import SqliteRewardStore
from bot.storage.schedules import SqliteScheduleStore
from tests.services.conftest import tiny_deck
from tests.services.scheduling_fakes import RecordingPublisher

CONTENT = Path(__file__).resolve().parents[3] / "content"
GUILD, OTHER, ADMIN, CHANNEL = 10, 11, 20, 30
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday
START = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)
ROUNDS = 3  # each race is run this many times: one lucky interleaving proves little


def decks() -> dict[str, Deck]:
    loaded = load_decks([CONTENT]).decks
    loaded["tiny"] = tiny_deck()
    return loaded


@pytest.fixture
async def two(postgres_backend_url: str) -> AsyncIterator[tuple[Services, Services]]:
    """Two bundles on one PostgreSQL database, as two processes would open it."""
    first = await open_services(postgres_backend_url, decks())
    try:
        second = await open_services(postgres_backend_url, decks())
    except BaseException:
        await first.close()
        raise
    try:
        yield first, second
    finally:
        await second.close()
        await first.close()


async def count(url: str, sql: str, *args: object) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval(sql, *args))
    finally:
        await conn.close()


async def test_an_answer_key_is_stored_once_whichever_process_records_it(
        two: tuple[Services, Services], postgres_backend_url: str) -> None:
    keys = [f"quiz:{n}" for n in range(40)]
    members = [Learner(100 + n % 4, GUILD) for n in range(len(keys))]
    outcomes = await asyncio.gather(*(
        services.recall.answer_choice(member, "tiny", "c1", 0, now=NOW, rng=random.Random(n), source="drill",
                                      question_key=key)
        for n, (member, key) in enumerate(zip(members, keys, strict=True)) for services in two))
    pairs = [outcomes[i:i + 2] for i in range(0, len(outcomes), 2)]
    assert all(sum(not o.duplicate for o in pair) == 1 for pair in pairs)  # one of each pair stored it
    assert all(pair[0].attempt_id == pair[1].attempt_id for pair in pairs)  # the other was told about it
    assert await count(postgres_backend_url, "SELECT count(*) FROM attempts") == len(keys)
    assert await count(postgres_backend_url, "SELECT sum(attempts) FROM period_scores WHERE period = 'all'") \
        == len(keys)
    assert await count(postgres_backend_url, "SELECT sum(points) FROM period_scores WHERE period = 'all'") \
        == 10 * len(keys)


async def test_each_schedule_slot_is_claimed_once_by_two_tickers(
        two: tuple[Services, Services], postgres_backend_url: str) -> None:
    first, second = two
    for index in range(20):
        await first.scheduling.add(GUILD + index, ADMIN, channel_id=100 + index, time="08:00", timezone="UTC",
                                   deck_id="model-optimization-nlp", kind="mixed", now=START)
    for day in range(ROUNDS):
        due = START + timedelta(days=day, minutes=20)
        claimed = await asyncio.gather(first.scheduling.claim_due(now=due, rng=random.Random(day)),
                                       second.scheduling.claim_due(now=due, rng=random.Random(day + 100)))
        ids = [post.post.id for batch in claimed for post in batch]
        assert len(ids) == len(set(ids)) == 20, [len(batch) for batch in claimed]  # every slot, once
    assert await count(postgres_backend_url, "SELECT count(*) FROM schedule_posts") == 20 * ROUNDS
    assert await count(postgres_backend_url, "SELECT count(*) FROM (SELECT schedule_id, local_date FROM"
                       " schedule_posts GROUP BY 1, 2 HAVING count(*) > 1) AS doubled") == 0


async def test_tickers_taking_schedules_in_opposite_orders_neither_fail_nor_double(
        two: tuple[Services, Services], postgres_backend_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Each process's ticks share one transaction: had a tick waited for a schedule another process was
    deciding, two batches taking them in opposite orders would wait on each other (PostgreSQL then aborts
    one batch, and its ticks fail). A tick skips a schedule that is being decided elsewhere instead."""
    first, second = two
    for index in range(20):
        await first.scheduling.add(GUILD + index, ADMIN, channel_id=100 + index, time="08:00", timezone="UTC",
                                   deck_id="model-optimization-nlp", kind="mixed", now=START)
    ids = sorted(await first.scheduling.store.due_ids(0))
    assert len(ids) == 20
    for day in range(ROUNDS):
        due = START + timedelta(days=day, minutes=20)
        claimed = await asyncio.gather(first.scheduling._claim(ids, {}, due, day),
                                       second.scheduling._claim(ids[::-1], {}, due, day + 100))
        posts = [post.post.id for batch in claimed for post in batch]
        assert len(posts) == len(set(posts))  # no slot twice
        assert [r.getMessage() for r in caplog.records if "tick failed" in r.getMessage()] == []
        late = await first.scheduling.claim_due(now=due + timedelta(minutes=1), rng=random.Random(day))
        assert len(posts) + len(late) == 20  # a skipped schedule is decided at the next tick, not lost
    assert await count(postgres_backend_url, "SELECT count(*) FROM schedule_posts") == 20 * ROUNDS


async def test_a_poll_is_credited_and_revealed_once_when_two_processes_close_it(
        two: tuple[Services, Services], postgres_backend_url: str) -> None:
    first, second = two
    publisher = RecordingPublisher()
    rng = random.Random(3)
    await first.scheduling.add(GUILD, ADMIN, channel_id=CHANNEL, time="08:00", timezone="UTC", deck_id="tiny",
                               kind="poll", poll_hours=2, now=START)
    (post,) = await first.scheduling.claim_due(now=START + timedelta(minutes=15), rng=rng)
    message_id = await first.scheduling.deliver(post, publisher, now=START + timedelta(minutes=15))
    assert message_id is not None
    publisher.voters[message_id] = {1: {101, 102, 103}, 2: {104}}
    closing = START + timedelta(hours=2, minutes=16)
    results = await asyncio.gather(first.polls.close_due(publisher, now=closing, rng=random.Random(1)),
                                   second.polls.close_due(publisher, now=closing, rng=random.Random(2)))
    closed = [result for batch in results for result in batch]
    assert len(closed) >= 1 and sum(result.revealed for result in closed) == 1
    assert len(publisher.replies) == 1  # one reveal message
    assert await count(postgres_backend_url, "SELECT count(*) FROM attempts WHERE question_key = $1",
                       f"poll:{message_id}") == 4  # each voter credited once
    assert await count(postgres_backend_url, "SELECT sum(points) FROM period_scores WHERE period = 'all'") == 31  # 3 right (10), 1 wrong (1)


async def test_the_days_reminder_is_claimed_once(two: tuple[Services, Services]) -> None:
    first, second = two
    await first.admin.set_reminder(101, GUILD, True)
    await first.admin.set_reminder(101, OTHER, True)
    await first.recall.rate_flashcard(Learner(101, GUILD), "tiny", "f1", 1, now=NOW, rng=random.Random(1))
    for day in range(ROUNDS):
        evening = NOW + timedelta(days=day, hours=9)
        due = await asyncio.gather(first.admin.reminders_due(now=evening), second.admin.reminders_due(now=evening))
        assert [user for batch in due for user, _text in batch] == [101]  # one DM, whoever sends it


async def test_an_open_answer_is_appealed_once(two: tuple[Services, Services], postgres_backend_url: str) -> None:
    first, second = two
    member = Learner(101, GUILD)
    for n in range(ROUNDS):
        wrong = await first.recall.answer_open(member, "tiny", "o1", "no idea", now=NOW, rng=random.Random(n),
                                               question_key=f"open:{n}")
        results = await asyncio.gather(first.recall.appeal(member, wrong.attempt_id, now=NOW),
                                       second.recall.appeal(member, wrong.attempt_id, now=NOW),
                                       return_exceptions=True)
        won = [r for r in results if not isinstance(r, BaseException) and not r.already_credited]
        refused = [r for r in results if isinstance(r, NotAppealable)]
        assert len(won) == 1 and len(won) + len(refused) == 2, results
    assert await count(postgres_backend_url, "SELECT sum(points) FROM period_scores WHERE period = 'all'"
                       " AND user_id = 101") == 10 * ROUNDS  # each appeal's points moved once


async def test_store_claims_are_won_once(postgres_backend_url: str) -> None:
    """The one-row claims, straight on the stores of two databases: each is won by exactly one caller."""
    first, second = await Database.open(postgres_backend_url), await Database.open(postgres_backend_url)
    try:
        admin = SqliteAdminStore(first), SqliteAdminStore(second)
        schedules = SqliteScheduleStore(first), SqliteScheduleStore(second)
        rewards = SqliteRewardStore(first), SqliteRewardStore(second)
        for n in range(ROUNDS):
            welcomed = await asyncio.gather(*(store.claim_welcome(GUILD + n, 1) for store in admin * 2))
            assert sum(welcomed) == 1
            await schedules[0].add_notice(GUILD, Notice(f"key-{n}", "a notice"), 1)
            (notice_id, _guild, _text), = [item for item in await schedules[0].notices_to_announce()]
            announced = await asyncio.gather(*(store.claim_announce(notice_id) for store in schedules * 2))
            assert sum(announced) == 1
            delivered = await asyncio.gather(*(store.mark_delivered([notice_id], 2) for store in schedules * 2))
            assert sorted(map(len, delivered)) == [0, 0, 0, 1]
            granted = await asyncio.gather(*(store.claim(GUILD, 101, 500 + n, 10, 0) for store in rewards * 2))
            assert sum(granted) == 1
    finally:
        await second.close()
        await first.close()
