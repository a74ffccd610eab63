"""The media files of servers' uploaded decks (migration 013): stored with the deck, in its transaction.

Every query names its server. A file row belongs to one server (`server_media`), and the links say which
of that server's decks name it (`server_deck_media`); replacing or removing a deck deletes the files no
other deck of the server names, so the per-server quota counts only files in use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Mapping

from bot.core.errors import RecallError
from bot.core.messages import N_
from bot.services.records import MediaHead
from bot.storage.database import Database

HEAD_BYTES = 16  # enough for every format's magic bytes (bot.content.media)


def link_deck_media(conn: sqlite3.Connection, guild_id: int, deck_id: str, names: Collection[str],
                    new_files: Mapping[str, bytes], admit: Callable[[int], str | None]) -> RecallError | None:
    """Inside the deck's write transaction: make `names` the files the deck uses, storing those of
    `new_files` the server lacks, unless `admit` refuses the server's media total as it would be after
    (files no other deck uses dropped), or a name is neither stored nor given. Returns the refusal (then
    nothing was written) or None."""
    stored = dict(conn.execute("SELECT name, size FROM server_media WHERE guild_id = ?", (guild_id,)).fetchall())
    others = {row[0] for row in conn.execute(
        "SELECT DISTINCT name FROM server_deck_media WHERE guild_id = ? AND deck_id != ?", (guild_id, deck_id))}
    missing = sorted(name for name in names if name not in stored and name not in new_files)
    if missing:
        return RecallError(N_("the media file {name} is no longer on this server; upload the deck with its package"),
                           name=missing[0])
    kept = others | set(names)
    total = sum(size for name, size in stored.items() if name in kept)
    total += sum(len(new_files[name]) for name in set(names) - stored.keys())
    refused = admit(total)
    if refused is not None:
        return RecallError(refused)
    conn.executemany("INSERT INTO server_media (guild_id, name, size, data) VALUES (?, ?, ?, ?)",
                     [(guild_id, name, len(new_files[name]), new_files[name])
                      for name in sorted(set(names) - stored.keys())])
    conn.execute("DELETE FROM server_deck_media WHERE guild_id = ? AND deck_id = ?", (guild_id, deck_id))
    conn.executemany("INSERT INTO server_deck_media (guild_id, deck_id, name) VALUES (?, ?, ?)",
                     [(guild_id, deck_id, name) for name in sorted(set(names))])
    free_unused_media(conn, guild_id)
    return None


def unlink_deck_media(conn: sqlite3.Connection, guild_id: int, deck_id: str) -> None:
    """Inside a deck's removal: its links go, and the files no other deck of the server names."""
    conn.execute("DELETE FROM server_deck_media WHERE guild_id = ? AND deck_id = ?", (guild_id, deck_id))
    free_unused_media(conn, guild_id)


def free_unused_media(conn: sqlite3.Connection, guild_id: int) -> None:
    conn.execute("DELETE FROM server_media WHERE guild_id = ? AND name NOT IN"
                 " (SELECT name FROM server_deck_media WHERE guild_id = ?)", (guild_id, guild_id))


class SqliteMediaStore:
    """Implements the services' `MediaStore` port (`bot.services.server_ports`): reads, by server."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def media_file(self, guild_id: int, name: str) -> bytes | None:
        """The bytes of that server's file of that name; None if the server has none (another server's
        file of the same name is not this server's)."""
        rows = await self.db.fetch_all("SELECT data FROM server_media WHERE guild_id = ? AND name = ?", (guild_id, name))
        return bytes(rows[0][0]) if rows else None

    async def media_heads(self, guild_id: int, names: Collection[str]) -> dict[str, MediaHead]:
        """Size and first bytes of the server's files among `names` (to check an upload naming them)."""
        wanted = sorted(set(names))  # at most two per card of one deck
        if not wanted:
            return {}
        rows = await self.db.fetch_all(
            f"SELECT name, size, substr(data, 1, {HEAD_BYTES}) FROM server_media WHERE guild_id = ?"
            f" AND name IN ({', '.join('?' * len(wanted))})", (guild_id, *wanted))
        return {row[0]: MediaHead(int(row[1]), bytes(row[2])) for row in rows}

    async def media_total(self, guild_id: int) -> int:
        rows = await self.db.fetch_all("SELECT COALESCE(SUM(size), 0) FROM server_media WHERE guild_id = ?", (guild_id,))
        return int(rows[0][0])
