"""One server can't read another's cards: every scoping rule of the services, on each backend (SQLite, PostgreSQL).

Servers A and B both upload a deck called `shared` (their cards tagged with their server, see
`scoping_decks`); members answer in servers and in DMs; each test checks what a place may see.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest

from bot.core.errors import InvalidSetting, NotAppealable, UnknownCard
from bot.core.srs import FlashRating
from bot.services.api import UNAVAILABLE, DeckRef, Learner
from bot.services.bundle import Services
from tests.services import stored
from tests.services.conftest import NOW
from tests.services.scheduling_fakes import RecordingPublisher
from tests.services.scoping_decks import SHARED, shared_deck, tag

A, B, ADMIN = 1001, 2002, 9
ALICE, BOB, MALLORY = 101, 102, 666  # Alice studies in A, Bob in B, Mallory in B only


async def upload(services: Services, guild: int, deck_id: str = SHARED) -> None:
    await services.admin.upload_deck(guild, ADMIN, f"{deck_id}.yaml", shared_deck(guild, deck_id).encode(), now=NOW)


def attempts(url: str, user_id: int) -> int:
    return int(stored.rows(url, "SELECT COUNT(*) FROM attempts WHERE user_id = ?", (user_id,))[0][0])


async def test_two_servers_may_upload_the_same_id_and_each_sees_its_own(services: Services) -> None:
    await upload(services, A)
    await upload(services, B)
    assert services.catalogue.card(A, SHARED, "f1").back == f"back {tag(A)}"  # type: ignore[union-attr]
    assert services.catalogue.card(B, SHARED, "f1").back == f"back {tag(B)}"  # type: ignore[union-attr]
    assert [d.title for d in services.catalogue.decks(A) if d.id == SHARED] == [f"Deck of {tag(A)}"]
    assert SHARED not in {d.id for d in services.catalogue.decks(None)}  # a DM: built-in decks only
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        services.catalogue.card(None, SHARED, "f1")
    await services.admin.set_deck_disabled(A, "tiny", True)
    with pytest.raises(UnknownCard):
        services.catalogue.card(A, "tiny", "f1")  # hidden in A
    assert services.catalogue.card(B, "tiny", "f1") is not None and services.catalogue.card(None, "tiny", "f1") is not None


async def test_a_removed_deck_s_old_buttons_never_reach_another_server_s_deck(
        services: Services, rng: random.Random, backend_url: str) -> None:
    """Point 2 of the report: B's `shared` removed, A's `shared` uploaded, B's old buttons clicked in B."""
    await upload(services, B)
    await services.admin.remove_deck(B, SHARED)
    await upload(services, A)
    in_b = Learner(MALLORY, B)
    for owner in (None, B, A, 0):  # a server-form button, or any owner a forged id could name
        with pytest.raises(UnknownCard, match=UNAVAILABLE):
            await services.recall.find_card(in_b, SHARED, "f1", deck_guild=owner)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.recall.rate_flashcard(in_b, SHARED, "f1", FlashRating.GOOD, now=NOW, rng=rng)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.recall.answer_choice(in_b, SHARED, "c1", 0, now=NOW, rng=rng)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.recall.answer_open(in_b, SHARED, "o1", "apple banana", now=NOW, rng=rng, deck_guild=A)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # a forged answer form sent from a DM
        await services.recall.answer_open(Learner(MALLORY, None), SHARED, "o1", "apple banana", now=NOW, rng=rng)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # ... naming A, where Mallory never studied
        await services.recall.answer_open(Learner(MALLORY, None), SHARED, "o1", "apple banana", now=NOW, rng=rng,
                                   deck_guild=A)
    assert attempts(backend_url, MALLORY) == 0  # nothing recorded
    found = await services.recall.find_card(Learner(ALICE, A), SHARED, "f1")  # A's members do get A's card
    assert found.deck == DeckRef(A, SHARED) and f"back {tag(A)}" == found.card.back  # type: ignore[union-attr]


