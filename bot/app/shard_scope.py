"""Which servers a running client serves, for the work it does outside interactions (scheduled posts, polls,
notices, role sweeps, reminders): a shard process handles only the servers of its shards."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.shards import ShardSet


def served_shards(bot: Any) -> ShardSet | None:
    """The shards `bot` serves, or None when it serves every server: unsharded, all shards of its count, or
    `auto` before discord.py learned the count (auto runs every shard in one process)."""
    if not isinstance(bot, discord.AutoShardedClient) or bot.shard_count is None or bot.shard_ids is None:
        return None
    shards = ShardSet.of(bot.shard_count, bot.shard_ids)
    return None if shards.is_all else shards
