"""`python -m bot migrate`: a study group's SQLite database, filled by the real services, copied into a
throwaway PostgreSQL database, every row compared; and each refusal (a target holding data, an
out-of-date source, a running bot, an unreachable server, a value PostgreSQL can't hold)."""

from __future__ import annotations

import asyncio
import io
import math
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.ops.instance_lock import InstanceLock
from tests.terminal.commands import Result, closed_port, run_here
from tests.terminal.group_data import BLOB, GUILD, LARGEST_ID, UNICODE_ANSWER

PASSWORD = "s3cret-Pa55"  # the throwaway server trusts every local login: a password is accepted and ignored


@pytest.fixture
def source(group_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the filled database for each test (some tests change it)."""
    copy = tmp_path / "recall.db"
    with sqlite3.connect(group_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return copy


@pytest.fixture
def target(empty_postgres_url: str) -> str:
    """The new database's URL with a password in it (which no output may show)."""
    scheme, _, rest = empty_postgres_url.partition("://")
    user, _, host = rest.partition("@")
    return f"{scheme}://{user}:{PASSWORD}@{host}"


def migrate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path, target: str, *extra: str) -> Result:
    result = run_here(monkeypatch, tmp_path, "migrate", "--from", f"sqlite:///{source}", "--to", target, *extra)
    assert PASSWORD not in result.output and "Traceback" not in result.output, result.output
    return result


def query(url: str, sql: str, *args: object) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        conn = await asyncpg.connect(url)
        try:
            return [tuple(row) for row in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    return asyncio.run(run())


def migrate_schema(url: str) -> None:
    from bot.storage.postgres.migrate import migrate as migrate_postgres

    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            await migrate_postgres(conn)
        finally:
            await conn.close()

    asyncio.run(run())


def sqlite_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        tables = {name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for name in names}
    conn.close()
    return tables


def same_rows(lite: list[tuple[object, ...]], pg: list[tuple[object, ...]]) -> bool:
    """Equal as multisets, each value compared as the type it is (floats within rounding)."""
    def key(row: tuple[object, ...]) -> str:
        return repr(tuple(round(v, 9) if isinstance(v, float) else v for v in row))

    return sorted(map(key, lite)) == sorted(map(key, pg))


def test_the_whole_database_is_copied_row_for_row(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                                  target: str) -> None:
    monkeypatch.setattr("bot.storage.move_up.BATCH_ROWS", 7)  # many batches per table, the real path
    migrate_schema(target)
    indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
    schema_indexes = query(target, indexes)
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 0, result.output
    assert query(target, indexes) == schema_indexes and len(schema_indexes) > 60  # dropped for the copy, rebuilt
    lite = sqlite_tables(source)
    assert "✓ copied" in result.stdout and f"of {len(lite)} tables" in result.stdout
    assert "✓ both sides hold the same rows in every table, and every member (13)" in result.stdout
    filled = {name for name, rows in lite.items() if rows}
    assert {"attempts", "members", "member_streaks", "srs_cards", "period_scores", "schedules", "guild_decks",
            "appeal_reviews", "appeal_keyword_offers", "reminders", "role_rewards", "card_reports", "deck_study",
            "server_media", "study_days", "concept_stats"} <= filled
    for name, rows in lite.items():
        columns = ", ".join(f'"{c[0]}"' for c in sqlite3.connect(source).execute(f'SELECT * FROM "{name}"').description)
        assert same_rows(rows, query(target, f'SELECT {columns} FROM "{name}"')), name
    # the edge values survived as themselves
    assert query(target, "SELECT COUNT(*) FROM members WHERE user_id = $1", LARGEST_ID) == [(1,)]
    assert query(target, "SELECT answer_text FROM attempts WHERE user_id = $1 AND kind = 'open'", LARGEST_ID) == [
        (UNICODE_ANSWER,)]
    assert query(target, "SELECT COUNT(*) FROM attempts WHERE guild_id IS NULL") == [(1,)]  # the DM answer
    assert query(target, "SELECT data FROM server_media WHERE guild_id = $1 ORDER BY name", GUILD) == [(b"",), (BLOB,)]
    retention = query(target, "SELECT retention FROM deck_study")[0][0]
    assert isinstance(retention, float) and math.isclose(retention, 0.85)
    # identities continue past the copied ids: the next attempt does not collide
    (highest,) = query(target, "SELECT MAX(id) FROM attempts")[0]
    (new_id,) = query(target, """INSERT INTO attempts (user_id, deck_id, card_id, kind, level, source, correct,
                                 points, answered_at) VALUES ($1, 'tiny', 'f1', 'flashcard', 'beginner', 'drill', 1,
                                 1, 0) RETURNING id""", LARGEST_ID)[0]
    assert isinstance(highest, int) and new_id == highest + 1


def test_a_target_holding_data_is_refused_unless_forced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        source: Path, target: str) -> None:
    assert migrate(monkeypatch, tmp_path, source, target).returncode == 0
    query(target, "INSERT INTO guild_welcomes (guild_id, welcomed_at) VALUES (1, 1)")  # written after the move
    refused = migrate(monkeypatch, tmp_path, source, target)
    assert refused.returncode == 1
    assert "already holds data (rows in appeal_keyword_offers (6)" in refused.stderr
    assert "Add --force" in refused.stderr and "***@" in refused.stderr
    assert query(target, "SELECT COUNT(*) FROM guild_welcomes") == [(1,)]  # untouched
    (attempts,) = query(target, "SELECT COUNT(*) FROM attempts")[0]

    forced = migrate(monkeypatch, tmp_path, source, target, "--force")
    assert forced.returncode == 0, forced.output
    assert query(target, "SELECT COUNT(*) FROM guild_welcomes") == [(0,)]  # emptied first, not merged
    assert query(target, "SELECT COUNT(*) FROM attempts") == [(attempts,)]  # not doubled


