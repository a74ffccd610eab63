"""Which servers a client serves: all of them unless it is a sharded client holding only some shards."""

from __future__ import annotations

import discord

from bot.app.shard_scope import served_shards
from bot.core.shards import ShardSet


def client(**options: object) -> discord.Client:
    return discord.AutoShardedClient(intents=discord.Intents.none(), **options)  # type: ignore[arg-type]


async def test_a_sharded_client_serves_the_servers_of_its_shards() -> None:
    assert served_shards(client(shard_count=4, shard_ids=[3, 1])) == ShardSet(4, (1, 3))
    assert served_shards(client(shard_count=2, shard_ids=[0, 1])) is None  # every shard: every server
    assert served_shards(client()) is None  # auto, before Discord said the count: every shard is here
    assert served_shards(discord.Client(intents=discord.Intents.none())) is None  # unsharded
    assert served_shards(object()) is None
