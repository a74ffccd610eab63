"""The reminder pass's reads are index searches: no scan of the opted-in members or of the attempts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.storage.database import Database
from bot.storage.guild_decks import NEXT_CARD_DUE, REMINDERS_TO_CHECK


async def test_reminder_reads_use_indexes(tmp_path: Path) -> None:
    db = await Database.open(f"sqlite:///{tmp_path}/plans.db")
    await db.close()
    with sqlite3.connect(tmp_path / "plans.db") as conn:
        for query, index in ((REMINDERS_TO_CHECK, "reminders_next_check"), (NEXT_CARD_DUE, "srs_cards_due")):
            plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}", (0, 0)))
            assert "SCAN" not in plan and index in plan, (query, plan)
            assert "attempts" not in query or "INTEGER PRIMARY KEY (rowid>?)" in plan, plan
