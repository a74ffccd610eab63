"""Every read the services make is an index search: no scan of a big table, no sort of a whole server."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from bot.storage.database import Database

BIG_TABLES = ("attempts", "period_scores", "member_streaks", "srs_cards", "study_days", "concept_stats")


async def test_reads_use_indexes(tmp_path: Path) -> None:
    db = await Database.open(f"sqlite:///{tmp_path}/plans.db")
    statements: list[str] = []
    await db._conn.set_trace_callback(statements.append)
    await db.guild_settings(1)
    await db.member(1)
    await db.streak(1, 1)
    await db.freeze_days(1, 1, date(2026, 1, 1))
    await db.points_total(1, 1)
    await db.top_points(1, "week", 739000, 10)
    await db.top_accuracy(1, "all", 0, 10, 10)
    await db.top_streaks(1, 0, 10)
    await db.due(1, 0, 25)
    await db.due(1, 0, 25, guild_id=1)  # a /review in a server: built-in decks and that server's
    await db.tallies(1, 1)
    await db.tallies(1, None)
    await db.weakest_concepts(1, 5, 1)
    await db.weakest_concepts(1, 5)
    await db.study_days(1, 1, date(2026, 1, 1))
    await db.study_days(1, None, date(2026, 1, 1))
    await db.served(1, "scope")
    await db.studies_in(1, 1)
    await db.close()
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 20  # due() reads the overdue cards, then (the page not full) the cards an exam puts at risk
    with sqlite3.connect(tmp_path / "plans.db") as conn:
        for query in queries:
            plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}"))
            for table in BIG_TABLES:
                assert f"SCAN {table}" not in plan and "SCAN s " not in plan and "SCAN t " not in plan, (query, plan)
            # leaderboards and due cards walk an index in order; per-member sorts (a member's own concepts) are fine
            if any(table in query for table in ("period_scores", "member_streaks", "srs_cards")):
                assert "TEMP B-TREE" not in plan, (query, plan)