async def test_a_dm_sees_a_server_s_deck_only_for_a_member_who_studies_there(
        services: Services, rng: random.Random, backend_url: str) -> None:
    await upload(services, A)
    dm = Learner(ALICE, None)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # not studied in A yet
        await services.recall.find_card(dm, SHARED, "f1", deck_guild=A)
    await services.recall.rate_flashcard(Learner(ALICE, A), SHARED, "f1", FlashRating.AGAIN, now=NOW, rng=rng)
    found = await services.recall.find_card(dm, SHARED, "f1", deck_guild=A)
    assert found.card.back == f"back {tag(A)}"  # type: ignore[union-attr]
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # the server form in a DM means a built-in deck
        await services.recall.find_card(dm, SHARED, "f1")
    assert (await services.recall.find_card(dm, "tiny", "f1")).deck == DeckRef(0, "tiny")
    # A /review in the DM answers A's card: recorded with its owner, not in any server.
    outcome = await services.recall.rate_flashcard(dm, SHARED, "f1", FlashRating.GOOD, now=NOW + timedelta(hours=1),
                                            rng=rng, source="review", deck_guild=A)
    assert outcome.streak is None
    assert stored.one(backend_url, "SELECT guild_id, deck_guild FROM attempts WHERE id = ?",
                      (outcome.attempt_id,)) == (None, A)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # Bob never studied in A
        await services.recall.rate_flashcard(Learner(BOB, None), SHARED, "f1", FlashRating.GOOD, now=NOW, rng=rng,
                                      deck_guild=A)
    assert attempts(backend_url, BOB) == 0


async def test_a_button_naming_another_server_is_refused_in_a_server(services: Services) -> None:
    await upload(services, A)
    await upload(services, B)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):
        await services.recall.find_card(Learner(BOB, B), SHARED, "f1", deck_guild=A)
    assert (await services.recall.find_card(Learner(BOB, B), SHARED, "f1", deck_guild=B)).deck == DeckRef(B, SHARED)
    with pytest.raises(UnknownCard, match=UNAVAILABLE):  # owner 0 names a built-in deck: B's upload is not one
        await services.recall.find_card(Learner(BOB, B), SHARED, "f1", deck_guild=0)


async def test_histories_of_same_named_decks_stay_apart(services: Services, rng: random.Random) -> None:
    await upload(services, A)
    await upload(services, B)
    for guild in (A, B):  # Alice studies both servers' `shared`
        await services.recall.rate_flashcard(Learner(ALICE, guild), SHARED, "f1", FlashRating.AGAIN, now=NOW, rng=rng)
    later = NOW + timedelta(hours=2)
    due_a = await services.recall.due_cards(Learner(ALICE, A), now=later)
    assert [(d.deck_guild, d.card.back) for d in due_a] == [(A, f"back {tag(A)}")]  # type: ignore[union-attr]
    due_dm = await services.recall.due_cards(Learner(ALICE, None), now=later)
    assert sorted((d.deck_guild, d.deck_title) for d in due_dm) == [(A, f"Deck of {tag(A)}"), (B, f"Deck of {tag(B)}")]
    await services.admin.remove_deck(B, SHARED)  # B's removed deck: its state shows nowhere, A's is untouched
    assert [d.deck_guild for d in await services.recall.due_cards(Learner(ALICE, None), now=later)] == [A]
    assert await services.recall.due_cards(Learner(ALICE, B), now=later) == []
    await services.recall.rate_flashcard(Learner(ALICE, A), "tiny", "f1", FlashRating.AGAIN, now=NOW, rng=rng)
    await services.admin.set_deck_disabled(A, "tiny", True)
    assert "tiny" not in {d.deck_id for d in await services.recall.due_cards(Learner(ALICE, A), now=later)}  # hidden in A
    assert "tiny" in {d.deck_id for d in await services.recall.due_cards(ALICE, now=later)}  # a DM shows built-ins


