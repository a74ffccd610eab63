"""Restores that can't destroy data: the backup is checked first, earlier databases are kept, a bot blocks it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.ops.backup import BackupError, backup
from bot.ops.restore import PRE_RESTORE_KEEP, pre_restore_files, restore, verify_recall_database
from bot.storage.sqlite import LATEST_VERSION
from tests.ops.conftest import add_recall_schema, python
from tests.ops.test_backup import assert_consistent, corrupt_an_index_page, item_count, make_database

NOW = datetime(2026, 11, 27, 22, 0, 5, tzinfo=UTC)


def add_items(db: Path, count: int) -> None:
    connection = sqlite3.connect(db)
    connection.executemany("INSERT INTO items(payload) VALUES (x'00')", [()] * count)
    connection.execute("UPDATE ledger SET n = n + ?", (count,))
    connection.commit()
    connection.close()


def on_disk(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def test_restore_replaces_the_database_and_keeps_the_previous_one(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db", rows=100)
    saved = backup(db, tmp_path / "saved.db")
    add_items(db, 1)
    done = restore(saved, db, now=NOW)
    assert done.database == db and done.source == saved and done.schema_version == LATEST_VERSION
    assert done.previous == tmp_path / "recall.db.pre-restore-20261127T220005Z"
    assert item_count(db) == 100
    assert item_count(done.previous) == 101
    assert item_count(saved) == 100, "the backup itself is untouched"
    assert done.dropped == ()


def test_restore_drops_a_stale_wal_instead_of_replaying_it(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db", rows=100)
    saved = backup(db, tmp_path / "saved.db")
    crashed_bot = python(
        textwrap.dedent(
            """
            import os, sqlite3, sys
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("PRAGMA wal_autocheckpoint=0")
            connection.execute("INSERT INTO items(payload) VALUES (x'01')")
            connection.execute("UPDATE ledger SET n = n + 1")
            os._exit(0)  # no close, no checkpoint: the -wal stays behind as after a crash
            """
        ),
        str(db),
    )
    assert crashed_bot.wait(timeout=30) == 0
    assert Path(f"{db}-wal").stat().st_size > 0
    done = restore(saved, db)
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    assert assert_consistent(db) == 100
    assert done.previous is not None
    assert assert_consistent(done.previous) == 101, "the crash's commit was kept aside"


def test_restore_is_refused_while_a_bot_holds_the_database(tmp_path: Path, lock_holder) -> None:
    db = make_database(tmp_path / "recall.db", rows=100)
    saved = backup(make_database(tmp_path / "other.db", rows=7), tmp_path / "saved.db")
    bot = lock_holder(db)
    with pytest.raises(BackupError, match=f"refusing to restore.*process {bot.pid}"):
        restore(saved, db)
    assert item_count(db) == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db", "recall.db", "recall.db.lock", "saved.db"]
    bot.stdin.close()  # the bot stops
    bot.wait(timeout=10)
    restore(saved, db)
    assert item_count(db) == 7


def test_a_bot_on_the_same_file_under_another_path_blocks_restore(tmp_path: Path, lock_holder) -> None:
    (tmp_path / "data").mkdir()
    db = make_database(tmp_path / "data" / "recall.db", rows=10)
    saved = backup(make_database(tmp_path / "other.db", rows=2), tmp_path / "saved.db")
    (tmp_path / "linked").symlink_to(tmp_path / "data")
    (tmp_path / "alias.db").symlink_to(db)
    for spelling in (tmp_path / "linked" / "recall.db", tmp_path / "alias.db", tmp_path / "data" / ".." / "data" / "recall.db"):
        bot = lock_holder(spelling)
        with pytest.raises(BackupError, match=f"refusing to restore.*process {bot.pid}"):
            restore(saved, db)
        with pytest.raises(BackupError, match="refusing to restore"):
            restore(saved, tmp_path / "alias.db")
        bot.stdin.close()
        bot.wait(timeout=10)
        assert item_count(db) == 10, spelling


def test_restore_through_a_symlink_replaces_the_real_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    db = make_database(tmp_path / "data" / "recall.db", rows=10)
    (tmp_path / "alias.db").symlink_to(db)
    saved = backup(make_database(tmp_path / "other.db", rows=3), tmp_path / "saved.db")
    done = restore(saved, tmp_path / "alias.db")
    assert done.database == db and (tmp_path / "alias.db").is_symlink()
    assert item_count(tmp_path / "alias.db") == 3
    assert done.previous is not None and done.previous.parent == db.parent and item_count(done.previous) == 10


def newer_schema(path: Path) -> Path:
    make_database(path, rows=5)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    return path


def another_programs_database(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes(body) VALUES ('mine')")
    connection.commit()
    connection.close()
    return path


def truncated(path: Path) -> Path:
    full = make_database(path.with_name("full.db"), journal_mode="delete", rows=300)
    path.write_bytes(full.read_bytes()[:20000])
    full.unlink()
    return path


def missing_a_table(path: Path) -> Path:
    make_database(path, rows=5)
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE attempts")
    connection.close()
    return path


def not_sqlite(path: Path) -> Path:
    path.write_text("SQLite format 2 but not really", encoding="utf-8")
    return path


def corrupt(path: Path) -> Path:
    make_database(path, journal_mode="delete", rows=300)
    corrupt_an_index_page(path)
    return path


@pytest.mark.parametrize(
    ("make_bad", "reason"),
    [
        (newer_schema, "schema version 99, newer than this Recall knows"),
        (another_programs_database, "is not a Recall database"),
        (truncated, "is damaged"),
        (missing_a_table, "tables missing: attempts"),
        (not_sqlite, "not a SQLite database"),
        (corrupt, "is damaged"),
        (lambda path: path, "does not exist"),
    ],
    ids=["newer-schema", "another-program", "truncated", "missing-table", "not-sqlite", "corrupt", "missing"],
)
def test_a_file_that_is_not_a_runnable_recall_database_is_refused_and_nothing_changes(
    tmp_path: Path, make_bad, reason: str
) -> None:
    (tmp_path / "live").mkdir()
    (tmp_path / "offered").mkdir()
    db = make_database(tmp_path / "live" / "recall.db", rows=100)
    bad = make_bad(tmp_path / "offered" / "backup.db")
    before = on_disk(db.parent)
    with pytest.raises(BackupError, match=reason):
        restore(bad, db)
    assert on_disk(db.parent) == before, "the live database and its folder are exactly as they were"
    assert item_count(db) == 100


def test_an_older_schema_is_restored_for_the_bot_to_migrate(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    connection = sqlite3.connect(old, isolation_level=None)
    add_recall_schema(connection, version=1)
    connection.close()
    assert verify_recall_database(old) == 1
    done = restore(old, tmp_path / "live" / "recall.db")
    assert done.schema_version == 1 and done.previous is None


def test_two_restores_in_a_row_keep_both_earlier_states(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db", rows=10)
    first = backup(make_database(tmp_path / "a.db", rows=1), tmp_path / "first.db")
    second = backup(make_database(tmp_path / "b.db", rows=2), tmp_path / "second.db")
    one = restore(first, db, now=NOW)
    two = restore(second, db, now=NOW)  # the same second: the name gets -2
    assert one.previous == tmp_path / "recall.db.pre-restore-20261127T220005Z"
    assert two.previous == tmp_path / "recall.db.pre-restore-20261127T220005Z-2"
    assert [item_count(p) for p in pre_restore_files(db)] == [10, 1]
    assert item_count(db) == 2


def test_the_sixth_restore_drops_the_oldest_kept_database(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db", rows=100)
    saved = [backup(make_database(tmp_path / f"s{n}.db", rows=n), tmp_path / f"saved{n}.db") for n in range(1, 7)]
    results = [restore(path, db, now=NOW + timedelta(seconds=n)) for n, path in enumerate(saved)]
    assert all(r.dropped == () for r in results[:PRE_RESTORE_KEEP])
    oldest = results[0].previous
    assert results[5].dropped == (oldest,) and oldest is not None and not oldest.exists()
    kept = pre_restore_files(db)
    assert len(kept) == PRE_RESTORE_KEEP
    assert [item_count(p) for p in kept] == [1, 2, 3, 4, 5], "the five states before the last restore"
    assert item_count(db) == 6


def test_collision_numbers_sort_as_numbers(tmp_path: Path) -> None:
    db = tmp_path / "recall.db"
    names = ["recall.db.pre-restore-20261127T220005Z-10", "recall.db.pre-restore-20261127T220005Z-2",
             "recall.db.pre-restore-20261127T220005Z", "recall.db.pre-restore-20261127T220004Z-3",
             "recall.db.pre-restore", "other.db.pre-restore-20261127T220005Z"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in pre_restore_files(db)] == [names[3], names[2], names[1], names[0]]


def test_restore_reads_plain_and_hot_copies_of_a_wal_database(tmp_path: Path) -> None:
    live = make_database(tmp_path / "live.db", rows=5)
    plain = tmp_path / "plain.db"
    shutil.copyfile(live, plain)  # a file copy of a stopped bot's database: WAL mode, no -wal beside it
    restore(plain, tmp_path / "a" / "recall.db")
    assert item_count(tmp_path / "a" / "recall.db") == 5
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("plain")) == ["plain.db"]

    writer = sqlite3.connect(live)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO items(payload) VALUES (x'02')")
    writer.commit()
    shutil.copyfile(live, tmp_path / "hot.db")  # copied with its -wal while the writer is open
    shutil.copyfile(f"{live}-wal", tmp_path / "hot.db-wal")
    writer.close()
    restore(tmp_path / "hot.db", tmp_path / "b" / "recall.db")
    assert item_count(tmp_path / "b" / "recall.db") == 6, "the committed rows in the -wal are restored too"


def test_restore_into_a_fresh_location(tmp_path: Path) -> None:
    saved = backup(make_database(tmp_path / "recall.db", rows=5), tmp_path / "saved.db")
    target = tmp_path / "new" / "recall.db"
    done = restore(saved, target)
    assert item_count(target) == 5
    assert done.previous is None and pre_restore_files(target) == []


def test_restore_onto_itself_is_refused(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db")
    with pytest.raises(BackupError, match="itself"):
        restore(db, db)
    assert os.path.getsize(db) > 0 and item_count(db) == 100
