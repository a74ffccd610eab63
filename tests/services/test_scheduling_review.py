"""`pick: review` schedules on each backend (SQLite, PostgreSQL): the group's memory summed in SQL matches the pure
computation over the stored states, only answers given in the schedule's own server count, and the
tick posts the card the states say (every fifth post new material), with why stored on the post."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest

from bot.app import wiring
from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.core.errors import InvalidSetting
from bot.core.group_pick import forgetting_curve, group_memory, pick_review_card
from bot.core.instants import from_ms, to_ms
from bot.core.srs import FlashRating, SrsState
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services import stored
from tests.services.scheduling_fakes import RecordingPublisher

A, B, ADMIN, CHANNEL = 10, 11, 20, 30
ANN, BOB, CAT, DAN, EVE = 101, 102, 103, 104, 105
T0 = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)  # London is on UTC: the 08:00 slot is 15 minutes later
GOOD, AGAIN, HARD = FlashRating.GOOD, FlashRating.AGAIN, FlashRating.HARD

# (member, server, card, rating, days before T0)
ANSWERS = [
    (ANN, A, "g1", GOOD, 20), (ANN, A, "g2", GOOD, 3),
    (BOB, A, "g1", AGAIN, 20), (BOB, A, "g2", GOOD, 3), (BOB, A, "g3", GOOD, 1),
    (CAT, A, "g2", HARD, 10),
    (DAN, B, "g4", AGAIN, 30), (DAN, B, "g3", AGAIN, 30),   # another server only: never counted in A
    (EVE, B, "g5", AGAIN, 30), (EVE, A, "g1", GOOD, 2),     # g5 answered in B only
]
CARDS = ["g1", "g2", "g3", "g4", "g5", "g6"]


def group_deck() -> Deck:
    cards: list[dict[str, object]] = [
        {"id": card, "kind": "flashcard", "level": "beginner", "front": f"{card}?", "back": card} for card in CARDS]
    cards.insert(2, {"id": "q1", "kind": "choice", "level": "beginner", "question": "Q?", "explanation": "E",
                     "options": [{"text": "right", "correct": True}, {"text": "wrong"}]})
    return validate_deck({"id": "group", "title": "Group", "cards": cards})


@pytest.fixture
async def seeded(backend_url: str) -> AsyncIterator[Services]:
    services = await wiring.open_services(backend_url, {"group": group_deck()})
    rng = random.Random(7)
    for member, server, card, rating, days in ANSWERS:
        await services.recall.rate_flashcard(Learner(member, server), "group", card, rating,
                                             now=T0 - timedelta(days=days), rng=rng)
    yield services
    await services.close()


def states_answered_in(url: str, server: int) -> list[tuple[str, SrsState]]:
    """The stored states of the (member, card) pairs the test's own answer list has answered in `server`."""
    pairs = {(member, card) for member, place, card, _r, _d in ANSWERS if place == server}
    rows = stored.rows(url, "SELECT user_id, card_id, state, step, stability, difficulty, due, last_review"
                            " FROM srs_cards WHERE deck_guild = 0 AND deck_id = 'group'")
    return [(card, SrsState(state, step, stability, difficulty, from_ms(due), from_ms(last)))
            for member, card, state, step, stability, difficulty, due, last in rows if (member, card) in pairs]


async def test_sql_sums_match_the_pure_computation_and_only_this_server_counts(seeded: Services,
                                                                               backend_url: str) -> None:
    store = seeded.scheduling.store
    found = await store.group_memory(A, 0, "group", CARDS, to_ms(T0), forgetting_curve())
    expected = group_memory(states_answered_in(backend_url, A), T0)
    assert set(found) == set(expected) == {"g1", "g2", "g3"}  # g4, g5: answered in server B only
    for card, memory in expected.items():
        assert found[card].members == memory.members
        assert found[card].forgetting == pytest.approx(memory.forgetting, abs=1e-9)
    assert (found["g1"].members, found["g2"].members, found["g3"].members) == (3, 3, 1)  # Dan's g3 not counted
    in_b = await store.group_memory(B, 0, "group", CARDS, to_ms(T0), forgetting_curve())
    assert {card: m.members for card, m in in_b.items()} == {"g3": 1, "g4": 1, "g5": 1}
    assert await store.group_memory(A, 0, "group", ["g6"], to_ms(T0), forgetting_curve()) == {}
    assert await store.group_memory(A, A, "group", CARDS, to_ms(T0), forgetting_curve()) == {}  # another owner