async def test_drills_draw_only_from_what_the_place_sees(services: Services, rng: random.Random) -> None:
    await upload(services, A)
    with pytest.raises(UnknownCard):
        await services.recall.next_card(Learner(BOB, B), now=NOW, rng=rng, deck_id=SHARED)
    with pytest.raises(UnknownCard):
        await services.recall.next_card(Learner(BOB, None), now=NOW, rng=rng, deck_id=SHARED)
    await upload(services, B)
    for _ in range(3):  # B's round of its own `shared` ignores what A's members were served
        drawn = await services.recall.next_card(Learner(ALICE, B), now=NOW, rng=rng, deck_id=SHARED)
        assert drawn.deck_guild == B and tag(B) in drawn.deck_title
    drawn = await services.recall.next_card(Learner(ALICE, A), now=NOW, rng=rng, deck_id=SHARED)
    assert (drawn.deck_guild, drawn.remaining, drawn.new_round) == (A, 2, False)
    anywhere = {(await services.recall.next_card(Learner(BOB, B), now=NOW, rng=rng)).deck_guild for _ in range(40)}
    assert A not in anywhere


async def test_stats_in_a_server_show_only_that_server(services: Services, rng: random.Random) -> None:
    """Point 3: tallies, weakest concepts and study days of /stats member: in B are what was done in B."""
    await upload(services, A)
    await services.recall.answer_open(Learner(ALICE, A), SHARED, "o1", "nothing", now=NOW, rng=rng)
    await services.recall.answer_open(Learner(ALICE, A), "tiny", "o1", "nothing", now=NOW, rng=rng, question_key="k")
    await services.recall.answer_choice(Learner(ALICE, B), "tiny", "c1", 0, now=NOW + timedelta(days=2), rng=rng)
    in_b = await services.recall.stats(Learner(ALICE, B), now=NOW + timedelta(days=2))
    assert (in_b.total.attempts, set(in_b.by_deck)) == (1, {DeckRef(0, "tiny")})
    assert in_b.weakest_concepts == () and len(in_b.study_days) == 1
    assert all(tag(A) not in title for title in in_b.deck_titles.values())
    in_a = await services.recall.stats(Learner(ALICE, A), now=NOW + timedelta(days=2))
    assert in_a.total.attempts == 2 and {c.concept for c in in_a.weakest_concepts} >= {f"concept apple {tag(A)}"}
    assert await services.recall.stats(Learner(ALICE, 3003), now=NOW) == await services.recall.stats(Learner(BOB, 3003), now=NOW)


async def test_stats_in_a_dm_are_the_member_s_own_by_title(services: Services, rng: random.Random) -> None:
    await upload(services, A)
    await upload(services, B)
    await services.recall.answer_open(Learner(ALICE, A), SHARED, "o1", "an apple", now=NOW, rng=rng)
    await services.recall.answer_open(Learner(ALICE, B), SHARED, "o1", "a banana", now=NOW, rng=rng)
    await services.recall.answer_choice(Learner(BOB, B), SHARED, "c1", 1, now=NOW, rng=rng)
    mine = await services.recall.stats(Learner(ALICE, None), now=NOW)
    assert mine.total.attempts == 2 and set(mine.by_deck) == {DeckRef(A, SHARED), DeckRef(B, SHARED)}
    assert sorted(mine.deck_titles.values()) == [f"Deck of {tag(A)}", f"Deck of {tag(B)}"]
    await services.admin.remove_deck(B, SHARED)
    mine = await services.recall.stats(Learner(ALICE, None), now=NOW)
    assert mine.deck_titles[DeckRef(B, SHARED)] == "Removed deck"  # never the removed deck's id
    in_b = await services.recall.stats(Learner(ALICE, B), now=NOW)
    assert in_b.deck_titles[DeckRef(B, SHARED)] == SHARED  # in its own server an id is fine


