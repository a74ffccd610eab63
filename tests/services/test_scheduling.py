"""Scheduled posts through the services on each backend (SQLite, PostgreSQL), with an injected clock."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import wiring
from bot.core.deck import Deck
from bot.core.errors import InvalidSetting
from bot.core.schedule_rule import UnknownTimezone
from bot.services.bundle import Services
from tests.services.scheduling_fakes import RecordingPublisher

GUILD, ADMIN, CHANNEL = 10, 20, 30
MONDAY_0745_LONDON = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)  # London is on UTC in March before the 29th


async def open_services(url: str, decks: dict[str, Deck]) -> Services:
    return await wiring.open_services(url, decks)


async def add_daily(services: Services, now: datetime, **extra: object) -> int:
    options: dict[str, object] = {"channel_id": CHANNEL, "time": "08:00", "timezone": "Europe/London",
                                  "deck_id": "tiny", "kind": "flashcard", "now": now}
    options.update(extra)
    view = await services.scheduling.add(GUILD, ADMIN, **options)  # type: ignore[arg-type]
    return view.id


async def tick(services: Services, publisher: RecordingPublisher, now: datetime, rng: random.Random) -> int:
    posts = await services.scheduling.claim_due(now=now, rng=rng)
    for post in posts:
        await services.scheduling.deliver(post, publisher, now=now)
    return len(posts)


async def test_posts_once_at_the_local_time(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher()
    await add_daily(services, MONDAY_0745_LONDON)
    assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(minutes=14), rng) == 0
    assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(minutes=15), rng) == 1
    for minutes in range(16, 60 * 20, 7):  # the rest of the day: nothing more
        assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(minutes=minutes), rng) == 0
    assert [p.marker for p in publisher.sent] == ["schedule #1 · 2026-03-02"]
    (post,) = await services.scheduling.store.posts_of(1)
    assert post.message_id == 1000 and post.form == "flashcard"


async def test_bad_input_is_refused_with_a_message(services: Services) -> None:
    with pytest.raises(UnknownTimezone) as unknown:
        await add_daily(services, MONDAY_0745_LONDON, timezone="Europe/Londn")
    assert "Europe/London" in unknown.value.user_message
    with pytest.raises(InvalidSetting, match="HH:MM"):
        await add_daily(services, MONDAY_0745_LONDON, time="8am")
    with pytest.raises(InvalidSetting, match="not a weekday"):
        await add_daily(services, MONDAY_0745_LONDON, days="mon,funday")
    with pytest.raises(InvalidSetting, match="no deck"):
        await add_daily(services, MONDAY_0745_LONDON, deck_id="nope")
    with pytest.raises(InvalidSetting, match="from 1 to 768"):
        await add_daily(services, MONDAY_0745_LONDON, kind="poll", poll_hours=800)
    assert await services.scheduling.schedules(GUILD, now=MONDAY_0745_LONDON) == []


async def test_two_processes_on_one_database_claim_once(backend_url: str, decks: dict[str, Deck]) -> None:
    first, second = await open_services(backend_url, decks), await open_services(backend_url, decks)
    try:
        for offset in range(5):
            await add_daily(first, MONDAY_0745_LONDON, time=f"08:0{offset}")
        due = MONDAY_0745_LONDON + timedelta(minutes=30)
        claims = await asyncio.gather(
            first.scheduling.claim_due(now=due, rng=random.Random(1)),
            second.scheduling.claim_due(now=due, rng=random.Random(2)),
        )
        ids = [post.post.id for batch in claims for post in batch]
        assert len(ids) == 5 and len(set(ids)) == 5  # each slot claimed by exactly one of them
        assert await second.scheduling.claim_due(now=due + timedelta(minutes=1), rng=random.Random(3)) == []
    finally:
        await first.close()
        await second.close()


async def test_crash_between_intent_and_send_is_reconciled(backend_url: str, decks: dict[str, Deck]) -> None:
    publisher = RecordingPublisher()
    services = await open_services(backend_url, decks)
    await add_daily(services, MONDAY_0745_LONDON)
    await add_daily(services, MONDAY_0745_LONDON, time="08:05")
    due = MONDAY_0745_LONDON + timedelta(minutes=21)
    first, second = await services.scheduling.claim_due(now=due, rng=random.Random(1))
    # The first was sent but its id never recorded; the second was never sent. Then the process died.
    publisher.channels[CHANNEL] = [(555, f"Daily question · {first.marker}")]
    await services.close()

    restarted = await open_services(backend_url, decks)
    try:
        assert await restarted.scheduling.reconcile(publisher, now=due + timedelta(minutes=2)) == 1
        assert [p.marker for p in publisher.sent] == [second.marker]
        posts = {p.id: p for p in await restarted.scheduling.store.posts_of(first.post.schedule_id)}
        assert posts[first.post.id].message_id == 555
        assert await restarted.scheduling.reconcile(publisher, now=due + timedelta(minutes=3)) == 0
        assert await tick(restarted, publisher, due + timedelta(minutes=4), random.Random(2)) == 0
        assert len(publisher.sent) == 1
    finally:
        await restarted.close()


async def test_an_intent_past_its_window_is_not_sent_late(backend_url: str, decks: dict[str, Deck]) -> None:
    publisher = RecordingPublisher()
    services = await open_services(backend_url, decks)
    await add_daily(services, MONDAY_0745_LONDON, grace_hours=2)
    await services.scheduling.claim_due(now=MONDAY_0745_LONDON + timedelta(minutes=20), rng=random.Random(1))
    await services.close()  # died before sending; back three hours later
    services = await open_services(backend_url, decks)
    try:
        assert await services.scheduling.reconcile(publisher, now=MONDAY_0745_LONDON + timedelta(hours=3)) == 0
        assert publisher.sent == []
        (post,) = await services.scheduling.store.posts_of(1)
        assert post.failure is not None
    finally:
        await services.close()


async def test_a_failed_send_is_retried_by_reconcile_not_lost(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher(fail_sends=1)
    await add_daily(services, MONDAY_0745_LONDON)
    (post,) = await services.scheduling.claim_due(now=MONDAY_0745_LONDON + timedelta(minutes=15), rng=rng)
    with pytest.raises(RuntimeError):
        await services.scheduling.deliver(post, publisher, now=MONDAY_0745_LONDON + timedelta(minutes=15))
    later = MONDAY_0745_LONDON + timedelta(minutes=20)
    assert await services.scheduling.reconcile(publisher, now=later, older_than=timedelta(minutes=2)) == 1
    assert await services.scheduling.reconcile(publisher, now=later, older_than=timedelta(minutes=2)) == 0
    assert len(publisher.sent) == 1


async def test_catch_up_within_grace_and_skip_after(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher()
    await add_daily(services, MONDAY_0745_LONDON, grace_hours=3)
    # Down at 08:00 on Monday, back at 10:30: posts once, late.
    assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(hours=2, minutes=45), rng) == 1
    assert publisher.sent[0].post.late
    # Down from Monday noon to Tuesday 11:30 (past the 3 h grace): Tuesday is skipped, Wednesday posts.
    tuesday_late = MONDAY_0745_LONDON + timedelta(days=1, hours=3, minutes=45)
    assert await tick(services, publisher, tuesday_late, rng) == 0
    assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(days=2, minutes=15), rng) == 1
    assert [p.marker for p in publisher.sent] == ["schedule #1 · 2026-03-02", "schedule #1 · 2026-03-04"]


async def test_rotation_without_repeats_and_one_exhaustion_notice(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher()
    await add_daily(services, MONDAY_0745_LONDON, deck_id="model-optimization-nlp", kind="mixed")
    eligible = len(services.catalogue.deck_for(GUILD, "model-optimization-nlp").cards)  # type: ignore[union-attr]
    days = eligible + 3
    for day in range(days):
        await tick(services, publisher, MONDAY_0745_LONDON + timedelta(days=day, minutes=20), rng)
    cards = [p.card.id for p in publisher.sent]
    assert len(cards) == days
    assert len(set(cards[:eligible])) == eligible  # the first cycle posts every card once
    assert cards[eligible] != cards[eligible - 1]
    await services.scheduling.deliver_notices(publisher, now=MONDAY_0745_LONDON + timedelta(days=days))
    await services.scheduling.deliver_notices(publisher, now=MONDAY_0745_LONDON + timedelta(days=days, hours=1))
    assert [text for _g, text in publisher.notices if "every eligible card" in text] != []
    assert len(publisher.notices) == 1


async def test_deleted_channel_pauses_and_tells_admins_once(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher(gone={CHANNEL}, has_system_channel=False)
    await add_daily(services, MONDAY_0745_LONDON)
    for day in range(3):
        await tick(services, publisher, MONDAY_0745_LONDON + timedelta(days=day, minutes=20), rng)
    await services.scheduling.deliver_notices(publisher, now=MONDAY_0745_LONDON + timedelta(days=3))
    (view,) = await services.scheduling.schedules(GUILD, now=MONDAY_0745_LONDON)
    assert view.rule.paused and view.pause_reason == "the channel was deleted"
    notices = await services.scheduling.take_notices(GUILD, now=MONDAY_0745_LONDON + timedelta(days=3))
    assert len(notices) == 1 and "paused" in notices[0]
    assert await services.scheduling.take_notices(GUILD, now=MONDAY_0745_LONDON + timedelta(days=3)) == []
    # Resumed after the fix: posts again from the next due time.
    publisher.gone.clear()
    await services.scheduling.resume(GUILD, view.id, now=MONDAY_0745_LONDON + timedelta(days=3))
    assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(days=4, minutes=20), rng) == 1


async def test_post_now_claims_no_slot(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher()
    schedule_id = await add_daily(services, MONDAY_0745_LONDON)
    manual = await services.scheduling.post_now(GUILD, schedule_id, now=MONDAY_0745_LONDON, rng=rng)
    await services.scheduling.deliver(manual, publisher, now=MONDAY_0745_LONDON)
    assert "try-out" in manual.marker
    assert await tick(services, publisher, MONDAY_0745_LONDON + timedelta(minutes=15), rng) == 1
    assert publisher.sent[0].card.id != publisher.sent[1].card.id  # the rotation continues
    with pytest.raises(InvalidSetting, match="no schedule #99"):
        await services.scheduling.post_now(GUILD, 99, now=MONDAY_0745_LONDON, rng=rng)
    with pytest.raises(InvalidSetting):
        await services.scheduling.pause(GUILD + 1, schedule_id, now=MONDAY_0745_LONDON)  # another server's


async def test_a_month_of_ticks_with_restarts_and_clock_jumps(backend_url: str, decks: dict[str, Deck]) -> None:
    """Every due local date posts exactly once, across restarts and a clock that jumps back and forward."""
    publisher = RecordingPublisher()
    rng = random.Random(7)
    start = datetime(2026, 3, 20, 0, 0, tzinfo=UTC)  # across the European and US DST changes
    services = await open_services(backend_url, decks)
    zones = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
    for zone in zones:
        await add_daily(services, start, timezone=zone, time="02:30", grace_hours=6)
    now = start
    end = start + timedelta(days=30)
    while now < end:
        await tick(services, publisher, now, rng)
        roll = rng.random()
        if roll < 0.01:
            await services.close()
            services = await open_services(backend_url, decks)
            await services.scheduling.reconcile(publisher, now=now)
        if roll > 0.995:
            await tick(services, publisher, now - timedelta(hours=rng.randint(1, 30)), rng)  # clock jumped back
        now += timedelta(minutes=rng.choice((10, 20, 30)))
    await services.close()
    markers = [p.marker for p in publisher.sent]
    assert len(markers) == len(set(markers))
    per_schedule = {index: sum(1 for m in markers if m.startswith(f"schedule #{index} ")) for index in range(1, 5)}
    assert all(28 <= count <= 30 for count in per_schedule.values()), per_schedule


@pytest.mark.parametrize("hostile", ["", " ", "x" * 4000, "<@123> @everyone **08:00**", "٠٨:٠٠", "\x00", "25:61", "🕗"])
async def test_hostile_text_gets_a_message_not_a_crash(services: Services, hostile: str) -> None:
    optional = ("days", "kind", "level")  # blank means the default there (daily, flashcard, every level)
    for field in ("time", "timezone", "deck_id", *(optional if hostile.strip() else ())):
        with pytest.raises(InvalidSetting) as refused:
            await add_daily(services, MONDAY_0745_LONDON, **{field: hostile})
        assert 0 < len(refused.value.user_message) < 500
    assert await services.scheduling.schedules(GUILD, now=MONDAY_0745_LONDON) == []
