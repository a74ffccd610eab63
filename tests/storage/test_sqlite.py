"""Opening the database: URLs, migrations, refusing newer schemas, and clear errors for bad files."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import (
    BadDatabaseUrl,
    DatabaseCorrupt,
    DatabaseTooNew,
    DiskFull,
    InvalidAnswer,
    StorageError,
)
from bot.storage.database import Database
from bot.storage.sqlite import LATEST_VERSION, connect, split_statements
from bot.storage.url import database_path, resolve_database_url
from bot.storage.writer import Writer


def test_urls() -> None:
    assert database_path("sqlite:///data/recall.db") == Path("data/recall.db")
    assert database_path("sqlite:////var/lib/recall.db") == Path("/var/lib/recall.db")
    for bad in ["postgres://x/y", "sqlite://relative.db", "sqlite:///", "sqlite:///:memory:", "", "sqlite:///dir/"]:
        with pytest.raises(BadDatabaseUrl):
            database_path(bad)


def test_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECALL_DATABASE_URL", raising=False)
    assert resolve_database_url(None) == "sqlite:///data/recall.db"
    monkeypatch.setenv("RECALL_DATABASE_URL", "sqlite:////tmp/x.db")
    assert resolve_database_url(None) == "sqlite:////tmp/x.db"
    assert resolve_database_url("sqlite:///y.db") == "sqlite:///y.db"


def test_fresh_database_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    conn = connect(tmp_path / "sub" / "new.db")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        with pytest.raises(sqlite3.IntegrityError):  # an attempt needs its member
            conn.execute(
                "INSERT INTO attempts (user_id, deck_id, card_id, kind, level, source, correct, points, answered_at)"
                " VALUES (1, 'd', 'c', 'choice', 'beginner', 'drill', 1, 10, 0)"
            )
    finally:
        conn.close()
    again = connect(tmp_path / "sub" / "new.db")  # reopening applies nothing twice
    again.close()


def test_an_older_database_is_upgraded_in_place(tmp_path: Path) -> None:
    from bot.storage.sqlite import migrations

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        for statement in split_statements(migrations()[0][2]):
            conn.execute(statement)
        conn.execute("INSERT INTO members (user_id) VALUES (42)")
        conn.execute("PRAGMA user_version = 1")
    upgraded = connect(path)
    try:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 2
        names = {r[0] for r in upgraded.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "period_scores_accuracy" in names
        assert upgraded.execute("SELECT user_id FROM members").fetchall() == [(42,)]
    finally:
        upgraded.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(DatabaseTooNew, match="newer version of Recall"):
        connect(path)


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.storage.sqlite as module

    good = module.migrations()
    monkeypatch.setattr(module, "migrations", lambda: [*good, (2, "002_bad.sql", "CREATE TABLE x (a);\nNOT SQL;")])
    monkeypatch.setattr(module, "LATEST_VERSION", 2)
    with pytest.raises(StorageError) as raised:
        connect(tmp_path / "half.db")
    assert "syntax" in str(raised.value.__cause__)
    with sqlite3.connect(tmp_path / "half.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


def test_split_statements_gives_one_executable_statement_each() -> None:
    statements = split_statements("-- c\nCREATE TABLE a (x);\n\nCREATE TABLE b (y); -- tail\n-- end\n")
    assert len(statements) == 2
    conn = sqlite3.connect(":memory:")
    for statement in statements:
        conn.execute(statement)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 2


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        connect(path)


async def test_full_disk_mid_drill_is_a_clear_error_and_loses_nothing_committed(tmp_path: Path) -> None:
    """SQLite's max_page_count caps the file like a full disk (SQLITE_FULL), without root or a tiny fs."""
    from bot.storage.attempts import NewAttempt, record_attempt

    def attempt(i: int) -> NewAttempt:
        return NewAttempt(1, 1, "d", "c", "open", "beginner", "drill", None, None, "x" * 3000, None, True, 1, 1, 10,
                          datetime(2026, 1, 1, tzinfo=UTC), 3, i)

    # The cap leaves room for a few attempts only: 17 pages above the empty schema (81 pages at migration 018),
    # measured here so that a new migration doesn't use the room up.
    empty = await Database.open(f"sqlite:///{tmp_path}/empty.db")
    await empty.close()
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        schema_pages = conn.execute("PRAGMA page_count").fetchone()[0]
    db = await Database.open(f"sqlite:///{tmp_path}/small.db", max_page_count=schema_pages + 17)
    stored = 0
    with pytest.raises(DiskFull, match="full"):
        for i in range(200):
            await db.write(lambda conn, i=i: record_attempt(conn, attempt(i)))
            stored += 1
    assert 0 < stored < 200
    await db.close()
    with sqlite3.connect(tmp_path / "small.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == stored


async def test_group_commit_batches_and_isolates_a_failing_job(tmp_path: Path) -> None:
    writer = await Writer.open(tmp_path / "w.db")

    def insert(user: int) -> int:
        def job(conn: sqlite3.Connection) -> int:
            if user == 13:
                raise InvalidAnswer("unlucky")
            if user == 17:
                raise TypeError("a bug in one job")
            conn.execute("INSERT INTO members (user_id) VALUES (?)", (user,))
            return user

        return job  # type: ignore[return-value]

    results = await asyncio.gather(*(writer.run(insert(u)) for u in range(300)), return_exceptions=True)
    assert isinstance(results[13], InvalidAnswer) and isinstance(results[17], TypeError)
    assert [r for i, r in enumerate(results) if i not in (13, 17)] == [u for u in range(300) if u not in (13, 17)]
    assert writer.batches < 300 / 2  # jobs that arrived together shared commits
    await writer.close()
    with sqlite3.connect(tmp_path / "w.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 298


async def test_random_source_is_the_only_randomness(tmp_path: Path) -> None:
    """Two databases fed the same answers and seeds end with identical spaced-repetition schedules."""
    from bot.app.wiring import open_services
    from bot.content.loader import load_decks
    from bot.services.api import Learner

    decks = load_decks([Path(__file__).resolve().parents[2] / "content"]).decks
    dues = []
    for name in ("a", "b"):
        services = await open_services(f"sqlite:///{tmp_path}/{name}.db", decks)
        rng = random.Random(5)
        now = datetime(2026, 1, 1, tzinfo=UTC)
        for _ in range(30):
            drill = await services.recall.next_card(Learner(1, 1), now=now, rng=rng, kind="choice")
            await services.recall.answer_choice(Learner(1, 1), drill.deck_id, drill.card.id, 0, now=now, rng=rng)
        await services.close()
        with sqlite3.connect(tmp_path / f"{name}.db") as conn:
            dues.append(conn.execute("SELECT deck_id, card_id, due FROM srs_cards ORDER BY 1, 2").fetchall())
    assert dues[0] == dues[1] and dues[0]


async def test_damage_found_later_is_still_a_clear_error(tmp_path: Path) -> None:
    """A file whose header is fine but whose pages are garbage fails with DatabaseCorrupt, at start or in use."""
    from bot.app.wiring import open_services
    from bot.services.api import Learner
    from tests.services.conftest import tiny_deck

    url, path = f"sqlite:///{tmp_path}/hurt.db", tmp_path / "hurt.db"
    services = await open_services(url, {"tiny": tiny_deck()})
    rng = random.Random(1)
    for user in range(300):
        await services.recall.answer_open(Learner(user, 1), "tiny", "o1", "alpha " * 200, now=datetime(2026, 1, 1, tzinfo=UTC),
                                   rng=rng)
    await services.close()
    data = bytearray(path.read_bytes())
    page = 4096
    noise = random.Random(2).randbytes(len(data) - 3 * page)
    data[3 * page:] = noise  # keep the header and the first pages of the schema
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        reopened = await open_services(url, {"tiny": tiny_deck()})
        try:
            await reopened.recall.leaderboard(1, now=datetime(2026, 1, 1, tzinfo=UTC), period="all")
            await reopened.recall.answer_choice(Learner(1, 1), "tiny", "c1", 0, now=datetime(2026, 1, 1, tzinfo=UTC), rng=rng)
            await reopened.recall.stats(Learner(1, 1), now=datetime(2026, 1, 1, tzinfo=UTC))
        finally:
            await reopened.close()
