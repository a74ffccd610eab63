"""Copying a study group's SQLite database into PostgreSQL (`python -m bot migrate`), and checking the copy.

The SQLite file is read in one read transaction (one snapshot, also for the counts compared at the end).
The PostgreSQL side is written in one transaction that first locks every Recall table: the emptiness
check, the optional emptying (`--force`), the copy and the identity sequences commit together or not at
all. Rows go through asyncpg's binary COPY (`copy_records_to_table`) in batches, tables in foreign-key
order (a referenced table before the tables that reference it), each value turned into the type of its
PostgreSQL column (SQLite's loose typing lets an INTEGER column hold 1.0, a TEXT column bytes). A value
PostgreSQL can't hold as it is (a NUL character in text) stops the copy, naming the table, column and row.
Indexes that back no constraint are dropped first and rebuilt after the rows are in (as pg_restore does).

Nothing here writes to the terminal: the command (bot/terminal/migrate.py) words the results.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bot.storage.postgres.migrate import VERSION_TABLE, migrate, schema_version
from bot.storage.sqlite import LATEST_VERSION

BATCH_ROWS = 5_000
INTEGER_TYPES = frozenset({"bigint", "integer", "smallint"})
FLOAT_TYPES = frozenset({"double precision", "real", "numeric"})  # i18n: not shown (PostgreSQL type names)


class CopyRefused(Exception):
    """A value that can't be copied faithfully: `table`, `column`, `row` (1-based, in SQLite's order), the
    PostgreSQL column's type `kind` and the value's `shown` form (None: a text holding a NUL character)."""

    def __init__(self, table: str, column: str, row: int, kind: str, shown: str | None) -> None:
        super().__init__(f"{table}.{column} row {row} ({kind}): {shown or 'NUL'}")
        self.table, self.column, self.row, self.kind, self.shown = table, column, row, kind, shown


@dataclass(frozen=True)
class Source:
    """A SQLite database opened for copying: its schema version and every table's columns, in order."""

    conn: sqlite3.Connection
    version: int
    tables: dict[str, tuple[str, ...]]

    def close(self) -> None:
        self.conn.close()


@dataclass(frozen=True)
class Totals:
    """What the copy is checked by: rows per table, and per member (user_id) (attempts, points, correct)."""

    rows: dict[str, int]
    members: dict[int, tuple[int, int, int]]


@dataclass(frozen=True)
class Difference:
    """One way the copy differs: `what` is "rows" (key = table) or "attempts"/"points"/"correct" (key = member)."""

    what: str
    key: str
    source: int
    target: int


def latest_sqlite_version() -> int:
    return LATEST_VERSION


