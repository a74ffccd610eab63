"""Native polls through the services on each backend (SQLite, PostgreSQL): votes, the end, crediting exactly once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.wiring import open_services
from bot.core.deck import Deck
from bot.core.errors import InvalidSetting
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services.scheduling_fakes import RecordingPublisher

GUILD, ADMIN, CHANNEL = 10, 20, 30
ALICE, BOB, CAROL = 101, 102, 103
START = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)


async def posted_poll(services: Services, publisher: RecordingPublisher, rng: random.Random) -> tuple[int, int]:
    """A poll schedule on the tiny deck (its only choice card: option 1 right), posted; (schedule id, message id)."""
    view = await services.scheduling.add(GUILD, ADMIN, channel_id=CHANNEL, time="08:00", timezone="UTC", deck_id="tiny",
                                         kind="poll", poll_hours=2, now=START)
    (post,) = await services.scheduling.claim_due(now=START + timedelta(minutes=15), rng=rng)
    assert post.form == "poll"
    message_id = await services.scheduling.deliver(post, publisher, now=START + timedelta(minutes=15))
    assert message_id is not None
    return view.id, message_id


async def test_poll_closes_at_expiry_reconciles_credits_and_reveals_once(
    backend_url: str, decks: dict[str, Deck], rng: random.Random
) -> None:
    publisher = RecordingPublisher()
    services = await open_services(backend_url, decks)
    _schedule, message_id = await posted_poll(services, publisher, rng)
    voted = START + timedelta(minutes=30)
    assert await services.polls.on_vote(message_id, ALICE, 1, added=True, now=voted)
    assert await services.polls.on_vote(message_id, BOB, 2, added=True, now=voted)
    assert not await services.polls.on_vote(999, BOB, 1, added=True, now=voted)  # not our poll
    # Carol's vote arrived while the bot was down: only the API's final voters know it.
    publisher.voters[message_id] = {1: {ALICE, CAROL}, 2: {BOB}}
    assert await services.polls.close_due(publisher, now=START + timedelta(hours=2), rng=rng) == []  # still open
    (result,) = await services.polls.close_due(publisher, now=START + timedelta(hours=2, minutes=16), rng=rng)
    assert (result.voters, result.correct, result.credited, result.revealed) == (3, 2, 3, True)
    (reply,) = publisher.replies
    assert reply[1] == message_id and "**Answer:** right" in reply[2] and "2 of 3 voters" in reply[2]

    alice = await services.recall.streak(Learner(ALICE, GUILD), now=voted)
    bob = await services.recall.streak(Learner(BOB, GUILD), now=voted)
    assert alice is not None and bob is not None
    assert alice.current == 1 and alice.points == 10
    assert bob.current == 1 and bob.points == 1  # a wrong vote still counts as a study day
    await services.close()

    # A restart (or a second process) finishing again credits nobody twice and doesn't reply again.
    services = await open_services(backend_url, decks)
    try:
        assert await services.polls.close_due(publisher, now=START + timedelta(hours=3), rng=rng) == []
        assert await services.polls.reconcile(publisher, now=START + timedelta(hours=3)) == 0
        alice = await services.recall.streak(Learner(ALICE, GUILD), now=voted)
        assert alice is not None and alice.points == 10
        assert len(publisher.replies) == 1
    finally:
        await services.close()


async def test_end_poll_early_and_not_twice(services: Services, rng: random.Random) -> None:
    publisher = RecordingPublisher()
    schedule_id, message_id = await posted_poll(services, publisher, rng)
    publisher.voters[message_id] = {1: {ALICE}}
    result = await services.polls.end_now(GUILD, schedule_id, publisher, now=START + timedelta(minutes=40), rng=rng)
    assert publisher.ended == [message_id] and result.revealed and result.correct == 1
    with pytest.raises(InvalidSetting, match="no open poll"):
        await services.polls.end_now(GUILD, schedule_id, publisher, now=START + timedelta(minutes=41), rng=rng)
    with pytest.raises(InvalidSetting):
        await services.polls.end_now(GUILD + 1, schedule_id, publisher, now=START, rng=rng)


async def test_reveal_claimed_but_unrecorded_is_found_not_repeated(
    backend_url: str, decks: dict[str, Deck], rng: random.Random
) -> None:
    publisher = RecordingPublisher()
    services = await open_services(backend_url, decks)
    _schedule, message_id = await posted_poll(services, publisher, rng)
    (post,) = await services.polls.store.polls_to_close(2**62)
    assert await services.polls.store.claim_reveal(post.id)
    publisher.channels[CHANNEL].append((4242, f"reply-to:{message_id} **Answer:** right"))  # sent, then a crash
    await services.close()
    services = await open_services(backend_url, decks)
    try:
        assert await services.polls.reconcile(publisher, now=START + timedelta(hours=3)) == 0
        assert publisher.replies == []
        stored = await services.scheduling.store.post(post.id)
        assert stored is not None and stored.reveal_message_id == 4242
    finally:
        await services.close()
