"""Drills (filters, no repeat until exhausted), leaderboards (periods, opt-out, accuracy), stats, settings."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.services.api import DeckRef, FlashRating, Learner
from bot.services.bundle import Services
from bot.services.errors import InvalidAnswer, InvalidSetting, InvalidTimezone, UnknownCard
from tests.services.conftest import NOW

GUILD = 700


async def test_no_repeat_until_the_deck_is_exhausted(services: Services, rng: random.Random) -> None:
    me = Learner(1, GUILD)
    cards = await _deck_cards(services, "tiny")
    total = len(cards)
    seen = [(await services.recall.next_card(me, now=NOW, rng=rng, deck_id="tiny")) for _ in range(total)]
    assert sorted(d.card.id for d in seen) == sorted(cards)
    assert [d.remaining for d in seen] == list(range(total - 1, -1, -1))
    assert not any(d.new_round for d in seen)
    nxt = await services.recall.next_card(me, now=NOW, rng=rng, deck_id="tiny")
    assert nxt.new_round and nxt.card.id != seen[-1].card.id


async def _deck_cards(services: Services, deck_id: str) -> list[str]:
    deck = services.catalogue.deck_for(None, deck_id)
    assert deck is not None
    return [c.id for c in deck.cards]


async def test_filters(services: Services, rng: random.Random) -> None:
    me = Learner(2, GUILD)
    for _ in range(6):
        card = (await services.recall.next_card(me, now=NOW, rng=rng, kind="flashcard", level="beginner")).card
        assert (card.kind, card.level) == ("flashcard", "beginner")
    with pytest.raises(InvalidAnswer, match="No advanced open cards"):
        await services.recall.next_card(me, now=NOW, rng=rng, deck_id="tiny", level="advanced", kind="open")
    with pytest.raises(UnknownCard):
        await services.recall.next_card(me, now=NOW, rng=rng, deck_id="nope")


async def test_decks_list_counts(services: Services) -> None:
    tiny = next(s for s in services.catalogue.decks() if s.id == "tiny")
    assert tiny.total == 4 and tiny.by_kind == {"flashcard": 2, "choice": 1, "open": 1}
    assert tiny.by_level == {"beginner": 2, "advanced": 1, "intermediate": 1}


async def _answer(services: Services, user: int, right: bool, when: datetime, guild: int = GUILD) -> None:
    await services.recall.answer_choice(Learner(user, guild), "tiny", "c1", 0 if right else 1, now=when,
                                 rng=random.Random(user))


async def test_leaderboard_periods_and_opt_out(services: Services) -> None:
    last_week = NOW - timedelta(days=7)
    await _answer(services, 1, True, last_week)
    await _answer(services, 1, True, last_week)
    await _answer(services, 2, True, NOW)
    await _answer(services, 3, False, NOW)
    week = await services.recall.leaderboard(GUILD, now=NOW, period="week")
    assert [(r.user_id, r.value) for r in week.rows] == [(2, 10), (3, 1)]
    assert week.starts == datetime(2026, 3, 2, 4, tzinfo=UTC)  # Monday 04:00 UTC
    everything = await services.recall.leaderboard(GUILD, now=NOW, period="all")
    assert [r.user_id for r in everything.rows] == [1, 2, 3]
    await services.recall.set_leaderboard_opt_out(1, True)
    assert await services.recall.leaderboard_opt_out(1)
    assert [r.user_id for r in (await services.recall.leaderboard(GUILD, now=NOW, period="all")).rows] == [2, 3]
    assert (await services.recall.leaderboard(GUILD + 1, now=NOW)).rows == ()


async def test_equal_scores_share_a_rank(services: Services) -> None:
    for user, right in ((11, True), (12, True), (13, False), (14, False), (15, True), (15, True)):
        await _answer(services, user, right, NOW)
    board = await services.recall.leaderboard(GUILD, now=NOW, period="week")
    assert [(r.rank, r.user_id, r.value) for r in board.rows] == [
        (1, 15, 20), (2, 11, 10), (2, 12, 10), (4, 13, 1), (4, 14, 1)
    ]
    accuracy = await services.recall.leaderboard(GUILD, now=NOW, metric="accuracy", min_attempts=1)
    assert [(r.rank, r.user_id) for r in accuracy.rows] == [(1, 15), (1, 11), (1, 12), (4, 13), (4, 14)]


async def test_week_boundary_follows_the_server_timezone(services: Services) -> None:
    await services.recall.set_guild_settings(GUILD, timezone="America/New_York")
    # Monday 2026-03-02 05:00 UTC is Monday 00:00 in New York: still the previous (Sunday) study day
    await _answer(services, 4, True, datetime(2026, 3, 2, 5, tzinfo=UTC))
    board = await services.recall.leaderboard(GUILD, now=datetime(2026, 3, 2, 10, tzinfo=UTC), period="week")
    assert board.rows == ()
    before = await services.recall.leaderboard(GUILD, now=datetime(2026, 3, 2, 8, 30, tzinfo=UTC), period="week")
    assert [r.user_id for r in before.rows] == [4]


async def test_accuracy_needs_minimum_attempts(services: Services) -> None:
    for _ in range(3):
        await _answer(services, 5, True, NOW)
    for right in (True, True, True, False):
        await _answer(services, 6, right, NOW)
    board = await services.recall.leaderboard(GUILD, now=NOW, metric="accuracy", period="all", min_attempts=4)
    assert [(r.user_id, r.value) for r in board.rows] == [(6, 0.75)]
    loose = await services.recall.leaderboard(GUILD, now=NOW, metric="accuracy", period="all", min_attempts=1)
    assert [r.user_id for r in loose.rows] == [5, 6]
    with pytest.raises(InvalidSetting):
        await services.recall.leaderboard(GUILD, now=NOW, metric="speed")  # type: ignore[arg-type]


async def test_streak_leaderboard_leaves_out_broken_streaks(services: Services) -> None:
    for day in range(3):
        await _answer(services, 7, True, NOW + timedelta(days=day))
    await _answer(services, 8, True, NOW)
    board = await services.recall.leaderboard(GUILD, now=NOW + timedelta(days=2), metric="streak")
    assert [(r.user_id, r.value) for r in board.rows] == [(7, 3)]  # 8 missed a day with no freeze


async def test_stats(services: Services, rng: random.Random) -> None:
    me = Learner(9, GUILD)
    await services.recall.answer_open(me, "tiny", "o1", "alpha", now=NOW, rng=rng)
    await services.recall.answer_open(me, "tiny", "o1", "nothing", now=NOW + timedelta(days=1), rng=rng)
    await services.recall.rate_flashcard(me, "tiny", "f2", FlashRating.GOOD, now=NOW + timedelta(days=3), rng=rng)
    stats = await services.recall.stats(me, now=NOW + timedelta(days=3))
    assert (stats.total.attempts, stats.total.correct) == (3, 2)
    assert stats.by_level["intermediate"].accuracy == 0.5
    assert stats.by_deck_level[(DeckRef(0, "tiny"), "advanced")].attempts == 1
    assert stats.deck_titles == {DeckRef(0, "tiny"): "Tiny"}
    assert [(c.concept, c.missed) for c in stats.weakest_concepts] == [("beta", 2), ("alpha", 1)]
    assert stats.study_days == (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5))


async def test_settings(services: Services) -> None:
    assert (await services.recall.guild_settings(GUILD)).timezone == "UTC"
    assert (await services.recall.guild_settings(GUILD)).day_start_hour == 4
    assert await services.recall.set_member_timezone(1, " Asia/Tokyo ") == "Asia/Tokyo"
    assert await services.recall.member_timezone(1) == "Asia/Tokyo"
    with pytest.raises(InvalidTimezone, match="Europe/Paris"):
        await services.recall.set_member_timezone(1, "Mars/Base")
    assert await services.recall.member_timezone(1) == "Asia/Tokyo"
    await services.recall.set_member_timezone(1, None)
    assert await services.recall.member_timezone(1) is None
    with pytest.raises(InvalidSetting):
        await services.recall.set_guild_settings(GUILD, timezone="Europe/Paris", day_start_hour=25)
    assert (await services.recall.guild_settings(GUILD)).timezone == "UTC"  # nothing half-applied
    updated = await services.recall.set_guild_settings(GUILD, timezone="Europe/Paris", day_start_hour=0)
    assert (updated.timezone, updated.day_start_hour) == ("Europe/Paris", 0)


async def test_late_night_counts_for_the_evening_before(services: Services) -> None:
    await services.recall.set_member_timezone(10, "Europe/Paris")
    me = Learner(10, GUILD)
    await _answer(services, 10, True, datetime(2026, 3, 2, 20, tzinfo=UTC))  # 21:00 Paris, Monday
    await _answer(services, 10, True, datetime(2026, 3, 3, 1, tzinfo=UTC))  # 02:00 Paris: still Monday
    view = await services.recall.streak(me, now=datetime(2026, 3, 3, 1, tzinfo=UTC))
    assert view is not None and view.current == 1 and view.today == date(2026, 3, 2)


async def test_travelling_never_skips_nor_replays_a_day(services: Services) -> None:
    me = Learner(20, GUILD)
    await services.recall.set_member_timezone(20, "America/Los_Angeles")
    await _answer(services, 20, True, datetime(2026, 3, 3, 6, tzinfo=UTC))  # 22:00 Mon in LA: Monday
    await services.recall.set_member_timezone(20, "Asia/Tokyo")  # lands 14 hours later: Wednesday 05:00 in Tokyo
    await _answer(services, 20, True, datetime(2026, 3, 3, 20, tzinfo=UTC))
    view = await services.recall.streak(me, now=datetime(2026, 3, 3, 20, tzinfo=UTC))
    assert view is not None and (view.current, view.freeze_days) == (2, ())  # not broken, no freeze spent
    await services.recall.set_member_timezone(20, "America/Los_Angeles")  # and back west: Tuesday again in LA
    await _answer(services, 20, True, datetime(2026, 3, 4, 2, tzinfo=UTC))
    view = await services.recall.streak(me, now=datetime(2026, 3, 4, 2, tzinfo=UTC))
    assert view is not None and view.current == 2  # the same study day, not a third one
