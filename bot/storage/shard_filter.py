"""The SQL condition that keeps a shard process to its own servers' rows: Discord's rule
(`bot.core.shards.shard_of`: `(guild_id >> 22) % count`) written once for every query that needs it.
Portable: SQLite and PostgreSQL both shift and take the remainder of a 64-bit integer the same way."""

from __future__ import annotations

from bot.core.shards import ShardSet


def on_shards(column: str, servers: ShardSet | None) -> tuple[str, tuple[int, ...]]:
    """(` AND <condition>`, its parameters) for the rows whose `column` (a guild id) is on `servers`;
    ("", ()) for every server (None, or all shards of the count)."""
    if servers is None or servers.is_all:
        return "", ()
    marks = ", ".join("?" for _ in servers.ids)
    return f" AND (({column} >> 22) % ?) IN ({marks})", (servers.count, *servers.ids)
