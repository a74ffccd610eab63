"""End to end (issue 14): two `python -m bot` processes, shards 0 and 1 of 2, on one PostgreSQL, through the
fake Discord extended to shards. Members of servers on both shards are answered, each by the process of
its server's shard; a schedule in each server posts exactly once; a standby started for shard 1 waits, and
takes the shard over when its owner is SIGKILLed; a member's streak and /stats read the same whichever
process answers. The PostgreSQL server is the tests' throwaway one (tests/postgres_server.py)."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.backends import postgres_backend_url, postgres_server, postgres_template  # noqa: F401 - fixtures
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env
from tests.e2e.test_schedule import FakeClock, marked

DECK = "model-optimization-nlp"
TAKEOVER_LIMIT_S = 30.0  # the bound for a standby to take a dead owner's shard over


def shard_process(fake: FakeDiscord, tmp_path: Path, name: str, database_url: str, shard_ids: str,
                  clock: FakeClock) -> BotProcess:
    data = tmp_path / name
    data.mkdir()
    env = recall_env(fake, data)
    del env["RECALL_DEV_GUILD_ID"]  # global commands: every server of the fake has them
    env.update(RECALL_DATABASE_URL=database_url, RECALL_SHARD_COUNT="2", RECALL_SHARD_IDS=shard_ids, **clock.env())
    return BotProcess(RECALL_COMMAND, env, tmp_path, name=name)


def handled_in(process: BotProcess, guild: Any) -> int:
    """How many interactions of `guild`'s server this process logged as handled."""
    return len(re.findall(rf'message=interaction guild={guild.id} ', process.stderr()))


async def answer_a_quiz(fake: FakeDiscord, guild: Any, user: dict[str, Any]) -> str:
    quiz = await fake.slash("quiz", {"deck": DECK}, user=user, channel=fake.channel("general", guild.id))
    assert "Quiz" in quiz.text(), quiz.text()
    option = next(c for c in quiz.custom_ids() if c.startswith("recall:quiz:pick:"))
    answer = await fake.click(quiz, option, user=user)
    assert answer.ephemeral and "point" in answer.text(), answer.text()
    return answer.text()


async def progress_of(fake: FakeDiscord, guild: Any, user: dict[str, Any]) -> tuple[str, str]:
    """The member's /streak and /stats texts in `guild` (no picture: the words and numbers)."""
    channel = fake.channel("general", guild.id)
    streak = await fake.slash("streak", user=user, channel=channel)
    stats = await fake.slash("stats", user=user, channel=channel)
    return streak.text(), stats.text()