async def test_a_review_schedule_posts_what_the_states_say(seeded: Services, backend_url: str) -> None:
    scheduling, publisher = seeded.scheduling, RecordingPublisher()
    view = await scheduling.add(A, ADMIN, channel_id=CHANNEL, time="08:00", timezone="Europe/London",
                                deck_id="group", now=T0, kind="flashcard", pick="review")
    assert view.pick == "review" and "pick review" in view.describe()
    due = T0 + timedelta(minutes=15)
    memory = group_memory(states_answered_in(backend_url, A), due)
    expected = pick_review_card(CARDS, memory, post_number=1)
    assert expected is not None and expected.card_id == "g1"  # Bob's forgotten g1 weighs most
    (outgoing,) = await scheduling.claim_due(now=due, rng=random.Random(1))
    await scheduling.deliver(outgoing, publisher, now=due)
    post = outgoing.post
    assert (post.card_id, post.pick_reason, post.pick_members) == ("g1", "memory", 3)
    assert post.pick_retention == pytest.approx(memory["g1"].retention, abs=1e-9)
    (listed,) = await scheduling.schedules(A, now=due)
    assert listed.why == f"latest `g1`: retention {round(memory['g1'].retention * 100)}% across 3 members"

    # posts 2-4: seen cards, never the same card twice running; post 5: the first card nobody in A has seen
    cards = [post.card_id]
    for _ in range(4):
        cards.append((await scheduling.post_now(A, view.id, now=due, rng=random.Random(2))).post.card_id)
    assert all(first != second for first, second in pairwise(cards[:4]))
    assert set(cards[:4]) <= {"g1", "g2", "g3"}
    assert cards[4] == "g4"  # Dan saw g4 in server B: still new material in A
    (listed,) = await scheduling.schedules(A, now=due)
    assert listed.why == "latest `g4`: new material (1 in 5)"


async def test_nobody_has_seen_anything_and_bad_picks(seeded: Services) -> None:
    scheduling = seeded.scheduling
    other = 12
    view = await scheduling.add(other, ADMIN, channel_id=CHANNEL, time="08:00", timezone="UTC", deck_id="group",
                                now=T0, pick="review")
    first = await scheduling.post_now(other, view.id, now=T0, rng=random.Random(3))
    second = await scheduling.post_now(other, view.id, now=T0, rng=random.Random(3))
    assert (first.post.card_id, first.post.pick_reason) == ("g1", "unseen")
    assert second.post.card_id == "g2"  # the unseen card already posted gives way to the next in deck order
    with pytest.raises(InvalidSetting, match="Pick"):
        await scheduling.add(A, ADMIN, channel_id=CHANNEL, time="08:00", timezone="UTC", deck_id="group", now=T0,
                             pick="random")
    rotation = await scheduling.add(A, ADMIN, channel_id=CHANNEL, time="09:00", timezone="UTC", deck_id="group",
                                    now=T0)
    assert rotation.pick == "rotation" and rotation.why is None
    post = await scheduling.post_now(A, rotation.id, now=T0, rng=random.Random(4))
    assert post.post.pick_reason is None


async def test_a_tick_does_not_wait_for_a_review_schedules_read(seeded: Services,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    scheduling = seeded.scheduling
    for pick in ("rotation", "review"):
        await scheduling.add(A, ADMIN, channel_id=CHANNEL, time="08:00", timezone="UTC", deck_id="group", now=T0,
                             pick=pick)
    release, reads = asyncio.Event(), []
    real_read = scheduling.store.group_memory

    async def slow_read(*args: Any, **kwargs: Any) -> Any:
        reads.append(args[0])
        await release.wait()  # a big server's aggregate, still running
        return await real_read(*args, **kwargs)

    monkeypatch.setattr(scheduling.store, "group_memory", slow_read)
    handed: list[Any] = []
    due = T0 + timedelta(minutes=15, seconds=30)
    now_posts = await scheduling.claim_due(now=due, rng=random.Random(1), later=handed.append)
    assert [p.post.pick_reason for p in now_posts] == [None] and handed == []  # the rotation post, at once
    assert await scheduling.claim_due(now=due + timedelta(minutes=1), rng=random.Random(1),
                                      later=handed.append) == []
    assert reads == [A]  # the schedule being read is not read again by the next tick
    release.set()
    for _ in range(100):
        if handed:
            break
        await asyncio.sleep(0.02)
    (review,) = handed
    assert (review.post.card_id, review.post.pick_reason) == ("g1", "memory")