def open_source(path: Path) -> Source:
    """The SQLite file, read-only, inside one read transaction held until `close`."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        tables = {name: tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')) for name in names}
    except BaseException:
        conn.close()
        raise
    return Source(conn, version, tables)


async def connect(dsn: str, timeout_s: float) -> asyncpg.Connection:
    return await asyncpg.connect(dsn, timeout=timeout_s)


async def migrate_target(conn: asyncpg.Connection, shown_name: str) -> int:
    """Bring the PostgreSQL database to the latest schema (`DatabaseTooNew` if a newer Recall wrote it)."""
    return await migrate(conn, shown_name)


async def target_version(conn: asyncpg.Connection) -> int:
    return await schema_version(conn)


async def target_columns(conn: asyncpg.Connection) -> dict[str, dict[str, str]]:
    """table -> column -> data type, for every table of the current schema except the version table."""
    rows = await conn.fetch(
        """SELECT c.table_name, c.column_name, c.data_type
             FROM information_schema.columns c
             JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> $1
            ORDER BY c.table_name, c.ordinal_position""", VERSION_TABLE)
    tables: dict[str, dict[str, str]] = {}
    for row in rows:
        tables.setdefault(row["table_name"], {})[row["column_name"]] = row["data_type"]
    return tables


def missing_in_target(source: Source, target: dict[str, dict[str, str]]) -> list[str]:
    """`table` or `table.column` of the SQLite database that the PostgreSQL schema lacks."""
    missing: list[str] = []
    for table, columns in source.tables.items():
        if table not in target:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in columns if column not in target[table])
    return missing


async def copy_order(conn: asyncpg.Connection, tables: list[str]) -> list[str]:
    """`tables` ordered so that every table comes after the tables its foreign keys reference."""
    rows = await conn.fetch(
        """SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
             FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace""")
    parents: dict[str, set[str]] = {table: set() for table in tables}
    for row in rows:
        child, parent = row["child"].strip('"'), row["parent"].strip('"')
        if child in parents and parent in parents and child != parent:
            parents[child].add(parent)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = sorted(table for table in tables if table not in placed and parents[table] <= placed)
        if not ready:  # a cycle of foreign keys: none in Recall's schema; copy the rest alphabetically
            ready = sorted(set(tables) - placed)
        ordered.extend(ready)
        placed.update(ready)
    return ordered


async def row_counts(conn: asyncpg.Connection, tables: list[str]) -> dict[str, int]:
    return {table: int(await conn.fetchval(f'SELECT COUNT(*) FROM "{table}"')) for table in tables}


def source_row_counts(source: Source) -> dict[str, int]:
    return {table: int(source.conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
            for table in source.tables}


async def copy_into(
    source: Source,
    conn: asyncpg.Connection,
    *,
    empty_first: bool,
    copied: Callable[[str, int], None] = lambda table, rows: None,
) -> dict[str, int] | None:
    """Copy every table of `source` in one transaction; `copied(table, rows)` after each batch.

    Returns None when done, or (without writing anything) the target's non-empty tables and their row
    counts when it holds rows and `empty_first` is False. `empty_first` empties every Recall table of
    the target first (TRUNCATE, identities restarted). `CopyRefused` rolls everything back."""
    target = await target_columns(conn)
    tables = await copy_order(conn, list(source.tables))
    every_table = sorted(target)
    async with conn.transaction():
        await conn.execute(f"LOCK TABLE {_names(every_table)} IN ACCESS EXCLUSIVE MODE")  # i18n: not shown (SQL)
        counts = await row_counts(conn, every_table)
        occupied = {table: count for table, count in counts.items() if count}
        if occupied and not empty_first:
            return occupied
        if occupied:
            await conn.execute(f"TRUNCATE {_names(every_table)} RESTART IDENTITY")  # i18n: not shown (SQL)
        rebuilt = await _drop_secondary_indexes(conn, every_table)
        for table in tables:
            columns = source.tables[table]
            types = [target[table][column] for column in columns]
            for batch in _batches(source, table, columns, types):
                await conn.copy_records_to_table(table, records=batch, columns=list(columns))
                copied(table, len(batch))
        for definition in rebuilt:  # a unique index that the copied rows break fails here, rolling back
            await conn.execute(definition)
        await _sequences_past_ids(conn)
    return None


async def _drop_secondary_indexes(conn: asyncpg.Connection, tables: list[str]) -> list[str]:
    """Drop the indexes that back no constraint (primary keys and foreign keys stay) and return their
    definitions: built once over the copied rows instead of kept up row by row, as pg_restore does. Inside
    the copy's transaction, so a failed copy leaves them as they were."""
    rows = await conn.fetch(
        """SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
             FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1""", tables)
    for row in rows:
        await conn.execute(f"DROP INDEX {row['name']}")  # i18n: not shown (SQL)
    return [row["definition"] for row in rows]


def _names(tables: list[str]) -> str:
    return ", ".join(f'"{table}"' for table in tables)


