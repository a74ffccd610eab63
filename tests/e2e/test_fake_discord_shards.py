"""The fake Discord's shards, proved against discord.py's own AutoShardedClient (tests/e2e/sample_bot.py):
IDENTIFY's `shard` is honoured, each shard's connection gets only its servers and their events, direct
messages go to shard 0, and GET /gateway/bot recommends the count a test sets."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import SAMPLE_BOT_COMMAND
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotProcess, fake_env


def _sample(fake: FakeDiscord, tmp_path: Path, name: str, **env: str) -> BotProcess:
    return BotProcess(SAMPLE_BOT_COMMAND, {**fake_env(fake), **env}, tmp_path, name=name)


async def test_each_shard_gets_its_servers_and_their_interactions(tmp_path: Path) -> None:
    async with FakeDiscord(guilds=4, guild_shards=2) as fake:
        guilds = list(fake.store.guilds.values())
        assert [(int(g.id) >> 22) % 2 for g in guilds] == [0, 1, 0, 1]
        bot = _sample(fake, tmp_path, "sharded", SAMPLE_SHARD_COUNT="2")
        await bot.launch()
        try:
            zero, one = await fake.wait_until_shards_ready([0, 1], 2)
            assert zero.identify["shard"] == [0, 2] and one.identify["shard"] == [1, 2]
            sent = {session.shard: [f["d"]["id"] for f in session.buffer if f["t"] == "GUILD_CREATE"]
                    for session in (zero, one)}
            assert sent == {(0, 2): [guilds[0].id, guilds[2].id], (1, 2): [guilds[1].id, guilds[3].id]}
            for guild in guilds:
                bob = next(m.user for m in guild.members.values() if m.user["username"] == "bob")
                result = await fake.slash("deck", {"name": "pruning"}, user=bob, channel=fake.channel("general", guild.id))
                assert result.text() == "deck pruning"
                expected = zero if (int(guild.id) >> 22) % 2 == 0 else one
                assert fake.gateway.route("INTERACTION_CREATE", result.record.payload) is expected
            dm = await fake.slash("deck", {"name": "pruning"}, user=fake.users["bob"], dm=True)
            assert dm.text() == "deck pruning"
            assert fake.gateway.route("INTERACTION_CREATE", dm.record.payload) is zero
        finally:
            await bot.stop()


async def test_a_process_with_one_shard_sees_only_that_shards_servers(tmp_path: Path) -> None:
    async with FakeDiscord(guilds=2, guild_shards=2) as fake:
        bot = _sample(fake, tmp_path, "shard1", SAMPLE_SHARD_COUNT="2", SAMPLE_SHARD_IDS="1")
        await bot.launch()
        try:
            (one,) = await fake.wait_until_shards_ready([1], 2)
            assert [s.shard for s in fake.gateway.sessions.values()] == [(1, 2)]
            first, second = fake.store.guilds.values()
            assert fake.gateway.route("INTERACTION_CREATE", {"guild_id": second.id}) is one
            assert fake.gateway.route("INTERACTION_CREATE", {"guild_id": first.id}) is None, "nobody holds shard 0"
        finally:
            await bot.stop()


async def test_auto_takes_the_recommended_shard_count(tmp_path: Path) -> None:
    async with FakeDiscord(guilds=3, guild_shards=3, recommended_shards=3) as fake:
        bot = _sample(fake, tmp_path, "auto", SAMPLE_SHARD_COUNT="auto")
        await bot.launch()
        try:
            sessions = await fake.wait_until_shards_ready([0, 1, 2], 3)
            assert [s.identify["shard"] for s in sessions] == [[0, 3], [1, 3], [2, 3]]
            assert fake.requests("GET", r"^/gateway/bot$")
        finally:
            await bot.stop()