async def test_one_appeal_per_answer_ever(services: Services, rng: random.Random) -> None:
    """Point 7: wrong -> appeal (10) -> rejected (1) -> a replayed appeal click changes nothing."""
    await upload(services, A)
    alice = Learner(ALICE, A)
    wrong = await services.recall.answer_open(alice, SHARED, "o1", "no idea", now=NOW, rng=rng)
    assert (await services.recall.appeal(alice, wrong.attempt_id, now=NOW)).points == 10
    (item,) = await services.admin.appeals(A, SHARED)
    assert item.prompt == f"prompt {tag(A)}"  # the card of A's deck
    await services.admin.review_appeal(A, wrong.attempt_id, accept=False, reviewer=ADMIN, now=NOW)
    assert (await services.recall.streak(alice, now=NOW)).points == 1  # type: ignore[union-attr]
    with pytest.raises(NotAppealable, match=re.escape("You already appealed this answer.")):
        await services.recall.appeal(alice, wrong.attempt_id, now=NOW)
    assert (await services.recall.streak(alice, now=NOW)).points == 1  # type: ignore[union-attr]
    assert await services.admin.appeals(A, SHARED) == []
    other = await services.recall.answer_open(alice, SHARED, "o1", "still no idea", now=NOW, rng=rng, question_key="q2")
    with pytest.raises(NotAppealable):  # appealed from another place than where it was answered
        await services.recall.appeal(Learner(ALICE, None), other.attempt_id, now=NOW)
    with pytest.raises(NotAppealable):
        await services.recall.appeal(Learner(ALICE, B), other.attempt_id, now=NOW)
    await services.recall.appeal(alice, other.attempt_id, now=NOW)
    await services.admin.review_appeal(A, other.attempt_id, accept=True, reviewer=ADMIN, now=NOW)
    with pytest.raises(NotAppealable, match=re.escape("You already appealed this answer.")):
        await services.recall.appeal(alice, other.attempt_id, now=NOW)


async def test_appeals_are_listed_and_reviewed_only_in_their_server(services: Services, rng: random.Random) -> None:
    await upload(services, A)
    await upload(services, B)
    wrong = await services.recall.answer_open(Learner(ALICE, A), SHARED, "o1", "no idea", now=NOW, rng=rng)
    await services.recall.appeal(Learner(ALICE, A), wrong.attempt_id, now=NOW)
    assert await services.admin.appeals(B, SHARED) == []
    with pytest.raises(InvalidSetting):
        await services.admin.review_appeal(B, wrong.attempt_id, accept=True, reviewer=ADMIN, now=NOW)
    assert [i.attempt_id for i in await services.admin.appeals(A, SHARED)] == [wrong.attempt_id]


async def test_schedules_and_polls_use_their_own_server_s_deck(services: Services, rng: random.Random) -> None:
    await upload(services, B)
    view = await services.scheduling.add(B, ADMIN, channel_id=5, time="13:00", timezone="UTC", deck_id=SHARED,
                                         kind="poll", now=NOW)
    (post,) = await services.scheduling.claim_due(now=NOW + timedelta(hours=1, minutes=5), rng=rng)
    publisher = RecordingPublisher()
    message_id = await services.scheduling.deliver(post, publisher, now=NOW + timedelta(hours=1, minutes=5))
    assert message_id is not None and tag(B) in post.card.question  # type: ignore[union-attr]
    await services.admin.remove_deck(B, SHARED)
    await upload(services, A)  # A's `shared` must not answer B's poll
    with pytest.raises(InvalidSetting):
        await services.scheduling.add(B, ADMIN, channel_id=5, time="13:00", timezone="UTC", deck_id=SHARED, now=NOW)
    assert await services.polls.on_vote(message_id, BOB, 1, added=True, now=NOW + timedelta(hours=2))
    publisher.voters[message_id] = {1: {BOB}}
    (result,) = await services.polls.close_due(publisher, now=NOW + timedelta(days=2), rng=rng)
    assert (result.credited, result.revealed, publisher.replies) == (0, False, [])
    assert view.id > 0 and await services.recall.stats(Learner(BOB, B), now=NOW) is not None
    assert (await services.recall.stats(Learner(BOB, B), now=NOW)).total.attempts == 0
    with pytest.raises(InvalidSetting):
        await services.admin.remove_deck(B, SHARED)  # B has no `shared` now; A's is not B's to remove
    assert services.catalogue.card(A, SHARED, "c1") is not None
