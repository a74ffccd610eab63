"""Schedule storage on real SQLite files (and the slot's uniqueness on PostgreSQL too): the slot is unique, ticks read by index, and two real
processes ticking the same database at the same instant claim every slot exactly once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.storage.database import Database
from bot.storage.schedules import SqliteScheduleStore
from tests.backends import execute_on

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


async def add_many(path: Path | str, count: int) -> None:
    """`count` schedules in server 1; `path`: a SQLite file, or any database URL."""
    url = path if isinstance(path, str) else f"sqlite:///{path}"
    services = await open_services(url, load_decks([CONTENT]).decks)
    for index in range(count):
        await services.scheduling.add(index + 1, 1, channel_id=100 + index, time="08:00", timezone="UTC",
                                      deck_id="model-optimization-nlp", kind="mixed", now=NOW)
    await services.close()


async def test_a_slot_can_be_claimed_once_at_the_sql_level(backend_url: str) -> None:
    await add_many(backend_url, 1)
    insert = ("INSERT INTO schedule_posts (schedule_id, guild_id, channel_id, local_date, cycle, deck_id, card_id,"
              " form, claimed_at) VALUES (1, 1, 100, ?, 1, 'd', 'c', 'flashcard', 0)")
    await execute_on(backend_url, insert, (739000,))
    with pytest.raises(sqlite3.IntegrityError):  # PostgreSQL's unique violation is one too (tests/backends.py)
        await execute_on(backend_url, insert, (739000,))
    await execute_on(backend_url, insert, (739001,))
    manual = insert.replace("?", "NULL")
    await execute_on(backend_url, manual)
    await execute_on(backend_url, manual)  # try-out posts have no slot
    assert await execute_on(backend_url, "SELECT COUNT(*) FROM schedule_posts") == [(4,)]


async def test_the_tick_query_uses_its_indexes(tmp_path: Path) -> None:
    await add_many(tmp_path / "r.db", 3)
    db = await Database.open(f"sqlite:///{tmp_path}/r.db")
    statements: list[str] = []
    await db._conn.set_trace_callback(statements.append)
    assert sorted(await SqliteScheduleStore(db).due_ids(0)) == [1, 2, 3]  # new schedules: decide at the next tick
    await db.close()
    (query,) = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    with sqlite3.connect(tmp_path / "r.db") as conn:
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}"))
    assert "SEARCH schedules USING COVERING INDEX schedules_due" in plan, plan
    assert "SEARCH schedules USING COVERING INDEX schedules_checked" in plan, plan
    assert "SCAN schedules" not in plan, plan


def test_two_processes_tick_at_once_and_claim_each_slot_once(tmp_path: Path) -> None:
    import asyncio

    db = tmp_path / "two.db"
    asyncio.run(add_many(db, 60))
    due = (NOW + timedelta(hours=1, minutes=5)).isoformat()
    tickers = [
        subprocess.Popen([sys.executable, "-m", "tests.storage.schedule_ticker", str(db), due, str(seed)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for seed in (1, 2)
    ]
    time.sleep(1.0)  # both opened the database and wait for the signal
    db.with_name(db.name + ".go").touch()
    outputs = []
    for ticker in tickers:
        out, err = ticker.communicate(timeout=60)
        assert ticker.returncode == 0, err.decode()
        outputs.append([int(i) for i in out.decode().split()])
    claimed = outputs[0] + outputs[1]
    assert sorted(claimed) == list(range(1, 61)), outputs  # every slot once, whoever won it
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT schedule_id, COUNT(*) FROM schedule_posts GROUP BY schedule_id").fetchall()
    assert len(rows) == 60 and all(count == 1 for _, count in rows)
