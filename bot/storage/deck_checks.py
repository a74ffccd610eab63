"""Stored decks as the start-up check reads them, a chunk at a time, and the cache of its verdicts
(migration 006); each server's deck sizes for the upload quota (bot.core.limits)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from bot.services.records import StoredDeckRef
from bot.storage.database import Database

_SIZE = "length(CAST(source_text AS BLOB))"  # bytes of UTF-8, as uploaded (length() alone counts characters)


# deck id, bytes of text: each deck a server has uploaded (the upload quota, bot.core.limits)
SERVER_DECK_SIZES = f"SELECT deck_id, {_SIZE} FROM guild_decks WHERE guild_id = ?"


class SqliteDeckChecks:
    """Implements the services' `DeckCheckStore` port (`bot.services.server_ports`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def stored_decks(self) -> list[StoredDeckRef]:
        """Every server's uploads, without their texts (those are read a chunk at a time)."""
        rows = await self.db.fetch_all(
            f"SELECT guild_id, deck_id, {_SIZE} FROM guild_decks ORDER BY guild_id, deck_id", ())
        return [StoredDeckRef(guild_id, deck_id, size) for guild_id, deck_id, size in rows]

    async def stored_texts(self, refs: Sequence[StoredDeckRef]) -> list[str | None]:
        """The texts of `refs`, in order (None for a deck removed since it was listed)."""
        texts: dict[tuple[int, str], str] = {}
        for guild_id in sorted({ref.guild_id for ref in refs}):
            ids = [ref.deck_id for ref in refs if ref.guild_id == guild_id]
            for start in range(0, len(ids), 500):  # (SQLite's limit on bound parameters)
                part = ids[start : start + 500]
                rows = await self.db.fetch_all(
                    f"SELECT deck_id, source_text FROM guild_decks WHERE guild_id = ? AND deck_id IN "
                    f"({', '.join('?' * len(part))})", (guild_id, *part))
                texts.update(((guild_id, deck_id), text) for deck_id, text in rows)
        return [texts.get((ref.guild_id, ref.deck_id)) for ref in refs]

    async def cached_checks(self, hashes: Sequence[bytes], checker: str) -> dict[bytes, bytes]:
        """hash -> pickled deck, for the hashes checked by this `checker`."""
        found: dict[bytes, bytes] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            rows = await self.db.fetch_all(
                f"SELECT text_sha256, deck FROM deck_check_cache WHERE checker = ? AND text_sha256 IN "
                f"({', '.join('?' * len(part))})", (checker, *part))
            found.update((bytes(digest), bytes(deck)) for digest, deck in rows)
        return found

    async def cache_checks(self, rows: Iterable[tuple[bytes, bytes]], checker: str) -> None:
        """Remember (hash, pickled deck) pairs as checked by `checker` (replacing any other checker's)."""
        entries = [(digest, checker, deck) for digest, deck in rows]
        if not entries:
            return

        def job(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT OR REPLACE INTO deck_check_cache (text_sha256, checker, deck) VALUES (?, ?, ?)",
                             entries)
        await self.db.write(job)

    async def forget_checks_except(self, hashes: Iterable[bytes]) -> int:
        """Forget the texts no server stores any more; returns how many rows went."""
        keep = set(hashes)
        stale = [(bytes(digest),) for (digest,) in await self.db.fetch_all("SELECT text_sha256 FROM deck_check_cache", ())
                 if bytes(digest) not in keep]
        if stale:
            await self.db.write(lambda conn: conn.executemany(
                "DELETE FROM deck_check_cache WHERE text_sha256 = ?", stale))
        return len(stale)
