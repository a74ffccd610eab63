"""A server's overlay on its decks (migration 008): keywords and misconceptions its admins added, and the
keyword offers of accepted appeals.

Every query names its server. A card's overlay is read by its full key (server, deck owner, deck id, card
id), an offer only through an appeal answered and accepted in the asking server.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from bot.services.records import (
    CardOverlay,
    KeywordOffer,
    OfferedKeyword,
    OverlayCardKey,
    OverlayMisconceptionRow,
)
from bot.storage.database import Database

_KEY = "guild_id = ? AND deck_guild = ? AND deck_id = ? AND card_id = ?"


def _key(key: OverlayCardKey) -> tuple[int, int, str, str]:
    return (key.guild_id, key.deck_guild, key.deck_id, key.card_id)


class SqliteOverlayStore:
    """Implements the services' `OverlayStore` port (`bot.services.server_ports`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def servers_with_overlay(self) -> set[int]:
        rows = await self.db.fetch_all(
            "SELECT DISTINCT guild_id FROM overlay_keywords UNION SELECT DISTINCT guild_id FROM overlay_misconceptions", ())
        return {int(row[0]) for row in rows}

    async def card_overlay(self, key: OverlayCardKey) -> CardOverlay:
        keywords = await self.db.fetch_all(
            f"SELECT concept, keyword FROM overlay_keywords WHERE {_KEY} ORDER BY added_at, concept, keyword", _key(key))
        misconceptions = await self.db.fetch_all(
            f"SELECT triggers, correction, contradicts FROM overlay_misconceptions WHERE {_KEY} ORDER BY id", _key(key))
        return CardOverlay(
            tuple((str(concept), str(keyword)) for concept, keyword in keywords),
            tuple(OverlayMisconceptionRow(tuple(str(triggers).split("\n")), str(correction), contradicts)
                  for triggers, correction, contradicts in misconceptions),
        )

    async def keyword_count(self, guild_id: int) -> int:
        rows = await self.db.fetch_all("SELECT COUNT(*) FROM overlay_keywords WHERE guild_id = ?", (guild_id,))
        return int(rows[0][0])

    async def add_keywords(self, key: OverlayCardKey, keywords: Sequence[tuple[str, str]], added_by: int,
                           now_ms: int) -> int:
        rows = [(*_key(key), concept, keyword, added_by, now_ms) for concept, keyword in keywords]

        def job(conn: sqlite3.Connection) -> int:
            added = 0
            for row in rows:  # one by one: rowcount says which were new (a replayed click adds nothing)
                added += conn.execute(
                    "INSERT INTO overlay_keywords (guild_id, deck_guild, deck_id, card_id, concept, keyword, added_by,"
                    " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", row).rowcount
            return added
        return int(await self.db.write(job))

    async def add_misconception(self, key: OverlayCardKey, misconception: OverlayMisconceptionRow, added_by: int,
                                now_ms: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "INSERT INTO overlay_misconceptions (guild_id, deck_guild, deck_id, card_id, triggers, correction,"
            " contradicts, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_key(key), "\n".join(misconception.triggers), misconception.correction, misconception.contradicts,
             added_by, now_ms)))

    async def save_offer(self, guild_id: int, attempt_id: int, words: Sequence[OfferedKeyword]) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT a.user_id FROM attempts a JOIN appeal_reviews r ON r.attempt_id = a.id"
                " WHERE a.id = ? AND a.guild_id = ? AND r.verdict = 'accepted'", (attempt_id, guild_id)).fetchone()
            if row is None:
                return False
            conn.executemany(
                "INSERT INTO appeal_keyword_offers (attempt_id, slot, position, guild_id, user_id, concept, keyword)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(attempt_id, w.slot, w.position, guild_id, row[0], w.concept, w.keyword) for w in words])
            return True
        return bool(await self.db.write(job))

    async def offer(self, guild_id: int, attempt_id: int) -> KeywordOffer | None:
        rows = await self.db.fetch_all(
            "SELECT a.deck_guild, a.deck_id, a.card_id, o.slot, o.position, o.concept, o.keyword"
            " FROM attempts a JOIN appeal_reviews r ON r.attempt_id = a.id"
            " JOIN appeal_keyword_offers o ON o.attempt_id = a.id AND o.guild_id = a.guild_id"
            " WHERE a.id = ? AND a.guild_id = ? AND r.verdict = 'accepted' ORDER BY o.slot, o.position",
            (attempt_id, guild_id))
        if not rows:
            return None
        deck_guild, deck_id, card_id = rows[0][0], rows[0][1], rows[0][2]
        words = tuple(OfferedKeyword(int(r[3]), int(r[4]), str(r[5]), str(r[6])) for r in rows)
        return KeywordOffer(attempt_id, int(deck_guild), str(deck_id), str(card_id), words)