def test_a_source_behind_the_latest_schema_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                                      target: str) -> None:
    from bot.app.wiring import backend_for

    latest = backend_for("sqlite:///x.db").latest_version
    with sqlite3.connect(source) as conn:
        conn.execute(f"PRAGMA user_version = {latest - 1}")
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1
    assert f"has schema version {latest - 1}, and this Recall has {latest}: start the bot once on it" in result.stderr
    assert query(target, "SELECT to_regclass('attempts') IS NULL") == [(True,)]  # the target was never touched


@pytest.mark.parametrize(("version", "says"), [(0, "is not a Recall database (schema version 0)"),
                                                (None, "newer than this Recall knows")])
def test_a_source_of_no_or_a_newer_schema_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                                     target: str, version: int | None, says: str) -> None:
    from bot.app.wiring import backend_for

    with sqlite3.connect(source) as conn:
        conn.execute(f"PRAGMA user_version = {backend_for('sqlite:///x.db').latest_version + 1 if version is None else version}")
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1 and says in result.stderr


def test_a_running_bot_on_the_source_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                                target: str) -> None:
    with InstanceLock(source):
        result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1 and "refusing to copy" in result.stderr and "Stop it first" in result.stderr


def test_the_comparison_catches_a_row_the_copy_lost(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                                    target: str) -> None:
    from bot.storage import move_up

    real = move_up._batches

    def losing_one_attempt(src, table, columns, types):  # type: ignore[no-untyped-def]
        for number, batch in enumerate(real(src, table, columns, types)):
            yield batch[1:] if table == "attempts" and number == 0 else batch

    monkeypatch.setattr(move_up, "_batches", losing_one_attempt)
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1, result.output
    assert "✗ the copy differs from" in result.stderr
    assert "attempts: 81 rows in SQLite, 80 in PostgreSQL" in result.stderr
    assert "attempts in SQLite" in result.stderr  # the member whose attempt was lost is named too