async def test_two_shard_processes_post_once_and_a_standby_takes_over(
        tmp_path: Path, postgres_backend_url: str) -> None:  # noqa: F811 - the fixture imported above
    clock = FakeClock(datetime(2026, 3, 2, 7, 59, 30, tzinfo=UTC))  # a Monday; the schedules are due at 08:00
    async with FakeDiscord(guilds=2, guild_shards=2) as fake:
        on_0, on_1 = fake.store.guilds.values()
        erin = fake.store.new_user("erin")
        for guild in (on_0, on_1):  # one member in a server of each shard
            fake.store.add_member(guild.id, "erin", user=erin)
        dana = fake.users["dana"]  # Manage Server in both
        zero = shard_process(fake, tmp_path, "zero", postgres_backend_url, "0", clock)
        one = shard_process(fake, tmp_path, "one", postgres_backend_url, "1", clock)
        standby = shard_process(fake, tmp_path, "standby", postgres_backend_url, "1", clock)
        try:
            await zero.launch()
            await one.launch()
            await fake.wait_until_shards_ready([0, 1], 2, timeout=60)
            await standby.launch()

            # Each server is answered by the process of its shard.
            for guild in (on_0, on_1):
                await answer_a_quiz(fake, guild, erin)
                result = await fake.slash("schedule add", {"channel": fake.channel("general", guild.id).id,
                                                           "time": "08:00", "timezone": "UTC", "deck": DECK},
                                          user=dana, channel=fake.channel("general", guild.id))
                assert "Scheduled" in result.text(), result.text()
            assert handled_in(zero, on_0) == 3 and handled_in(zero, on_1) == 0
            assert handled_in(one, on_1) == 3 and handled_in(one, on_0) == 0

            # A schedule in each server posts once, from its own shard's process.
            for guild in (on_0, on_1):
                channel = fake.channel("general", guild.id)
                await fake.wait_for_request("POST", rf"^/channels/{channel.id}/messages$", timeout=45)
            await asyncio.sleep(2)
            posts = {guild.id: [m["id"] for m in fake.channel_messages(fake.channel("general", guild.id))
                                if "2026-03-02" in (m.get("content") or "")] for guild in (on_0, on_1)}
            assert all(len(ids) == 1 for ids in posts.values()), posts

            # The standby waits: shard 1 has one connection, the owner's.
            assert "standby: waiting for a lease" in standby.stderr()
            assert [s.shard for s in fake.gateway.sessions.values()].count((1, 2)) == 1
            before = await progress_of(fake, on_1, erin)

            sessions_before = len(fake.gateway.sessions)
            killed_at = time.monotonic()
            await one.stop(kill=True)
            await fake.wait_until_shards_ready([1], 2, sessions_before=sessions_before, timeout=TAKEOVER_LIMIT_S)
            print(f"\nshard 1 taken over {time.monotonic() - killed_at:.1f} s after its owner's SIGKILL")
            assert "serving shards 1 of 2" in standby.stderr()

            after = await progress_of(fake, on_1, erin)
            assert handled_in(standby, on_1) == 2
            assert after == before, (before, after)
            await answer_a_quiz(fake, on_1, erin)  # the standby answers new clicks in shard 1's server
            await asyncio.sleep(2)  # its start-up reconcile and first tick: nothing posted twice
            for guild in (on_0, on_1):
                channel = fake.channel("general", guild.id)
                assert len(marked(fake, channel, "2026-03-02")) == 1, fake.channel_messages(channel)
            assert fake.unanswered_interactions() == [] and fake.late_interactions() == []
        finally:
            for process in (zero, one, standby):
                await process.stop()


async def test_shard_settings_on_sqlite_are_refused_in_one_line(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {**recall_env(fake_discord, data), "RECALL_SHARD_COUNT": "2", "RECALL_SHARD_IDS": "0"}
    process = BotProcess(RECALL_COMMAND, env, tmp_path, name="sqlite-shards")
    await process.launch()
    assert await process.wait_exit() == 2
    (line,) = process.stderr().strip().splitlines()
    assert line.startswith("recall: RECALL_SHARD_COUNT and RECALL_SHARD_IDS need a PostgreSQL database"), line
    assert fake_discord.gateway.sessions == {}


async def test_auto_runs_every_shard_discord_recommends_in_one_process(
        tmp_path: Path, postgres_backend_url: str) -> None:  # noqa: F811 - the fixture imported above
    clock = FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    async with FakeDiscord(guilds=2, guild_shards=2, recommended_shards=2) as fake:
        process = shard_process(fake, tmp_path, "auto", postgres_backend_url, "", clock)
        del process.env["RECALL_SHARD_IDS"]
        process.env["RECALL_SHARD_COUNT"] = "auto"
        try:
            await process.launch()
            sessions = await fake.wait_until_shards_ready([0, 1], 2, timeout=60)
            assert [s.identify["shard"] for s in sessions] == [[0, 2], [1, 2]]
            assert fake.requests("GET", r"^/gateway/bot$")
            for guild in fake.store.guilds.values():
                await answer_a_quiz(fake, guild, next(m.user for m in guild.members.values()
                                                      if m.user["username"] == "alice"))
                assert handled_in(process, guild) == 2
        finally:
            await process.stop()