def _batches(source: Source, table: str, columns: tuple[str, ...],
             types: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    quoted = ", ".join(f'"{column}"' for column in columns)
    cursor = source.conn.execute(f'SELECT {quoted} FROM "{table}"')
    if _already_typed(source, table, columns, types):  # the usual case: rows go to COPY as SQLite gives them
        while rows := cursor.fetchmany(BATCH_ROWS):
            yield rows
        return
    done = 0
    while rows := cursor.fetchmany(BATCH_ROWS):
        batch = []
        for row in rows:
            done += 1
            batch.append(tuple(_converted(value, kind, table, column, done)
                               for value, kind, column in zip(row, types, columns, strict=True)))
        yield batch


SQLITE_TYPE_OF = {**dict.fromkeys(INTEGER_TYPES, "integer"), **dict.fromkeys(FLOAT_TYPES, "real"), "text": "text",
                  "bytea": "blob"}


def _already_typed(source: Source, table: str, columns: tuple[str, ...], types: list[str]) -> bool:
    """Whether every value of `table` already has its PostgreSQL column's Python type and no text holds a NUL:
    one scan in SQLite's own code, so only a table with a stray value pays for converting value by value."""
    strays = []
    for column, kind in zip(columns, types, strict=True):
        wanted = SQLITE_TYPE_OF.get(kind)
        if wanted is None:
            return False
        strays.append(f"""TOTAL(typeof("{column}") NOT IN ('null', '{wanted}'))""")  # TOTAL: 0.0 over no rows
        if kind == "text":
            strays.append(f"""TOTAL(instr(CAST("{column}" AS BLOB), x'00') > 0)""")
    found = source.conn.execute(f'SELECT {" + ".join(strays)} FROM "{table}"').fetchone()[0]
    return not found


def _converted(value: object, kind: str, table: str, column: str, row: int) -> object:
    """`value` as the PostgreSQL column of type `kind` takes it (asyncpg's COPY checks types strictly)."""
    if value is None:
        return None
    if kind in INTEGER_TYPES:
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
    elif kind in FLOAT_TYPES:
        if isinstance(value, int | float):
            return float(value)
    elif kind == "bytea":
        if isinstance(value, bytes):
            return value
        if isinstance(value, str):
            return value.encode("utf-8")
    elif kind == "text":
        text = value.decode("utf-8", errors="strict") if isinstance(value, bytes) else str(value)
        if "\x00" in text:
            raise CopyRefused(table, column, row, kind, None)
        return text
    else:
        return value
    raise CopyRefused(table, column, row, kind, f"{type(value).__name__} {str(value)[:40]!r}")


async def _sequences_past_ids(conn: asyncpg.Connection) -> None:
    """Each identity column's sequence set past the highest copied id, so new rows never collide."""
    identities = await conn.fetch(
        """SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'""")
    for row in identities:
        table, column = row["table_name"], row["column_name"]
        await conn.execute(
            f"""SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX("{column}"), 0) + 1, false)
                  FROM "{table}" """, f'"{table}"', column)


MEMBER_TOTALS = "SELECT user_id, COUNT(*), COALESCE(SUM(points), 0), COALESCE(SUM(correct), 0) FROM attempts GROUP BY user_id"


def source_totals(source: Source) -> Totals:
    members = {int(r[0]): (int(r[1]), int(r[2]), int(r[3])) for r in source.conn.execute(MEMBER_TOTALS)}
    return Totals(source_row_counts(source), members)


async def target_totals(conn: asyncpg.Connection, tables: list[str]) -> Totals:
    members = {int(r[0]): (int(r[1]), int(r[2]), int(r[3])) for r in await conn.fetch(MEMBER_TOTALS)}
    return Totals(await row_counts(conn, tables), members)


def differences(source: Totals, target: Totals) -> list[Difference]:
    """Every table whose row count differs, then every member whose attempts, points or correct differ."""
    found = [Difference("rows", table, count, target.rows.get(table, 0))
             for table, count in sorted(source.rows.items()) if target.rows.get(table, 0) != count]
    for member in sorted(source.members.keys() | target.members.keys()):
        mine, theirs = source.members.get(member, (0, 0, 0)), target.members.get(member, (0, 0, 0))
        found.extend(Difference(what, str(member), a, b)
                     for what, a, b in zip(("attempts", "points", "correct"), mine, theirs, strict=True) if a != b)
    return found
