"""Per-deck retention and the exam countdown on each backend (SQLite, PostgreSQL): what a review is scheduled at (checked
exactly against fsrs), which cards an exam brings forward, `/stats`' forecasts computed exactly here from the
stored review states, and server scoping (another server's settings never reach a review here)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest

from bot.core.errors import InvalidSetting, RecallError
from bot.core.exam import ExamPlan, capped_due
from bot.core.instants import from_ms
from bot.core.srs import FlashRating, SrsState, review
from bot.core.study_day import day_start
from bot.services.api import DeckRef, Learner
from bot.services.bundle import Services
from tests.services import stored as stored_rows
from tests.services.conftest import NOW

GUILD, OTHER, ADMIN, ALICE, BOB, CAROL = 10, 11, 20, 101, 102, 103
TINY = DeckRef(0, "tiny")  # built in (tests/services/conftest.py): f1, f2 flashcards, c1 choice, o1 open
CLUB = """id: club
title: Club
cards:
  - id: k1
    kind: flashcard
    level: beginner
    front: One?
    back: one
  - id: k2
    kind: flashcard
    level: beginner
    front: Two?
    back: two
"""


def stored(url: str, user_id: int, card_id: str, deck_guild: int = 0) -> SrsState:
    row = stored_rows.one(url, "SELECT state, step, stability, difficulty, due, last_review FROM srs_cards"
                          " WHERE user_id = ? AND deck_guild = ? AND card_id = ?", (user_id, deck_guild, card_id))
    assert row is not None
    return SrsState(row[0], row[1], row[2], row[3], from_ms(row[4]), from_ms(row[5]) if row[5] else None)


def settings_rows(url: str) -> list[tuple[object, ...]]:
    return stored_rows.rows(url, "SELECT guild_id, deck_guild, deck_id, retention, exam_day, exam_target"
                                 " FROM deck_study ORDER BY guild_id")


SEED = random.Random(1).getrandbits(32)  # the interval fuzz seed `rate` leads the service to draw


def first_easy(retention: float, at: datetime, card_id: str = "f1") -> datetime:
    """The due date of a first review rated Easy at this retention, as FSRS schedules it (then our fuzz)."""
    scheduler = fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)
    unfuzzed = scheduler.review_card(fsrs.Card(card_id=1, due=at), fsrs.Rating.Easy, review_datetime=at)[0].due
    assert review(None, FlashRating.EASY, deck_id="x", card_id="y", now=at, rng=None,
                  desired_retention=retention).due == unfuzzed
    return review(None, FlashRating.EASY, deck_id="tiny", card_id=card_id, now=at, rng=SEED,
                  desired_retention=retention).due


def fsrs_recall(state: SrsState, at: datetime) -> float:
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=state.stability, due=state.due,
                     last_review=state.last_review)
    return float(fsrs.Scheduler().get_card_retrievability(card, at))


async def rate(services: Services, user_id: int, guild_id: int | None, card_id: str, rating: FlashRating,
               at: datetime, deck_id: str = "tiny", deck_guild: int | None = None) -> None:
    await services.recall.rate_flashcard(Learner(user_id, guild_id), deck_id, card_id, rating, now=at,
                                         rng=random.Random(1), deck_guild=deck_guild)


async def test_a_deck_retention_sets_the_intervals_of_its_reviews_in_that_server_only(
        services: Services, backend_url: str) -> None:
    change = await services.deck_study.set_retention(GUILD, "tiny", "0.95", now=NOW)
    assert (change.title, change.retention, change.was, change.is_default) == ("Tiny", 0.95, 0.90, False)
    await services.deck_study.set_retention(OTHER, "tiny", "80%", now=NOW)  # another server's choice
    await rate(services, ALICE, GUILD, "f1", FlashRating.EASY, NOW)
    await rate(services, BOB, None, "f1", FlashRating.EASY, NOW)  # a DM: a built-in deck takes the default
    await rate(services, CAROL, 12, "f1", FlashRating.EASY, NOW)  # a server that set nothing
    assert stored(backend_url, ALICE, "f1").due == first_easy(0.95, NOW)
    assert stored(backend_url, BOB, "f1").due == stored(backend_url, CAROL, "f1").due == first_easy(0.90, NOW)
    assert stored(backend_url, ALICE, "f1").due < stored(backend_url, BOB, "f1").due  # higher retention, sooner
    reset = await services.deck_study.set_retention(GUILD, "tiny", "default", now=NOW)
    assert (reset.retention, reset.was, reset.is_default) == (0.90, 0.95, True)
    assert settings_rows(backend_url) == [(OTHER, 0, "tiny", 0.8, None, None)]  # a row with nothing set is gone


async def test_a_servers_upload_studied_in_a_dm_uses_its_owners_retention(services: Services, backend_url: str) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", CLUB.encode(), now=NOW)
    await services.deck_study.set_retention(GUILD, "club", "0.97", now=NOW)
    await rate(services, ALICE, GUILD, "k1", FlashRating.GOOD, NOW - timedelta(hours=1), "club")  # studies there
    await rate(services, ALICE, None, "k2", FlashRating.EASY, NOW, "club", deck_guild=GUILD)
    assert stored(backend_url, ALICE, "k2", GUILD).due == first_easy(0.97, NOW, "k2")


async def test_removing_an_upload_deletes_its_settings_here(services: Services, backend_url: str) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", CLUB.encode(), now=NOW)
    await services.deck_study.set_retention(GUILD, "club", "0.97", now=NOW)
    await services.deck_study.set_retention(GUILD, "tiny", "0.85", now=NOW)
    await services.admin.remove_deck(GUILD, "club")
    assert [row[2] for row in settings_rows(backend_url)] == ["tiny"]  # a re-upload of `club` starts at the defaults


async def test_bad_settings_are_refused_and_nothing_is_written(services: Services, backend_url: str) -> None:
    await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", CLUB.encode(), now=NOW)
    for value in ("0.79", "0.98", "1.5", "abc", "", "nan", "9" * 400):
        with pytest.raises(InvalidSetting):
            await services.deck_study.set_retention(GUILD, "tiny", value, now=NOW)
    for deck_id in ("club-x", "../tiny", "x" * 500):
        with pytest.raises(RecallError, match="no deck"):
            await services.deck_study.set_retention(GUILD, deck_id, "0.9", now=NOW)
    with pytest.raises(RecallError, match="no deck by that name: "):  # forged text isn't echoed
        await services.deck_study.set_exam(GUILD, "x` @everyone", "2026-04-01", None, now=NOW)
    with pytest.raises(RecallError, match="no deck"):  # GUILD's upload, named from another server
        await services.deck_study.set_exam(OTHER, "club", "2026-04-01", None, now=NOW)
    await services.admin.set_deck_disabled(OTHER, "tiny", True)
    with pytest.raises(RecallError, match="no deck"):  # a built-in deck that server hid
        await services.deck_study.set_retention(OTHER, "tiny", "0.9", now=NOW)
    for when, target in (("2026-03-02", None), ("2026-03-01", None), ("2026-13-01", None), ("next week", None),
                         ("2026-04-01", 0.84), ("2026-04-01", 0.98), ("2046-04-01", None), ("clear", 0.9)):
        with pytest.raises(InvalidSetting):
            await services.deck_study.set_exam(GUILD, "tiny", when, target, now=NOW)
    assert settings_rows(backend_url) == []


async def test_an_exam_caps_this_servers_reviews_and_brings_forward_cards_at_risk(
        services: Services, backend_url: str) -> None:
    await rate(services, BOB, GUILD, "f1", FlashRating.EASY, NOW - timedelta(days=2))  # before the exam is set
    before = stored(backend_url, BOB, "f1")
    change = await services.deck_study.set_exam(GUILD, "tiny", "2026-03-06", 0.97, now=NOW)
    exam_at = day_start(date(2026, 3, 6), "UTC", 4)
    assert (change.exam_day, change.exam_at, change.target, change.replaced) == (date(2026, 3, 6), exam_at, 0.97, False)
    assert before.due > exam_at and fsrs_recall(before, exam_at) < 0.97  # scheduled before: at risk now
    due_here = await services.recall.due_cards(Learner(BOB, GUILD), now=NOW)
    assert [(card.card_id, card.due) for card in due_here] == [("f1", NOW)]
    assert await services.recall.due_cards(Learner(BOB, OTHER), now=NOW) == []  # no exam there
    assert await services.recall.due_cards(Learner(BOB, None), now=NOW) == []  # a DM: built-in decks, no exam

    await rate(services, ALICE, GUILD, "f2", FlashRating.EASY, NOW)
    await rate(services, CAROL, OTHER, "f2", FlashRating.EASY, NOW)  # the same answer in another server
    capped_state = stored(backend_url, ALICE, "f2")
    free = first_easy(0.90, NOW, "f2")
    assert stored(backend_url, CAROL, "f2").due == free  # OTHER's reviews are not capped by GUILD's exam
    await rate(services, ALICE, OTHER, "f1", FlashRating.EASY, NOW)  # the same member, in the other server
    assert stored(backend_url, ALICE, "f1").due == first_easy(0.90, NOW)  # uncapped there, at OTHER's retention
    assert capped_state.due < exam_at < free
    assert capped_state.due == capped_due(SrsState(2, None, capped_state.stability, capped_state.difficulty, free, NOW),
                                          ExamPlan(exam_at, 0.97), NOW)
    assert fsrs_recall(capped_state, capped_state.due) >= 0.97  # due on the last day recall is >= the target

    await rate(services, BOB, GUILD, "f1", FlashRating.GOOD, NOW)  # reviewing the card at risk takes it off
    assert await services.recall.due_cards(Learner(BOB, GUILD), now=NOW) == []
    after = stored(backend_url, BOB, "f1")
    assert after.due <= exam_at or fsrs_recall(after, exam_at) >= 0.97

    cleared = await services.deck_study.set_exam(GUILD, "tiny", "clear", None, now=NOW)
    assert cleared.replaced and cleared.exam_day is None and settings_rows(backend_url) == []


async def test_after_the_exam_day_begins_scheduling_is_normal(services: Services, backend_url: str) -> None:
    await services.deck_study.set_exam(GUILD, "tiny", "2026-03-03", 0.97, now=NOW)
    exam_at = day_start(date(2026, 3, 3), "UTC", 4)
    await rate(services, ALICE, GUILD, "f1", FlashRating.EASY, exam_at)  # reviewed as exam day begins
    assert stored(backend_url, ALICE, "f1").due == first_easy(0.90, exam_at)
    await rate(services, BOB, OTHER, "f1", FlashRating.EASY, NOW)
    assert await services.recall.due_cards(Learner(BOB, GUILD), now=exam_at + timedelta(hours=1)) == []


async def test_stats_forecasts_are_exact(services: Services, backend_url: str) -> None:
    await services.deck_study.set_retention(GUILD, "tiny", "0.85", now=NOW)
    await rate(services, ALICE, GUILD, "f1", FlashRating.EASY, NOW - timedelta(days=3))
    await rate(services, ALICE, GUILD, "f2", FlashRating.HARD, NOW - timedelta(days=1))
    await services.recall.answer_choice(Learner(ALICE, GUILD), "tiny", "c1", 0, now=NOW, rng=random.Random(2))
    await services.deck_study.set_exam(GUILD, "tiny", "2026-03-20", None, now=NOW)
    exam_at = day_start(date(2026, 3, 20), "UTC", 4)

    [outlook] = await services.deck_study.member_outlook(Learner(ALICE, GUILD), now=NOW)
    states = [stored(backend_url, ALICE, card) for card in ("f1", "f2", "c1")]
    scheduler = fsrs.Scheduler(desired_retention=0.85)
    expected_load = sum(1 / scheduler._next_interval(stability=state.stability) for state in states)
    expected_share = sum(fsrs_recall(state, exam_at) for state in states) / 4  # o1 never seen: counts 0
    assert (outlook.title, outlook.retention, outlook.reviewed_cards) == ("Tiny", 0.85, 3)
    assert outlook.daily_load == pytest.approx(expected_load, rel=1e-12)
    assert outlook.exam is not None
    assert (outlook.exam.exam_day, outlook.exam.target) == (date(2026, 3, 20), 0.90)
    assert outlook.exam.predicted_share == pytest.approx(expected_share, rel=1e-12)
    assert 0 < expected_share < 0.75

    [bob_view] = await services.deck_study.member_outlook(Learner(BOB, GUILD), now=NOW)  # nothing reviewed yet
    assert bob_view.exam is not None and (bob_view.reviewed_cards, bob_view.exam.predicted_share) == (0, 0.0)
    [elsewhere] = await services.deck_study.member_outlook(Learner(ALICE, OTHER), now=NOW)
    assert (elsewhere.retention, elsewhere.exam) == (0.90, None)  # GUILD's settings are GUILD's
    assert await services.deck_study.member_outlook(Learner(ALICE, GUILD), now=exam_at) != []
    [after] = await services.deck_study.member_outlook(Learner(ALICE, GUILD), now=exam_at)
    assert after.exam is None  # exam day has begun: no countdown


async def test_the_groups_predicted_share_is_the_mean_over_members_who_study_the_deck_here(
        services: Services, backend_url: str) -> None:
    await rate(services, ALICE, GUILD, "f1", FlashRating.EASY, NOW - timedelta(days=3))
    await rate(services, BOB, GUILD, "f1", FlashRating.GOOD, NOW - timedelta(days=2))
    await rate(services, BOB, GUILD, "f2", FlashRating.EASY, NOW - timedelta(days=2))
    await rate(services, CAROL, OTHER, "f2", FlashRating.EASY, NOW)  # studies elsewhere: not in GUILD's group
    assert await services.deck_study.group_exam_share(GUILD, TINY, now=NOW) is None  # no exam yet
    await services.deck_study.set_exam(GUILD, "tiny", "2026-03-16", 0.92, now=NOW)
    exam_at = day_start(date(2026, 3, 16), "UTC", 4)
    group = await services.deck_study.group_exam_share(GUILD, TINY, now=NOW)
    alice = fsrs_recall(stored(backend_url, ALICE, "f1"), exam_at) / 4
    bob = (fsrs_recall(stored(backend_url, BOB, "f1"), exam_at) + fsrs_recall(stored(backend_url, BOB, "f2"), exam_at)) / 4
    assert group is not None and (group.exam_day, group.target, group.members) == (date(2026, 3, 16), 0.92, 2)
    assert group.predicted_share == pytest.approx((alice + bob) / 2, rel=1e-12)
    assert await services.deck_study.group_exam_share(OTHER, TINY, now=NOW) is None
    assert await services.deck_study.group_exam_share(GUILD, TINY, now=datetime(2026, 3, 16, 4, tzinfo=UTC)) is None


async def test_the_reminder_counts_the_cards_an_exam_puts_at_risk(services: Services) -> None:
    await rate(services, BOB, GUILD, "f1", FlashRating.EASY, NOW - timedelta(days=2))  # due in about a week
    await services.admin.set_reminder(BOB, GUILD, True)
    assert await services.admin.reminders_due(now=NOW) == []  # nothing due, no streak at risk yet
    await services.deck_study.set_exam(GUILD, "tiny", "2026-03-06", 0.97, now=NOW)
    later = NOW + timedelta(days=1)  # the next study day's pass looks at Bob again
    [(user_id, text)] = await services.admin.reminders_due(now=later)
    assert user_id == BOB and "1 card due" in text
