"""End to end: the language of posts written outside an interaction. A server whose Discord language is
German gets German daily questions; `/settings language` switches its posts to Spanish and `default` back to
German; a member last seen with a Japanese client gets their reminder DM in Japanese. The bot's clock is
the test clock (`RECALL_TEST_MODE` + `RECALL_TEST_NOW`), as in test_schedule.py."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.test_schedule import FakeClock, add_schedule, bot_at, start

POSTS = r"^/channels/{}/messages$"


def contents(fake: FakeDiscord, channel: Any) -> list[str]:
    return [m.get("content") or "" for m in fake.channel_messages(channel)]


async def post_now(fake: FakeDiscord, channel: Any) -> tuple[str, str]:
    """`/schedule post-now`: the admin's private reply, and the first line of the try-out post it made."""
    before = len(fake.channel_messages(channel))
    done = await fake.slash("schedule post-now", {"schedule": 1}, user=fake.users["dana"])
    assert done.ephemeral
    (post,) = fake.channel_messages(channel)[before:]
    return done.text(), str(post["content"]).splitlines()[0]


async def test_a_german_server_gets_german_posts_until_it_chooses_spanish(fake_discord: FakeDiscord,
                                                                          tmp_path: Path) -> None:
    fake, channel, dana = fake_discord, fake_discord.channel("general"), fake_discord.users["dana"]
    fake.guild.preferred_locale = "de"  # before the bot connects: GUILD_CREATE carries it
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 45, tzinfo=UTC))  # a Monday; London is on UTC
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        fake.store.locales[dana["id"]] = "de"  # the admin's own replies follow her client: German
        empty = await fake.slash("schedule list", user=dana)
        assert empty.text() == "Noch keine Zeitpläne: Leg einen mit `/schedule add` an.", empty.text()
        del fake.store.locales[dana["id"]]
        await add_schedule(fake, channel, kind="flashcard")
        await fake.wait_for_request("POST", POSTS.format(channel.id), timeout=25)
        (daily,) = [text for text in contents(fake, channel) if "schedule #1 · 2026-03-02" in text]
        assert daily.splitlines()[0] == "📅 **Frage des Tages** · schedule #1 · 2026-03-02", daily

        shown = await fake.slash("settings language", user=dana)
        assert shown.ephemeral and shown.text() == (
            "Public posts here are written in Deutsch, the server's language in Discord; `/settings language` "
            "sets another. Replies only you see follow your own Discord language."), shown.text()
        chosen = await fake.slash("settings language", {"language": "es"}, user=dana)
        assert chosen.text() == ("Done: public posts here are now written in Español, chosen with "
                                 "`/settings language`."), chosen.text()
        posted = f"Posted in <#{channel.id}>."
        assert await post_now(fake, channel) == (posted, "📅 **Pregunta de prueba** · schedule #1 · try-out 2")

        # The choice is stored: a restarted bot still posts in Spanish.
        await bot.stop()
        await start(bot, fake, clock)
        assert await post_now(fake, channel) == (posted, "📅 **Pregunta de prueba** · schedule #1 · try-out 3")
        with sqlite3.connect(tmp_path / "data" / "recall.db") as db:
            assert db.execute("SELECT language FROM guild_settings WHERE guild_id = ?",
                              (int(fake.guild.id),)).fetchall() == [("es",)]

        fake.store.locales[dana["id"]] = "ja"
        back = await fake.slash("settings language", {"language": "default"}, user=dana)
        assert back.text() == ("設定しました。このサーバーの公開投稿は今後 Deutsch（Discordでのサーバーの言語。"
                               "`/settings language` で変更できます） で書かれます。"), back.text()
        # Her reply in her language (Japanese), the public post in the server's (German again).
        assert await post_now(fake, channel) == (f"<#{channel.id}> に投稿しました。", "📅 **Testfrage** · schedule #1 · try-out 4")
        with pytest.raises(PermissionError):  # default_permissions: Discord doesn't offer it to members
            await fake.slash("settings language", {"language": "fr"}, user=fake.users["alice"])
        fake.store.guild_commands[fake.guild.id]["settings"]["default_member_permissions"] = None  # a server's override
        refused = await fake.slash("settings language", {"language": "fr"}, user=fake.users["alice"])
        assert refused.ephemeral and refused.text() == (
            "You need the Manage Server permission for this; nothing was changed."), refused.text()
        assert await post_now(fake, channel) == (f"<#{channel.id}> に投稿しました。", "📅 **Testfrage** · schedule #1 · try-out 5")
    finally:
        await bot.stop()


async def test_a_reminder_dm_in_the_language_the_member_was_last_seen_with(fake_discord: FakeDiscord,
                                                                           tmp_path: Path) -> None:
    fake, alice = fake_discord, fake_discord.users["alice"]
    fake.store.locales[alice["id"]] = "ja"
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        assert (await fake.slash("remind", {"state": "on"}, user=alice)).ephemeral
        card = await fake.slash("flashcard", {"deck": "model-optimization-nlp"}, user=alice)
        (reveal,) = [cid for cid in card.custom_ids() if cid.startswith("recall:flash:reveal:")]
        back = await fake.click(card, reveal, user=alice)
        await fake.click(back, next(cid for cid in back.custom_ids() if ":again:" in cid), user=alice)
        await bot.stop()  # the member's language was written when first seen (or at the latest on close)
        with sqlite3.connect(tmp_path / "data" / "recall.db") as db:
            assert db.execute("SELECT locale FROM members WHERE user_id = ?", (int(alice["id"]),)).fetchall() == [
                ("ja",)]
        clock.jump(timedelta(hours=2))  # the "Again" card is due: the next start's reminder pass DMs her
        await start(bot, fake, clock)
        dm = fake.store.dm_channel_for(alice)
        for _ in range(40):
            if fake.channel_messages(dm):
                break
            await asyncio.sleep(0.25)
        assert [m["content"] for m in fake.channel_messages(dm)] == [
            "復習するカードが1枚あります。`/review` なら数分で終わります。（`/remind off` でこの通知を止められます。）"]
    finally:
        await bot.stop()
