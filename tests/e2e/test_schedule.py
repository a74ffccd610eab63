"""End to end: scheduled posts and native polls through the fake Discord, with the bot's wall clock set by
its test clock (`RECALL_TEST_MODE=1` + `RECALL_TEST_NOW`, see `bot/app/clock.py`), so a post "due in a
minute" is due seconds after the bot starts. Nothing to install: no libfaketime, no change to the
machine's clock.

The bot is started at a chosen instant, and its clock then runs on in real time; a restart continues
from the instant the previous run would have reached, plus any jump a test asks for.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.content.loader import load_decks
from bot.core.deck import ChoiceCard
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, REPO_ROOT, BotProcess, recall_env

DECK = "model-optimization-nlp"
EPHEMERAL = 64


class FakeClock:
    """The bot's wall clock: a fake start instant that then runs with real time."""

    def __init__(self, start: datetime) -> None:
        self.start, self.started = start, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.started)

    def jump(self, delta: timedelta) -> None:
        self.start += delta

    def env(self) -> dict[str, str]:
        """The bot's test clock: it starts at this clock's current instant and runs on from there."""
        return {"RECALL_TEST_MODE": "1", "RECALL_TEST_NOW": self.now().isoformat()}


def bot_at(fake: FakeDiscord, tmp_path: Path, clock: FakeClock) -> BotProcess:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    return BotProcess(RECALL_COMMAND, recall_env(fake, data), tmp_path, name="recall")


async def start(bot: BotProcess, fake: FakeDiscord, clock: FakeClock) -> None:
    bot.env.update(clock.env())
    await bot.start(fake)


def marked(fake: FakeDiscord, channel: Any, marker: str) -> list[dict[str, Any]]:
    return [m for m in fake.channel_messages(channel) if marker in (m.get("content") or "")]


async def add_schedule(fake: FakeDiscord, channel: Any, **options: Any) -> str:
    values = {"channel": channel.id, "time": "08:00", "timezone": "Europe/London", "deck": DECK, **options}
    result = await fake.slash("schedule add", values, user=fake.users["dana"])
    assert result.ephemeral and "Scheduled" in result.text(), result.text()
    return result.text()


async def test_admin_schedule_posts_once_across_kills_and_restarts(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 35, tzinfo=UTC))  # a Monday; London is on UTC
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        first_line = bot.stderr().splitlines()[0]
        assert "test mode: clock starts at 2026-03-02T07:59:3" in first_line, bot.logs()[:2000]
        await add_schedule(fake, channel, kind="flashcard")
        listed = await fake.slash("schedule list", user=fake.users["dana"])
        assert "#1" in listed.text() and "08:00 Europe/London, daily" in listed.text()
        # Killed before 08:00, down at the due time, back 20 s after it: the post goes out once.
        await bot.stop(kill=True)
        clock.jump(timedelta(seconds=max(0.0, (datetime(2026, 3, 2, 8, 0, 20, tzinfo=UTC) - clock.now()).total_seconds())))
        await start(bot, fake, clock)
        await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=20)
        # Killed right after sending (the message id may or may not be recorded), restarted: no second post.
        await bot.stop(kill=True)
        await start(bot, fake, clock)
        await asyncio.sleep(3)  # the start-up reconcile and first tick
        posts = marked(fake, channel, "schedule #1 · 2026-03-02")
        assert len(posts) == 1, [p.get("content") for p in fake.channel_messages(channel)]
        assert "Question of the day" in posts[0]["content"]
        assert any(c["custom_id"].startswith("recall:flash:reveal:") for row in posts[0]["components"]
                   for c in row["components"])
        with sqlite3.connect(tmp_path / "data" / "recall.db") as db:
            (message_id,) = db.execute("SELECT message_id FROM schedule_posts").fetchone()
        assert str(message_id) == posts[0]["id"]
    finally:
        await bot.stop()


def correct_answer_id(question: str) -> tuple[int, ChoiceCard]:
    deck = load_decks([REPO_ROOT / "content"]).decks[DECK]
    card = next(c for c in deck.cards if isinstance(c, ChoiceCard) and c.question == question)
    return card.correct_index + 1, card


async def test_poll_votes_end_reveal_and_streaks(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 50, tzinfo=UTC))
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        await add_schedule(fake, channel, kind="poll", poll_hours=2)
        await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=25)
        (poll_message,) = [m for m in fake.channel_messages(channel) if m.get("poll")]
        right, card = correct_answer_id(poll_message["poll"]["question"]["text"])
        wrong = 1 if right != 1 else 2
        alice, bob, carol = (fake.users[n] for n in ("alice", "bob", "carol"))
        await fake.vote(poll_message, right, alice)
        await fake.vote(poll_message, wrong, bob)
        # Carol voted while the bot was away: no event reaches it, only the API's final voters know.
        fake.store.poll_votes.setdefault((poll_message["id"], right), []).append(carol["id"])
        await fake.settle(0.3)

        ended = await fake.slash("schedule end-poll", {"schedule": 1}, user=fake.users["dana"])
        assert "3 voter(s), 2 right" in ended.text(), ended.text()
        assert poll_message["poll"]["results"]["is_finalized"]
        reveals = [m for m in fake.channel_messages(channel)
                   if (m.get("message_reference") or {}).get("message_id") == poll_message["id"]]
        assert len(reveals) == 1 and card.options[card.correct_index].text in reveals[0]["content"]

        for member, points in ((alice, "10 points"), (bob, "1 point"), (carol, "10 points")):
            streak = await fake.slash("streak", user=member)
            assert "**1**-day streak" in streak.text() and points in streak.text(), streak.text()

        # A restart credits nobody twice and doesn't reveal again.
        await bot.stop(kill=True)
        await start(bot, fake, clock)
        await asyncio.sleep(2)
        again = await fake.slash("streak", user=alice)
        assert "10 points" in again.text()
        assert len([m for m in fake.channel_messages(channel)
                    if (m.get("message_reference") or {}).get("message_id") == poll_message["id"]]) == 1
    finally:
        await bot.stop()


