"""End to end: a `pick: review` schedule through the fake Discord, on the bot's test clock.

The database is seeded before the bot starts with the FSRS states of four members of the fake server
(and one member of another server), so the card the group has most likely forgotten is known: the test
works it out itself from fsrs's own retrievability. The bot posts that card at 08:00, `/schedule list`
says why ("retention NN% across 3 members"), and a member's answer to the post updates that member's
own review state of the card (and nobody else's).
"""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

from bot.content.loader import load_decks
from bot.core.deck import Flashcard
from bot.core.instants import from_ms, to_ms
from bot.storage.sqlite import connect
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import REPO_ROOT
from tests.e2e.test_schedule import DECK, FakeClock, add_schedule, bot_at, start

SEEDED_AT = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # states reviewed whole days before this hour
OTHER_SERVER, STRANGER = 999_001, 555_001


def flashcards() -> list[str]:
    deck = load_decks([REPO_ROOT / "content"]).decks[DECK]
    return [card.id for card in deck.cards if isinstance(card, Flashcard)]


def seed(path: Path, guild_id: int, members: dict[str, int]) -> dict[tuple[int, str], tuple[float, int]]:
    """Review states (stability, days since the last review) per (member, card); returns them."""
    first, second, third, fourth = flashcards()[:4]
    alice, bob, carol, erin = members["alice"], members["bob"], members["carol"], 424_242
    states = {
        (alice, first): (30.0, 2), (bob, first): (30.0, 1),                              # well remembered
        (alice, second): (2.0, 15), (bob, second): (3.0, 12), (carol, second): (1.5, 20),  # forgotten by 3
        (carol, third): (5.0, 4), (erin, third): (40.0, 1),
        (STRANGER, fourth): (0.5, 60),                                   # answered in another server only
    }
    conn = connect(path)
    try:
        for (member, card), (stability, days) in states.items():
            reviewed = to_ms(SEEDED_AT - timedelta(days=days))
            server = OTHER_SERVER if member == STRANGER else guild_id
            conn.execute("INSERT OR IGNORE INTO members (user_id) VALUES (?)", (member,))
            conn.execute(
                "INSERT INTO attempts (user_id, guild_id, deck_id, card_id, kind, level, source, correct, points,"
                " answered_at, deck_guild) VALUES (?, ?, ?, ?, 'flashcard', 'beginner', 'drill', 1, 1, ?, 0)",
                (member, server, DECK, card, reviewed))
            conn.execute(
                "INSERT INTO srs_cards (user_id, deck_guild, deck_id, card_id, state, step, stability, difficulty,"
                " due, last_review) VALUES (?, 0, ?, ?, 2, NULL, ?, 5.0, ?, ?)",
                (member, DECK, card, stability, reviewed + int(stability * 86_400_000), reviewed))
        conn.commit()
    finally:
        conn.close()
    return states


def fsrs_card(stability: float, days: int) -> fsrs.Card:
    reviewed = SEEDED_AT - timedelta(days=days)
    return fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0,
                     due=reviewed + timedelta(days=stability), last_review=reviewed)


def expected_pick(states: dict[tuple[int, str], tuple[float, int]], at: datetime) -> tuple[str, float, int]:
    """(card, mean retrievability, members) of the highest mean(1 - R) x log(1 + n), ties in deck order."""
    scheduler = fsrs.Scheduler()
    by_card: dict[str, list[float]] = {}
    for (member, card), (stability, days) in states.items():
        if member != STRANGER:
            by_card.setdefault(card, []).append(scheduler.get_card_retrievability(fsrs_card(stability, days), at))
    order = flashcards()
    best = max(by_card, key=lambda c: (sum(1 - r for r in by_card[c]) / len(by_card[c]) * math.log(1 + len(by_card[c])),
                                       -order.index(c)))
    return best, sum(by_card[best]) / len(by_card[best]), len(by_card[best])


async def test_review_schedule_posts_the_forgotten_card_explains_it_and_answers_update_fsrs(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    members = {name: int(fake.users[name]["id"]) for name in ("alice", "bob", "carol")}
    (tmp_path / "data").mkdir()
    db_path = tmp_path / "data" / "recall.db"
    states = seed(db_path, int(fake.guild.id), members)
    card, retention, count = expected_pick(states, datetime(2026, 3, 2, 8, 0, 30, tzinfo=UTC))
    assert card == flashcards()[1] and count == 3  # the card three members have nearly forgotten

    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 45, tzinfo=UTC))  # a Monday; London is on UTC
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        added = await add_schedule(fake, channel, kind="flashcard", pick="review")
        assert "pick review" in added, added
        await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=25)
        await fake.settle(0.3)
        (post,) = [m for m in fake.channel_messages(channel) if "schedule #1 · 2026-03-02" in (m.get("content") or "")]
        reveal = next(c["custom_id"] for row in post["components"] for c in row["components"]
                      if c.get("custom_id", "").startswith("recall:flash:reveal:"))
        assert reveal == f"recall:flash:reveal:{DECK}:{card}:s"

        listed = await fake.slash("schedule list", user=fake.users["dana"])
        line = f"retention {round(retention * 100)}% across 3 members"
        assert "pick review" in listed.text() and f"latest `{card}`: {line}" in listed.text(), listed.text()
        print(f"\n/schedule list (seeded run):\n{listed.text()}")

        # Alice answers the post: her own review state of the card moves on, Bob's and Carol's don't.
        back = await fake.click(post, reveal, user=fake.users["alice"])
        rated = await fake.click(back, next(c for c in back.custom_ids() if ":good:" in c), user=fake.users["alice"])
        assert "Rated **Good**" in rated.text(), rated.text()
        with sqlite3.connect(db_path) as db:
            rows = {user: (stability, difficulty, due, last) for user, stability, difficulty, due, last in db.execute(
                "SELECT user_id, stability, difficulty, due, last_review FROM srs_cards"
                " WHERE deck_guild = 0 AND deck_id = ? AND card_id = ?", (DECK, card))}
            (source,) = db.execute("SELECT source FROM attempts WHERE user_id = ? AND card_id = ? AND source != 'drill'",
                                   (members["alice"], card)).fetchone()
        assert source == "scheduled"
        stability, difficulty, due, last = rows[members["alice"]]
        reviewed_at = from_ms(last)
        assert reviewed_at > datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        after, _log = fsrs.Scheduler(enable_fuzzing=False).review_card(
            fsrs_card(*states[(members["alice"], card)]), fsrs.Rating.Good, review_datetime=reviewed_at)
        assert (stability, difficulty) == (after.stability, after.difficulty)
        assert from_ms(due) > reviewed_at + timedelta(days=1)
        for name in ("bob", "carol"):
            assert rows[members[name]][0] == states[(members[name], card)][0]  # untouched
    finally:
        await bot.stop()
