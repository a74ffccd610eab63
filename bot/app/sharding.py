"""The Discord client for a set of shards: discord.py's own sharding, and the servers a client serves.

Without shard settings the bot is the plain `RecallBot` (one connection, every server), exactly as before.
With them it is `ShardedRecallBot`, discord.py's `AutoShardedBot` with `shard_count` and `shard_ids`
(`RECALL_SHARD_COUNT=auto`: the count Discord recommends on `GET /gateway/bot`). Its shard ids are fixed
when it is built, so a process that takes a shard over builds a new client (`bot/app/shard_supervisor.py`).
Everything that works per server outside an interaction (the scheduler's posts, polls, notices, role
sweeps, reminders) asks `bot/app/shard_scope.py` which servers are its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from discord.ext import commands

from bot.app.client import RecallBot
from bot.core.shards import ShardSet

if TYPE_CHECKING:
    from bot.services.bundle import Services
    from bot.settings import Settings


class ShardedRecallBot(RecallBot, commands.AutoShardedBot):
    """RecallBot on discord.py's AutoShardedBot: one websocket per shard in `shard_ids`, one event loop."""


def build_bot(settings: Settings, services: Services, shards: ShardSet | None = None, **options: Any) -> RecallBot:
    """The client for `shards` (default: the settings' own), or the unsharded one without shard settings."""
    if settings.shard_count_auto:
        return ShardedRecallBot(settings, services, **options)  # discord.py asks GET /gateway/bot for the count
    shards = shards or settings.shards
    if shards is None:
        return RecallBot(settings, services, **options)
    return ShardedRecallBot(settings, services, shard_count=shards.count, shard_ids=list(shards.ids), **options)
