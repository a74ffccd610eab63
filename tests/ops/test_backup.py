"""Backups of a live database under write load, and their rotation (restores: test_restore.py)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.ops.backup import BackupError, backup, backup_folder, backup_rotating, backups_in
from tests.ops.conftest import add_recall_schema, python

NOW = datetime(2026, 11, 27, 22, 0, 5, tzinfo=UTC)

# Each transaction adds one item and bumps the ledger, so a consistent copy has ledger == count(items)
# and item ids exactly 1..n.
WRITER = textwrap.dedent(
    """
    import json, os, sqlite3, sys, time
    db, stop = sys.argv[1], sys.argv[2]
    connection = sqlite3.connect(db, timeout=30, isolation_level=None)
    commits, slowest = 0, 0.0
    print("writing", flush=True)
    while not os.path.exists(stop):
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO items(payload) VALUES (randomblob(600))")
        connection.execute("UPDATE ledger SET n = n + 1")
        connection.execute("COMMIT")
        slowest = max(slowest, time.perf_counter() - started)
        commits += 1
        time.sleep(0.0005)  # a busy bot, but one that lets readers in between commits
    print(json.dumps({"commits": commits, "slowest_commit_ms": round(slowest * 1000, 2)}), flush=True)
    """
)


def make_database(path: Path, *, journal_mode: str = "wal", rows: int = 100) -> Path:
    """A Recall database (every migration applied) plus two test tables: `items` and its `ledger`."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA journal_mode={journal_mode}")
    add_recall_schema(connection)
    connection.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, payload BLOB)")
    connection.execute("CREATE TABLE ledger(n INTEGER NOT NULL)")
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO items(payload) VALUES (randomblob(600))", [()] * rows)
    connection.execute("INSERT INTO ledger VALUES (?)", (rows,))
    connection.execute("COMMIT")
    connection.close()
    return path


def item_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        connection.close()


def assert_consistent(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ledger = connection.execute("SELECT n FROM ledger").fetchone()[0]
        count, lowest, highest = connection.execute("SELECT count(*), min(id), max(id) FROM items").fetchone()
    finally:
        connection.close()
    assert (count, lowest, highest) == (ledger, 1, ledger), "the copy is not one transaction's snapshot"
    return int(ledger)


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_backup_during_write_load_is_a_consistent_prefix(tmp_path: Path, journal_mode: str) -> None:
    db = make_database(tmp_path / "recall.db", journal_mode=journal_mode, rows=6000)  # ~4 MB
    stop = tmp_path / "stop"
    writer = python(WRITER, str(db), str(stop), stdout=subprocess.PIPE)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        time.sleep(0.2)
        before = item_count(db)
        started = time.perf_counter()
        copy = backup(db, tmp_path / "copy.db", pages_per_step=16)  # many small steps
        seconds = time.perf_counter() - started
        time.sleep(0.2)
        after = item_count(db)
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=30)
    stats = json.loads(out.strip().splitlines()[-1])
    print(f"\n{journal_mode}: backup {seconds * 1000:.1f} ms; writer {stats}")  # a figure, not asserted
    assert writer.returncode == 0
    assert after > before, "the writer kept committing around the backup"
    copied = assert_consistent(copy)
    assert before <= copied <= after
    assert_consistent(db)  # the live database is fine too


def test_backup_copy_is_one_self_contained_file(tmp_path: Path) -> None:
    copy = backup(make_database(tmp_path / "recall.db"), tmp_path / "out" / "copy.db")
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.db"], "no partial or side files"
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    assert item_count(copy) == 100


def test_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    copy = backup(make_database(tmp_path / "recall.db"), tmp_path / "copy.db")
    assert copy.stat().st_mode & 0o777 == 0o600


def test_a_backup_that_cannot_fit_is_refused_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_database(tmp_path / "recall.db")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(total=10**9, used=10**9, free=4096))
    with pytest.raises(BackupError, match="not enough free space"):
        backup(db, tmp_path / "out" / "copy.db")
    assert list((tmp_path / "out").iterdir()) == []


def test_default_destination_is_timestamped_beside_the_database(tmp_path: Path) -> None:
    copy = backup(make_database(tmp_path / "recall.db"), now=NOW)
    assert copy == tmp_path / "backups" / "recall-20261127T220005Z.db"
    assert item_count(copy) == 100


def test_a_folder_destination_gets_a_timestamped_file(tmp_path: Path) -> None:
    (tmp_path / "keep").mkdir()
    copy = backup(make_database(tmp_path / "recall.db"), tmp_path / "keep", now=NOW)
    assert copy == tmp_path / "keep" / "recall-20261127T220005Z.db"


def test_backup_works_while_the_bot_holds_its_lock(tmp_path: Path, lock_holder) -> None:
    db = make_database(tmp_path / "recall.db")
    lock_holder(db)
    assert item_count(backup(db, tmp_path / "copy.db")) == 100


def test_backup_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database", encoding="utf-8")
    with pytest.raises(BackupError, match="not a SQLite database"):
        backup(notes, tmp_path / "copy.db")
    with pytest.raises(BackupError, match="does not exist"):
        backup(tmp_path / "missing.db", tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def corrupt_an_index_page(db: Path) -> None:
    connection = sqlite3.connect(db)
    connection.execute("CREATE INDEX items_payload ON items(payload)")
    connection.commit()
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items_payload'").fetchone()[0]
    connection.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(bytes(range(256)) * 4)


def test_a_copy_that_fails_its_integrity_check_is_not_kept(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db", journal_mode="delete", rows=300)
    corrupt_an_index_page(db)
    (tmp_path / "out").mkdir()
    with pytest.raises(BackupError):
        backup(db, tmp_path / "out" / "copy.db")
    assert list((tmp_path / "out").iterdir()) == []


def test_rotation_keeps_the_newest_and_only_touches_its_own_files(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    strangers = [folder / "notes.txt", folder / "other-20200101T000000Z.db", folder / "recall-old.db"]
    for path in strangers:
        path.write_text("keep me", encoding="utf-8")
    made = [backup_rotating(db, folder, keep=3, now=NOW + timedelta(days=day)) for day in range(5)]
    assert backups_in(folder, db) == made[-3:]
    assert all(path.exists() for path in strangers)
    with pytest.raises(BackupError, match="at least 1"):
        backup_rotating(db, folder, keep=0, now=NOW)


def test_a_relative_backup_folder_is_beside_the_database(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    db = make_database(tmp_path / "data" / "recall.db")
    made = backup_rotating(db, Path("backups"), keep=1, now=NOW)
    assert made == tmp_path / "data" / "backups" / "recall-20261127T220005Z.db"
    assert backup_folder("/data/recall.db", "backups") == Path("/data/backups")
    assert backup_folder("/data/recall.db", "/srv/copies") == Path("/srv/copies")