async def test_non_admins_are_refused_and_nothing_changes(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    alice = fake.users["alice"]
    with pytest.raises(PermissionError):  # default_permissions: Discord doesn't even offer the command
        await fake.slash("schedule list", user=alice)
    # A server can grant the command to everyone in its settings; the bot still checks Manage Server.
    for name in ("schedule", "deck", "settings"):
        fake.store.guild_commands[fake.guild.id][name]["default_member_permissions"] = None
    refused = await fake.slash("schedule add", {"channel": channel.id, "time": "08:00", "timezone": "UTC",
                                                "deck": DECK}, user=alice)
    assert refused.ephemeral and "Manage Server" in refused.text()
    refused_tz = await fake.slash("settings timezone", {"name": "Asia/Tokyo"}, user=alice)
    assert "Manage Server" in refused_tz.text()
    listed = await fake.slash("schedule list", user=fake.users["dana"])
    assert "No schedules yet" in listed.text()


async def test_bad_input_gets_suggestions_and_autocomplete(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    dana = fake.users["dana"]
    bad = await fake.slash("schedule add", {"channel": channel.id, "time": "08:00", "timezone": "Europe/Londn",
                                            "deck": DECK}, user=dana)
    assert bad.ephemeral and "Europe/London" in bad.text() and "Scheduled" not in bad.text()
    days = await fake.slash("schedule add", {"channel": channel.id, "time": "08:00", "timezone": "UTC",
                                             "deck": DECK, "days": "mon,funday"}, user=dana)
    assert "not a weekday" in days.text()
    zones = await fake.autocomplete("schedule add", {"timezone": "kolk"}, "timezone", user=dana)
    assert "Asia/Kolkata" in [c["value"] for c in zones.choices]
    await add_schedule(fake, channel, days="mon,wed,fri", kind="choice")
    ids = await fake.autocomplete("schedule pause", {"schedule": ""}, "schedule", user=dana)
    assert [c["value"] for c in ids.choices] == [1]
    paused = await fake.slash("schedule pause", {"schedule": 1}, user=dana)
    assert "Paused" in paused.text() and "mon,wed,fri" in paused.text()


async def test_deleted_channel_pauses_and_tells_admins_once(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake, general, study = fake_discord, fake_discord.channel("general"), fake_discord.channel("study-1")
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 50, tzinfo=UTC))
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        await add_schedule(fake, study, kind="choice")
        # The channel is deleted before 08:00 (the bot's cache misses the event, as after a restart).
        del fake.guild.channels[study.id]
        fake.store.channel_guild.pop(study.id)
        notices = []
        for _ in range(40):
            notices = [m for m in fake.channel_messages(general) if "is paused" in (m.get("content") or "")]
            if notices:
                break
            await asyncio.sleep(0.5)
        assert len(notices) == 1 and "Schedule #1" in notices[0]["content"], bot.logs()[-2000:]
        listed = await fake.slash("schedule list", user=fake.users["dana"])
        assert "paused: the channel was deleted" in listed.text(), listed.text()
        await asyncio.sleep(1)
        assert len([m for m in fake.channel_messages(general) if "is paused" in (m.get("content") or "")]) == 1
    finally:
        await bot.stop()


async def test_a_time_skipped_by_dst_posts_at_the_first_valid_minute(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """London springs forward at 01:00 UTC on 2026-03-29: 01:30 local doesn't exist that day; it posts at 02:00 BST."""
    fake, channel = fake_discord, fake_discord.channel("general")
    clock = FakeClock(datetime(2026, 3, 29, 0, 59, 50, tzinfo=UTC))
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        await add_schedule(fake, channel, time="01:30", kind="open")
        await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=30)
        posted_at = clock.now()
        (post,) = marked(fake, channel, "schedule #1 · 2026-03-29")
        assert datetime(2026, 3, 29, 1, 0, tzinfo=UTC) <= posted_at < datetime(2026, 3, 29, 1, 0, 10, tzinfo=UTC)
        assert "late" not in post["content"]
    finally:
        await bot.stop()


async def test_a_poll_is_closed_at_its_expiry_even_after_downtime(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake, channel = fake_discord, fake_discord.channel("general")
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 50, tzinfo=UTC))
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        await add_schedule(fake, channel, kind="poll", poll_hours=1)
        await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=25)
        (poll_message,) = [m for m in fake.channel_messages(channel) if m.get("poll")]
        right, card = correct_answer_id(poll_message["poll"]["question"]["text"])
        await bot.stop()
        # Votes while the bot is down; it comes back after the poll's hour is over.
        for name in ("alice", "bob"):
            fake.store.poll_votes.setdefault((poll_message["id"], right), []).append(fake.users[name]["id"])
        clock.jump(timedelta(hours=1, minutes=5))
        await start(bot, fake, clock)
        reveals: list[dict[str, Any]] = []
        for _ in range(30):
            reveals = [m for m in fake.channel_messages(channel)
                       if (m.get("message_reference") or {}).get("message_id") == poll_message["id"]]
            if reveals:
                break
            await asyncio.sleep(0.3)
        assert len(reveals) == 1 and "2 of 2 voters got it right" in reveals[0]["content"], bot.logs()[-2000:]
        assert card.explanation[:40] in reveals[0]["content"]
    finally:
        await bot.stop()
