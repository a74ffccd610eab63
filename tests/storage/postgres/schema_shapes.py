"""Both backends' schemas described the same way, and the differences between them as readable lines.

SQLite's shape comes from its catalogue pragmas (table_info, index_list, index_xinfo), PostgreSQL's from
information_schema and pg_catalog. What is compared: tables, columns in order with their type family,
nullability and default, primary keys, unique constraints, every named index (unique or not, its columns
and their order, partial or not) and triggers. Not compared (spelled too differently to normalise
cheaply): CHECK and foreign-key constraints, partial-index predicates and index expressions; those are
written side by side in bot/storage/postgres/migrations/001_schema.sql.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

import asyncpg

# SQLite's declared type -> the PostgreSQL type that holds the same values.
SQLITE_TO_POSTGRES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea"}
EXPRESSION = "<expression>"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    default: str | None


@dataclass(frozen=True)
class Index:
    unique: bool
    columns: tuple[str, ...]  # a column name, or EXPRESSION; a trailing " DESC" for descending keys
    partial: bool


@dataclass
class Table:
    columns: list[Column] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    unique_constraints: set[tuple[str, ...]] = field(default_factory=set)
    indexes: dict[str, Index] = field(default_factory=dict)


@dataclass
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)
    triggers: set[tuple[str, str]] = field(default_factory=set)  # (trigger, table)


def normal_default(text: str | None) -> str | None:
    """'UTC' / 'UTC'::text -> UTC; '-1'::integer / -1 -> -1: the value, without quotes or casts."""
    if text is None:
        return None
    value = re.sub(r"::[a-z ]+$", "", text.strip())
    if len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1].replace("''", "'")
    return value


def sqlite_schema(conn: sqlite3.Connection) -> Schema:
    schema = Schema()
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for name in names:
        table = Table()
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        for _cid, column, declared, notnull, default, pk in info:
            kind = SQLITE_TO_POSTGRES.get(declared.upper(), f"unknown {declared}")
            table.columns.append(Column(column, kind, not (notnull or pk), normal_default(default)))
        table.primary_key = tuple(row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        for _seq, index, unique, origin, partial in conn.execute(f'PRAGMA index_list("{name}")'):
            keys = tuple(
                (column if column is not None else EXPRESSION) + (" DESC" if desc else "")
                for _seqno, _cid, column, desc, _coll, key in conn.execute(f'PRAGMA index_xinfo("{index}")')
                if key)
            if origin == "u":
                table.unique_constraints.add(keys)
            elif origin == "c":
                table.indexes[index] = Index(bool(unique), keys, bool(partial))
        schema.tables[name] = table
    schema.triggers = {(row[0], row[1]) for row in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")}
    return schema


POSTGRES_INDEXES = """
SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique, x.indisprimary,
       x.indpred IS NOT NULL AS partial, c.contype,
       array(SELECT COALESCE(a.attname, '{expression}') || CASE WHEN x.indoption[k.ord - 1] & 1 = 1
                                                             THEN ' DESC' ELSE '' END
               FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
              WHERE k.ord <= x.indnkeyatts
              ORDER BY k.ord) AS keys
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
 WHERE n.nspname = current_schema()
""".replace("{expression}", EXPRESSION)


async def postgres_schema(conn: asyncpg.Connection, ignore: frozenset[str] = frozenset()) -> Schema:
    """The tables of the current schema, less `ignore` (the migration runner's own version table)."""
    schema = Schema()
    for row in await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"):
        if row["table_name"] not in ignore:
            schema.tables[row["table_name"]] = Table()
    for row in await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
        table = schema.tables.get(row["table_name"])
        if table is not None:
            table.columns.append(Column(row["column_name"], row["data_type"], row["is_nullable"] == "YES",
                                        normal_default(row["column_default"])))
    for row in await conn.fetch(POSTGRES_INDEXES):
        table = schema.tables.get(row["table_name"])
        if table is None:
            continue
        keys = tuple(row["keys"])
        if row["indisprimary"]:
            table.primary_key = keys
        elif row["contype"] == "u":
            table.unique_constraints.add(keys)
        else:
            table.indexes[row["index_name"]] = Index(row["indisunique"], keys, row["partial"])
    schema.triggers = {(row["tgname"], row["relname"]) for row in await conn.fetch(
        "SELECT g.tgname, t.relname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE NOT g.tgisinternal AND n.nspname = current_schema()")}
    return schema


def differences(sqlite: Schema, postgres: Schema) -> list[str]:
    """What differs, one line each, naming the table, column, index or trigger; empty when equal."""
    found: list[str] = []
    for name in sorted(sqlite.tables.keys() - postgres.tables.keys()):
        found.append(f"table {name}: in SQLite, missing in PostgreSQL")
    for name in sorted(postgres.tables.keys() - sqlite.tables.keys()):
        found.append(f"table {name}: in PostgreSQL, not in SQLite")
    for name in sorted(sqlite.tables.keys() & postgres.tables.keys()):
        lite, pg = sqlite.tables[name], postgres.tables[name]
        lite_columns = {c.name: c for c in lite.columns}
        pg_columns = {c.name: c for c in pg.columns}
        for column in lite.columns:
            twin = pg_columns.get(column.name)
            if twin is None:
                found.append(f"table {name}: column {column.name} in SQLite, missing in PostgreSQL")
            elif twin != column:
                found.append(f"table {name}: column {column.name} differs: SQLite {column} / PostgreSQL {twin}")
        for column in pg.columns:
            if column.name not in lite_columns:
                found.append(f"table {name}: column {column.name} in PostgreSQL, not in SQLite")
        lite_order = [c.name for c in lite.columns if c.name in pg_columns]
        pg_order = [c.name for c in pg.columns if c.name in lite_columns]
        if lite_order != pg_order:
            found.append(f"table {name}: column order differs: SQLite {lite_order} / PostgreSQL {pg_order}")
        if lite.primary_key != pg.primary_key:
            found.append(f"table {name}: primary key differs: SQLite {lite.primary_key} / PostgreSQL {pg.primary_key}")
        if lite.unique_constraints != pg.unique_constraints:
            found.append(f"table {name}: unique constraints differ: SQLite {sorted(lite.unique_constraints)} / "
                         f"PostgreSQL {sorted(pg.unique_constraints)}")
        for index in sorted(lite.indexes.keys() | pg.indexes.keys()):
            a, b = lite.indexes.get(index), pg.indexes.get(index)
            if a != b:
                found.append(f"table {name}: index {index} differs: SQLite {a} / PostgreSQL {b}")
    for trigger, table_name in sorted(sqlite.triggers ^ postgres.triggers):
        side = "SQLite" if (trigger, table_name) in sqlite.triggers else "PostgreSQL"
        found.append(f"trigger {trigger} on {table_name}: only in {side}")
    return found
