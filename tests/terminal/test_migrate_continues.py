"""After `migrate`, the group carries on on PostgreSQL: the services read the same streaks, stats, due cards
and leaderboards from the copy as from the SQLite file, and the next answer is stored under a new id."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.services.api import Learner
from tests.services.conftest import CONTENT, tiny_deck
from tests.terminal.commands import run_here
from tests.terminal.group_data import GUILD, LARGEST_ID, NOW, OTHER_GUILD

LEARNERS = [Learner(LARGEST_ID, GUILD), Learner(1001, GUILD), Learner(1003, OTHER_GUILD), Learner(1002, GUILD)]


async def views(url: str) -> list[object]:
    decks = load_decks([CONTENT]).decks
    decks["tiny"] = tiny_deck()
    services = await open_services(url, decks)
    try:
        seen: list[object] = []
        for learner in LEARNERS:
            seen += [await services.recall.streak(learner, now=NOW), await services.recall.stats(learner, now=NOW),
                     await services.recall.due_cards(learner, now=NOW + timedelta(days=30))]
        for period in ("week", "all"):
            seen.append(await services.recall.leaderboard(GUILD, now=NOW, period=period, min_attempts=1))
        return seen
    finally:
        await services.close()


def test_the_copy_serves_what_the_file_served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, group_db: Path,
                                                    empty_postgres_url: str) -> None:
    source = tmp_path / "recall.db"
    with sqlite3.connect(group_db) as src, sqlite3.connect(source) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    moved = run_here(monkeypatch, tmp_path, "migrate", "--from", f"sqlite:///{source}", "--to", empty_postgres_url)
    assert moved.returncode == 0, moved.output
    lite = asyncio.run(views(f"sqlite:///{source}"))
    assert any(lite) and lite[0] is not None
    assert asyncio.run(views(empty_postgres_url)) == lite

    with sqlite3.connect(source) as conn:
        (highest,) = conn.execute("SELECT MAX(id) FROM attempts").fetchone()
    conn.close()
    assert asyncio.run(answer_once(empty_postgres_url)) == highest + 1


async def answer_once(url: str) -> int:
    decks = load_decks([CONTENT]).decks
    decks["tiny"] = tiny_deck()
    services = await open_services(url, decks)
    try:
        outcome = await services.recall.answer_choice(LEARNERS[0], "tiny", "c1", 0, now=NOW + timedelta(hours=1),
                                                      rng=random.Random(3))
    finally:
        await services.close()
    return outcome.attempt_id
