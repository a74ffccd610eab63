"""The benchmark's seeded database: the fake's own ids, and summary tables that agree with the attempt log
(checked against the rules in bot.core and a service reading and writing on top of it)."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.discord.seed_db import build_fake, seed, seeded_members
from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.core import points
from bot.core.deck import ChoiceCard, OpenCard
from bot.core.instants import from_ms
from bot.core.srs import FlashRating
from bot.core.study_day import month_start, study_day, week_start
from bot.services.api import Learner
from bot.storage.streak_store import load_streak, recompute_from_attempts

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)


def _seeded(tmp_path: Path, guilds: int = 3, members: int = 6) -> tuple[Path, list[tuple[int, int]]]:
    seeds = seeded_members(build_fake(guilds, members), guilds * members)
    path = tmp_path / "seeded.db"
    seed(path, seeds, now=NOW, low=20, high=60)
    return path, seeds


def test_the_fake_gets_the_same_ids_every_time_and_live_ids_after() -> None:
    first, second = build_fake(2, 3), build_fake(2, 3)
    ids = [(g.id, sorted(g.members)) for g in first.store.guilds.values()]
    assert ids == [(g.id, sorted(g.members)) for g in second.store.guilds.values()]
    assert len(seeded_members(first, 6)) == 6 and {guild for _, guild in seeded_members(first, 3)} == {int(ids[0][0])}
    newest = max(int(member) for _, members in ids for member in members)
    live = first.store.ids.next_int()
    assert live > newest and abs(((live >> 22) + 1420070400000) / 1000 - datetime.now(UTC).timestamp()) < 60


def test_every_summary_agrees_with_the_attempt_log(tmp_path: Path) -> None:
    path, seeds = _seeded(tmp_path)
    decks = load_decks([ROOT / "content"]).decks
    conn = sqlite3.connect(path)
    attempts = conn.execute(
        "SELECT user_id, guild_id, deck_id, card_id, kind, choice, rating, correct, concepts_hit, concepts_total,"
        " points, study_day, guild_day, answered_at FROM attempts").fetchall()
    per_member: dict[int, int] = defaultdict(int)
    periods: dict[tuple[int, str, int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    cards: dict[tuple[int, str, str], int] = {}
    for user, guild, deck_id, card_id, kind, choice, rating, correct, hits, total, pts, day, gday, at in attempts:
        per_member[user] += 1
        card = decks[deck_id].card(card_id)
        assert card is not None and card.kind == kind
        if isinstance(card, ChoiceCard):
            right = card.options[choice].correct
            assert (correct, pts) == (right, points.choice_points(right))
        elif isinstance(card, OpenCard):
            assert total == len(card.concepts)
            assert (correct, pts) == (points.open_correct(hits, total), points.open_points(hits, total))
        else:
            assert (correct, pts) == (rating != 1, points.flashcard_points(FlashRating(rating)))
        assert at < NOW.timestamp() * 1000 and day == gday == study_day(from_ms(at), "UTC", 4).toordinal()
        for period, starts in (("week", week_start(date.fromordinal(day)).toordinal()),
                               ("month", month_start(date.fromordinal(day)).toordinal()), ("all", 0)):
            row = periods[(guild, period, starts, user)]
            row[0] += pts
            row[1] += 1
            row[2] += correct
        cards[(user, deck_id, card_id)] = max(cards.get((user, deck_id, card_id), 0), at)
    assert sorted(per_member) == sorted(user for user, _ in seeds)
    assert all(20 <= count <= 60 for count in per_member.values())
    stored = {row[:4]: list(row[4:]) for row in conn.execute(
        "SELECT guild_id, period, starts, user_id, points, attempts, correct FROM period_scores")}
    assert stored == dict(periods)
    assert dict(conn.execute("SELECT user_id || ':' || deck_id || ':' || card_id, last_review FROM srs_cards")) == {
        f"{u}:{d}:{c}": at for (u, d, c), at in cards.items()}
    assert set(conn.execute("SELECT guild_id, user_id, day FROM study_days")) == {
        (guild, user, day) for user, guild, *_, day, _, _ in attempts}
    opens = dict(conn.execute("SELECT user_id || deck_id || card_id, COUNT(*) FROM attempts WHERE kind = 'open'"
                              " GROUP BY user_id, deck_id, card_id"))
    assert opens and all(seen == opens[key] for key, seen in conn.execute(
        "SELECT user_id || deck_id || card_id, seen FROM concept_stats"))
    for user, guild in seeds:
        assert load_streak(conn, guild, user) == recompute_from_attempts(conn, guild, user)
        latest = conn.execute("SELECT latest_at FROM member_streaks WHERE guild_id = ? AND user_id = ?",
                              (guild, user)).fetchone()[0]
        assert latest == max(at for (u, _, _), at in cards.items() if u == user)
    conn.close()


async def test_the_services_read_and_extend_the_seeded_history(tmp_path: Path) -> None:
    path, seeds = _seeded(tmp_path)
    user, guild = seeds[0]
    decks = load_decks([ROOT / "content"]).decks
    services = await open_services(f"sqlite:///{path}", decks)
    try:
        before = await services.recall.stats(Learner(user, guild), now=NOW)
        streak = await services.recall.streak(Learner(user, guild), now=NOW)
        board = await services.recall.leaderboard(guild, now=NOW, period="all")
        deck = decks["algorithms-complexity"]
        card = next(c for c in deck.cards if c.kind == "choice")
        await services.recall.answer_choice(Learner(user, guild), deck.id, card.id, 0, now=NOW, rng=random.Random(1))
        after = await services.recall.stats(Learner(user, guild), now=NOW)
    finally:
        await services.close()
    assert before.total.attempts >= 20 and after.total.attempts == before.total.attempts + 1
    assert streak is not None and streak.points > 0
    assert len(board.rows) >= 1