def test_differences_name_tables_and_members() -> None:
    from bot.storage.move_up import Difference, Totals, differences

    lite = Totals({"attempts": 3, "members": 2}, {1: (2, 20, 2), 2: (1, 0, 0)})
    pg = Totals({"attempts": 3, "members": 2}, {1: (2, 19, 2), 2: (1, 0, 0)})
    assert differences(lite, lite) == []
    assert differences(lite, pg) == [Difference("points", "1", 20, 19)]
    assert differences(lite, Totals({"attempts": 2}, {1: (2, 20, 2)})) == [
        Difference("rows", "attempts", 3, 2), Difference("rows", "members", 2, 0),
        Difference("attempts", "2", 1, 0)]


def test_a_value_postgresql_cannot_hold_stops_the_copy_with_nothing_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path, target: str) -> None:
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE attempts SET answer_text = ? WHERE kind = 'open' AND user_id = ?",
                     ("before\x00after", LARGEST_ID))
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1
    assert "attempts.answer_text, row" in result.stderr and "NUL character" in result.stderr
    assert query(target, "SELECT COUNT(*) FROM members") == [(0,)]  # copied earlier in the order, rolled back


def test_unreachable_servers_and_wrong_kinds_of_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                    source: Path) -> None:
    nowhere = f"postgresql://recall:{PASSWORD}@127.0.0.1:{closed_port()}/recall"
    result = migrate(monkeypatch, tmp_path, source, nowhere)
    assert result.returncode == 1 and "can't connect to postgresql://recall:***@127.0.0.1" in result.stderr
    assert migrate(monkeypatch, tmp_path, source, f"sqlite:///{tmp_path}/other.db").returncode == 2
    swapped = run_here(monkeypatch, tmp_path, "migrate", "--from", nowhere, "--to", nowhere)
    assert swapped.returncode == 2 and "--from must name the SQLite database" in swapped.stderr
    assert PASSWORD not in swapped.output
    missing = migrate(monkeypatch, tmp_path, tmp_path / "absent.db", nowhere)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "absent.db").exists()


def test_a_terminal_sees_a_progress_bar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                        target: str) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["migrate", "--from", f"sqlite:///{source}", "--to", target]) == 0
    drawn = screen.getvalue()
    assert "259/259" in drawn and "rows" in drawn and PASSWORD not in drawn


def test_a_value_stored_as_another_type_is_copied_as_its_columns_type(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path, target: str) -> None:
    with sqlite3.connect(source) as conn:  # SQLite's loose typing keeps a BLOB written into a TEXT column
        conn.execute("UPDATE members SET timezone = CAST('Asia/Tokyo' AS BLOB) WHERE user_id = 1002")
        assert conn.execute("SELECT typeof(timezone) FROM members WHERE user_id = 1002").fetchone() == ("blob",)
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 0, result.output
    assert query(target, "SELECT timezone FROM members WHERE user_id = 1002") == [("Asia/Tokyo",)]


def test_a_value_its_column_cannot_take_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path,
                                                 target: str) -> None:
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE attempts SET rating = 2.5 WHERE id = (SELECT MIN(id) FROM attempts)")
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1
    assert "attempts.rating, row 1, holds float '2.5', which its PostgreSQL column (bigint) can't take" in result.stderr


def test_rows_that_break_a_foreign_key_stop_the_copy_with_nothing_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path, target: str) -> None:
    with sqlite3.connect(source) as conn:  # written with foreign keys off: attempts of a member who is gone
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM members WHERE user_id = 1002")
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1
    assert "the copy failed, nothing was copied: ForeignKeyViolationError" in result.stderr
    assert query(target, "SELECT COUNT(*) FROM members") == [(0,)]


def test_a_table_or_column_the_postgresql_schema_lacks_is_named_before_copying(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: Path, target: str) -> None:
    with sqlite3.connect(source) as conn:  # as if a SQLite migration had no PostgreSQL twin
        conn.execute("CREATE TABLE hints (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        conn.execute("ALTER TABLE attempts ADD COLUMN hint_used INTEGER NOT NULL DEFAULT 0")
    conn.close()
    result = migrate(monkeypatch, tmp_path, source, target)
    assert result.returncode == 1
    assert "the PostgreSQL schema of this Recall lacks attempts.hint_used, hints: nothing was copied" in result.stderr
    assert query(target, "SELECT COUNT(*) FROM attempts") == [(0,)]
