"""What a server's members remember of a deck's cards, summed per card in SQL (a `review` schedule's pick).

One query on a read-only connection of its own (off the event loop, outside any write transaction): the members
counted for a card are those who answered that card in this server (`attempts.guild_id`), each with
their own review state of it (`srs_cards`, keyed by member and deck owner). Their retrievability is
fsrs's forgetting curve, R = (1 + factor * days / stability) ** decay with whole days since the last
review, the constants handed in from `bot.core.group_pick.forgetting_curve()`. The result has at most
one row per eligible card (the ids are passed in), so the work is one index range of the attempt log
for that server and deck plus one primary-key look-up per (member, card) pair, and the rows read back
are bounded by the deck's size whatever the number of members.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence

from bot.core.group_pick import CardMemory, ForgettingCurve
from bot.storage.apart import ApartReads
from bot.storage.database import Database

DAY_MS = 86_400_000
CONCURRENT_READS = 2

GROUP_MEMORY_SQL = """
SELECT s.card_id, COUNT(*),
       SUM(1.0 - power(1.0 + :factor * MAX(0, (:now - s.last_review) / :day) / s.stability, :decay))
  FROM (SELECT DISTINCT a.card_id, a.user_id FROM attempts a
         WHERE a.guild_id = :guild AND a.deck_guild = :owner AND a.deck_id = :deck
           AND a.card_id IN (SELECT value FROM json_each(:cards))) AS seen
  JOIN srs_cards s ON s.user_id = seen.user_id AND s.deck_guild = :owner AND s.deck_id = :deck
                  AND s.card_id = seen.card_id
 WHERE s.last_review IS NOT NULL AND s.stability > 0
 GROUP BY s.card_id
"""


def group_memory_params(guild_id: int, owner: int, deck_id: str, card_ids: Sequence[str], now_ms: int,
                        curve: ForgettingCurve) -> dict[str, object]:
    return {"factor": curve.factor, "decay": curve.decay, "now": now_ms, "day": DAY_MS, "guild": guild_id,
            "owner": owner, "deck": deck_id, "cards": json.dumps(list(card_ids))}


class SqliteGroupMemory:
    """Reads the group's memory of a deck for a server (see the module docstring).

    Each read runs on a read-only connection of its own in a worker thread (at most
    `CONCURRENT_READS` at once): a server with thousands of members makes this a query of seconds, and it
    must hold up neither the event loop nor the shared read connection the commands use."""

    def __init__(self, db: Database) -> None:
        self._apart = ApartReads(db.path, CONCURRENT_READS)

    @staticmethod
    def _read(conn: sqlite3.Connection, params: dict[str, object]) -> list[tuple[str, int, float]]:
        try:
            conn.execute("SELECT power(2.0, 0.5)").fetchone()
        except sqlite3.OperationalError:  # an SQLite built without its math functions: Python's pow
            conn.create_function("power", 2, math.pow, deterministic=True)
        return conn.execute(GROUP_MEMORY_SQL, params).fetchall()

    async def group_memory(self, guild_id: int, owner: int, deck_id: str, card_ids: Sequence[str], now_ms: int,
                           curve: ForgettingCurve) -> dict[str, CardMemory]:
        if not card_ids:
            return {}
        params = group_memory_params(guild_id, owner, deck_id, card_ids, now_ms, curve)
        rows = await self._apart.run(lambda conn: self._read(conn, params))
        return {str(card): CardMemory(int(count), float(forgetting)) for card, count, forgetting in rows}
