"""End to end: deck uploads (line-numbered errors, a good deck usable in this server only), hiding a
built-in deck, /settings, /remind, and the welcome when the bot joins a server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import guild_create_payload
from tests.e2e.harness import BotProcess

BAD_DECK = b"""id: club-deck
title: Club deck
cards:
  - id: one
    kind: flashcard
    level: expert
    front: One?
  - id: two
    kind: choice
    level: beginner
    question: Q?
    options:
      - text: a
"""

GOOD_DECK = b"""id: club-deck
title: Club deck
cards:
  - id: one
    kind: flashcard
    level: beginner
    front: What is one?
    back: Uno
"""


async def test_deck_upload_errors_then_a_good_deck(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake, dana = fake_discord, fake_discord.users["dana"]
    bad = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": BAD_DECK}}, user=dana)
    text = bad.text()
    assert bad.ephemeral and "nothing was stored" in text, text
    assert "club.yaml:6" in text and "club.yaml:" in text.split("club.yaml:6", 1)[1]

    good = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": GOOD_DECK}}, user=dana)
    assert "Added **Club deck**" in good.text(), good.text()
    decks = await fake.autocomplete("schedule add", {"deck": "club"}, "deck", user=dana)
    assert [c["value"] for c in decks.choices] == ["club-deck"]
    card = await fake.slash("flashcard", {"deck": "club-deck"}, user=fake.users["alice"])  # members study it
    assert "What is one?" in card.text(), card.text()
    assert "Club deck" in (await fake.slash("decks", user=fake.users["alice"])).text()
    builtin = await fake.slash("deck upload", {"file": {"filename": "x.yaml",
                               "data": GOOD_DECK.replace(b"club-deck", b"model-optimization-nlp")}}, user=dana)
    assert "built-in" in builtin.text()

    hidden = await fake.slash("deck disable", {"deck": "model-optimization-nlp"}, user=dana)
    assert "hidden in this server" in hidden.text()
    decks = await fake.autocomplete("schedule add", {"deck": ""}, "deck", user=dana)
    assert "model-optimization-nlp" not in [c["value"] for c in decks.choices]
    removed = await fake.slash("deck remove", {"deck": "club-deck"}, user=dana)
    assert "Removed" in removed.text()


async def test_settings_and_reminders(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake, dana, alice = fake_discord, fake_discord.users["dana"], fake_discord.users["alice"]
    unknown = await fake.slash("settings timezone", {"name": "Asia/Kolkatta"}, user=dana)
    assert "Asia/Kolkata" in unknown.text()
    saved = await fake.slash("settings timezone", {"name": "asia/kolkata"}, user=dana)
    assert "**Asia/Kolkata**" in saved.text()
    hour = await fake.slash("settings day-start", {"hour": 6}, user=dana)
    assert "06:00" in hour.text()
    on = await fake.slash("remind", {"state": "on"}, user=alice)
    assert on.ephemeral and "Reminders on" in on.text()


async def test_welcome_once_when_the_bot_joins_a_server(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake = fake_discord
    await asyncio.sleep(2.5)  # past on_ready: a GUILD_CREATE before it is one of the start-up guilds, not a join
    guild = fake.store.add_guild("New Study Group")
    system = fake.store.channel(guild.system_channel_id or "")
    assert system is not None
    joined = guild_create_payload(guild)
    joined.pop("unavailable")  # as Discord sends it on joining (`unavailable: false` means "back online")
    for _ in range(2):  # joining (and a repeated GUILD_CREATE) welcomes once
        await fake.gateway.dispatch("GUILD_CREATE", joined)
        await asyncio.sleep(0.5)
    welcomes = [m for m in fake.channel_messages(system) if "/schedule add" in (m.get("content") or "")]
    assert len(welcomes) == 1 and "/drill" in welcomes[0]["content"], recall_bot.logs()[-3000:]


async def test_a_reminder_dm_at_most_once_a_day(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """Two restarts later on the same study day (the bot's test clock, `RECALL_TEST_NOW`, jumped 2 h
    then 3 h ahead) and still only one "due for review" DM."""
    from tests.e2e.test_schedule import FakeClock, bot_at, start

    fake, alice = fake_discord, fake_discord.users["alice"]
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        assert "Reminders on" in (await fake.slash("remind", {"state": "on"}, user=alice)).text()
        card = await fake.slash("flashcard", {"deck": "model-optimization-nlp"}, user=alice)
        (reveal,) = [cid for cid in card.custom_ids() if cid.startswith("recall:flash:reveal:")]
        back = await fake.click(card, reveal, user=alice)
        again = next(cid for cid in back.custom_ids() if ":again:" in cid)
        await fake.click(back, again, user=alice)  # "Again": the card is due again within minutes
        for jump in (timedelta(hours=2), timedelta(hours=3)):  # two restarts on the same study day
            await bot.stop()
            clock.jump(jump)
            await start(bot, fake, clock)
            await asyncio.sleep(4)  # READY comes 2 s after the last GUILD_CREATE; the first tick follows it
        dm = fake.store.dm_channel_for(alice)
        reminders = [m for m in fake.channel_messages(dm) if "due for review" in (m.get("content") or "")]
        assert len(reminders) == 1, bot.logs()[-3000:]
    finally:
        await bot.stop()


async def test_stats_show_an_uploaded_decks_title(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    fake, dana, alice = fake_discord, fake_discord.users["dana"], fake_discord.users["alice"]
    good = await fake.slash("deck upload", {"file": {"filename": "club.yaml", "data": GOOD_DECK}}, user=dana)
    assert "Added **Club deck**" in good.text(), good.text()
    card = await fake.slash("flashcard", {"deck": "club-deck"}, user=alice)
    (reveal,) = [cid for cid in card.custom_ids() if cid.startswith("recall:flash:reveal:")]
    back = await fake.click(card, reveal, user=alice)
    rated = await fake.click(back, next(cid for cid in back.custom_ids() if ":good:" in cid), user=alice)
    assert "Rated **Good**" in rated.text(), rated.text()
    stats = await fake.slash("stats", user=alice)
    assert "Club deck: " in stats.text() and "club-deck:" not in stats.text(), stats.text()


async def test_help_lists_the_admin_commands(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    shown = await fake_discord.slash("help", user=fake_discord.users["alice"])
    text = shown.text()
    assert shown.ephemeral and "Manage Server" in text, text
    for usage in ("/schedule add", "/settings timezone", "/deck upload", "/remind on|off", "/drill"):
        assert usage in text, usage
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []
