"""The stores' SQLite SQL, spoken to PostgreSQL: each statement's text rewritten once (cached), outside quotes.

The stores write SQLite's dialect; the facade (`connection.py`) runs the same text on PostgreSQL after
these rewrites, each the smallest that keeps SQLite's meaning:
- `?` and `:name` parameters -> `$1, $2, ...` (a named parameter used twice is one `$n`);
- `BEGIN IMMEDIATE` -> `BEGIN` (one writer per process holds the write connection anyway);
- `INSERT OR REPLACE` -> `ON CONFLICT (primary key) DO UPDATE` every other column; `INSERT OR IGNORE` ->
  `ON CONFLICT DO NOTHING`;
- `x IN (SELECT value FROM json_each(?))` -> `x = ANY($n)`: PostgreSQL types the array from `x`, and the
  facade decodes the JSON text into a list;
- `total(x)` -> `COALESCE(SUM(x), 0.0)`; `IFNULL` -> `COALESCE`; `CAST(x AS BLOB)` -> `convert_to(x, 'UTF8')`; scalar `MAX(a, b)`/`MIN(a, b)` ->
  `GREATEST`/`LEAST`; `AS REAL` -> `AS DOUBLE PRECISION` (PostgreSQL's REAL has 4 bytes);
- `sqlite_master` and `PRAGMA table_info("t")` -> the same rows from information_schema;
- `ORDER BY` a nullable column -> `NULLS FIRST` ascending, `NULLS LAST` descending (SQLite's order);
  only for columns the schema lets be NULL, so the orders on NOT NULL columns still use their indexes.
A float parameter is cast (`$n::float8`) when rendered: PostgreSQL would otherwise type `$n * bigint` as a
bigint and refuse 0.25; a parameter selected as a value (`? AS due`) is cast as its value's type. Literal strings, quoted names and comments are never touched.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_PARAM = "\x01"  # marks a parameter in the masked text: \x01<index>\x01
_QUOTED = "\x02"  # marks a masked literal or quoted name: \x02<index>\x02


# A parameter selected as a value (`SELECT ? AS due`) has no type PostgreSQL could infer (it would say
# text): it is cast as the Python value's type.
_VALUE_CASTS = {int: "::int8", bool: "::int8", float: "::float8", str: "::text", bytes: "::bytea"}


@dataclass(frozen=True)
class Rewritten:
    """One statement in PostgreSQL's dialect, with how to turn the caller's parameters into `$n` values."""

    pieces: tuple[str | int, ...]  # text, and the 0-based parameter index standing at each int
    names: tuple[str, ...] | None  # the named parameters in `$n` order; None when they are positional (`?`)
    count: int  # how many `$n`
    json_arrays: frozenset[int] = field(default_factory=frozenset)  # `$n` (0-based) that take a decoded JSON list
    control: bool = False  # BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE: run without parameters or a prepare
    inserts: bool = False  # an INSERT (lastrowid may be asked for)
    typed_by_value: frozenset[int] = field(default_factory=frozenset)  # `? AS name`: cast as its value's type

    def arguments(self, params: Sequence[Any] | Mapping[str, Any] | None) -> list[Any]:
        """The values for `$1..$n`, in order; a JSON array parameter decoded into a list."""
        if self.names is not None:
            if not isinstance(params, Mapping):
                raise TypeError("this statement takes named parameters (a mapping)")
            values = [params[name] for name in self.names]
        else:
            values = list(params or ())
            if len(values) != self.count:
                raise TypeError(f"the statement takes {self.count} parameters, {len(values)} given")
        for index in self.json_arrays:
            if isinstance(values[index], str | bytes):
                values[index] = json.loads(values[index])
        return values

    def render(self, arguments: Sequence[Any] = ()) -> str:
        """The SQL text; a float argument's `$n` cast to float8 (PostgreSQL would type it from its neighbour)."""
        out = []
        for piece in self.pieces:
            if isinstance(piece, int):
                value = arguments[piece] if piece < len(arguments) else None
                cast = "::float8" if type(value) is float else ""
                if piece in self.typed_by_value and value is not None:
                    cast = _VALUE_CASTS.get(type(value), "")
                out.append(f"${piece + 1}{cast}")
            else:
                out.append(piece)
        return "".join(out)


@dataclass(frozen=True)
class Schema:
    """What some rewrites need to know of the tables (read from the database when it is opened)."""

    primary_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> its key's columns
    table_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> every column
    nullable: frozenset[str] = frozenset()  # names of columns that may be NULL in some table


class Dialect:
    """Rewrites statements for one schema, each text once."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.rewrite = lru_cache(maxsize=4096)(self._rewrite)

    def _rewrite(self, sql: str) -> Rewritten:
        masked, literals = _mask(sql)
        masked, names, count = _number_parameters(masked)
        control = bool(_CONTROL.match(masked))
        masked = re.sub(r"\bBEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE)\b", "BEGIN", masked, flags=re.I)
        masked, json_arrays = _json_each(masked)
        masked = _insert_or(masked, self.schema)
        masked = _qualify_upsert(masked, self.schema)
        masked = _calls(masked)
        masked = re.sub(r"\bAS\s+REAL\b", "AS DOUBLE PRECISION", masked, flags=re.I)
        masked = re.sub(r"\bIFNULL\s*\(", "COALESCE(", masked, flags=re.I)
        masked = _catalogue(masked, literals)
        masked = _nulls_order(masked, self.schema.nullable)
        typed = frozenset(int(found) for found in re.findall(rf"{_PARAM}(\d+){_PARAM}\s+AS\s+\w", masked, re.I))
        pieces = _unmask(masked, literals)
        inserts = bool(re.match(r"\s*INSERT\b", masked, re.I))
        return Rewritten(pieces, names, count, frozenset(json_arrays), control, inserts, typed)


_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)


def _mask(sql: str) -> tuple[str, list[str]]:
    """Literal strings, quoted names and comments replaced by markers (rewrites must not see inside them)."""
    out, literals, i = [], [], 0
    while i < len(sql):
        char = sql[i]
        if char in "'\"":
            end = i + 1
            while end < len(sql):
                if sql[end] == char:
                    if end + 1 < len(sql) and sql[end + 1] == char:
                        end += 2
                        continue
                    break
                end += 1
            literals.append(sql[i:end + 1])
            out.append(f"{_QUOTED}{len(literals) - 1}{_QUOTED}")
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = len(sql) if end < 0 else end + 2
        else:
            out.append(char)
            i += 1
    return "".join(out), literals


def _number_parameters(masked: str) -> tuple[str, tuple[str, ...] | None, int]:
    names: list[str] = []
    positional = 0

    def number(match: re.Match[str]) -> str:
        nonlocal positional
        if match.group(0) == "?":
            positional += 1
            return f"{_PARAM}{positional - 1}{_PARAM}"
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"{_PARAM}{names.index(name)}{_PARAM}"

    text = re.sub(r"\?|(?<![:\w]):([A-Za-z_]\w*)", number, masked)
    if names and positional:
        raise ValueError("a statement mixes ? and :name parameters")
    return text, (tuple(names) if names else None), len(names) or positional


def _json_each(masked: str) -> tuple[str, list[int]]:
    found: list[int] = []

    def to_any(match: re.Match[str]) -> str:
        found.append(int(match.group(2)))
        operator = "<> ALL" if match.group(1) else "= ANY"
        return f"{operator}({_PARAM}{match.group(2)}{_PARAM})"

    pattern = (rf"(\bNOT\s+)?\bIN\s*\(\s*SELECT\s+value\s+FROM\s+json_each\s*\(\s*{_PARAM}(\d+){_PARAM}\s*\)\s*\)")
    return re.sub(pattern, to_any, masked, flags=re.I), found


def _insert_or(masked: str, schema: Schema) -> str:
    match = re.match(r"(\s*)INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", masked, re.I)
    if match is None:
        return masked
    table, columns = match.group(3), [column.strip() for column in match.group(4).split(",")]
    head = f"{match.group(1)}INSERT INTO {table} ({match.group(4)})"
    rest = masked[match.end():]
    returning = re.search(r"\bRETURNING\b", rest, re.I)
    body, tail = (rest[:returning.start()], " " + rest[returning.start():]) if returning else (rest, "")
    body = body.rstrip().rstrip(";")
    if match.group(2).upper() == "IGNORE":
        return f"{head}{body} ON CONFLICT DO NOTHING{tail}"  # i18n: not shown (SQL)
    key = schema.primary_keys.get(table)
    if not key:
        raise ValueError(f"INSERT OR REPLACE INTO {table}: its primary key is not known")
    others = [column for column in columns if column not in key]
    updates = ", ".join(f"{column} = excluded.{column}" for column in others)
    action = f"DO UPDATE SET {updates}" if others else "DO NOTHING"  # i18n: not shown (SQL)
    return f"{head}{body} ON CONFLICT ({', '.join(key)}) {action}{tail}"  # i18n: not shown (SQL)


_NOT_COLUMNS = {"case", "when", "then", "else", "end", "and", "or", "not", "null", "is", "in", "excluded"}


def _qualify_upsert(masked: str, schema: Schema) -> str:
    """`DO UPDATE SET n = n + excluded.n`: SQLite reads a bare `n` as the stored row's; PostgreSQL calls it
    ambiguous, so the bare columns of the target table are qualified with its name."""
    head = re.match(r"\s*INSERT\s+INTO\s+(\w+)(?:\s+AS\s+(\w+))?", masked, re.I)
    update = re.search(r"\bDO\s+UPDATE\s+SET\b", masked, re.I)
    if head is None or update is None:
        return masked
    table = head.group(1)
    columns = {column.lower() for column in schema.table_columns.get(table, ())}
    if not columns:
        return masked
    name = head.group(2) or table
    returning = re.search(r"\bRETURNING\b", masked[update.end():], re.I)
    end = update.end() + returning.start() if returning else len(masked)
    region = masked[update.end():end]
    where = re.search(r"\bWHERE\b", region, re.I)
    assignments, condition = (region[:where.start()], region[where.start():]) if where else (region, "")

    def qualify(text: str) -> str:
        return re.sub(r"(?<![.\w\x01\x02])([A-Za-z_]\w*)\b(?!\s*[.(])",
                      lambda m: f"{name}.{m.group(1)}" if m.group(1).lower() in columns
                      and m.group(1).lower() not in _NOT_COLUMNS else m.group(1), text)

    cuts = [-1, *_top_level_commas(assignments), len(assignments)]
    items = []
    for left, right in itertools.pairwise(cuts):
        target, equals, value = assignments[left + 1:right].partition("=")
        items.append(target + equals + qualify(value) if equals else target)
    return masked[:update.end()] + ",".join(items) + qualify(condition) + masked[end:]


def _closing(text: str, opening: int) -> int:
    """The index of the parenthesis closing the one at `opening`."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced parentheses in a statement")


def _top_level_commas(text: str) -> list[int]:
    depth, found = 0, []
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            found.append(index)
    return found


def _calls(masked: str) -> str:
    """`total(x)`, scalar `MAX(a, b)`/`MIN(a, b)` and `CAST(text AS BLOB)` (its UTF-8 bytes), innermost first."""
    pattern = re.compile(r"\b(total|max|min|cast)\s*\(", re.I)
    position = 0
    while True:
        match = pattern.search(masked, position)
        if match is None:
            return masked
        opening = match.end() - 1
        closing = _closing(masked, opening)
        inner = _calls(masked[opening + 1:closing])
        name = match.group(1).lower()
        blob = re.fullmatch(r"(.*)\s+AS\s+BLOB\s*", inner, re.I | re.S)
        if name == "total":
            replaced = f"COALESCE(SUM({inner}), 0.0)"
        elif name == "cast":
            replaced = f"convert_to({blob.group(1)}, 'UTF8')" if blob else f"{match.group(1)}({inner})"
        elif _top_level_commas(inner):
            replaced = f"{'GREATEST' if name == 'max' else 'LEAST'}({inner})"
        else:
            replaced = f"{match.group(1)}({inner})"
        masked = masked[:match.start()] + replaced + masked[closing + 1:]
        position = match.start() + len(replaced)


_TABLES = ("(SELECT table_name AS name, 'table' AS type, table_name AS tbl_name FROM information_schema.tables"
           " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE') AS sqlite_master")


def _catalogue(masked: str, literals: list[str]) -> str:
    """SQLite's catalogue queries, answered from information_schema in the same shape."""
    masked = re.sub(r"\bsqlite_master\b", lambda _: _TABLES, masked, flags=re.I)
    pragma = re.match(rf"\s*PRAGMA\s+table_info\s*\(\s*{_QUOTED}(\d+){_QUOTED}\s*\)\s*;?\s*$", masked, re.I)
    if pragma is None:
        return masked
    table = literals[int(pragma.group(1))][1:-1].replace("''", "'").replace('""', '"')
    literals.append("'" + table.replace("'", "''") + "'")
    name = f"{_QUOTED}{len(literals) - 1}{_QUOTED}"
    # cid, name, type, notnull, dflt_value, pk: the columns of SQLite's answer
    return ("SELECT c.ordinal_position - 1, c.column_name, upper(c.data_type),"
            " CASE WHEN c.is_nullable = 'NO' THEN 1 ELSE 0 END, c.column_default,"
            " CASE WHEN EXISTS (SELECT 1 FROM information_schema.key_column_usage k"
            " JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name"
            " AND t.table_schema = k.table_schema WHERE t.constraint_type = 'PRIMARY KEY'"
            " AND k.table_schema = c.table_schema AND k.table_name = c.table_name"
            " AND k.column_name = c.column_name) THEN 1 ELSE 0 END"
            f" FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = {name}"
            " ORDER BY c.ordinal_position")


_CLAUSE_END = re.compile(r"\b(LIMIT|OFFSET|FETCH|FOR|UNION|EXCEPT|INTERSECT)\b|\)|;", re.I)
_TERM = re.compile(r"^(\s*)((?:\w+\.)?(\w+))(\s+(ASC|DESC))?(\s*)$", re.I)


def _nulls_order(masked: str, nullable: frozenset[str]) -> str:
    if not nullable:
        return masked
    out, position = [], 0
    for match in re.finditer(r"\bORDER\s+BY\b", masked, re.I):
        if match.start() < position:
            continue
        start = match.end()
        depth, end = 0, len(masked)
        for index in range(start, len(masked)):
            char = masked[index]
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif depth == 0 and _CLAUSE_END.match(masked, index) and (
                    not masked[index].isalpha() or index == 0 or not (masked[index - 1].isalnum()
                                                                       or masked[index - 1] == "_")):
                end = index
                break
        clause = masked[start:end]
        cuts = [-1, *_top_level_commas(clause), len(clause)]
        terms = []
        for left, right in itertools.pairwise(cuts):
            term = clause[left + 1:right]
            found = _TERM.match(term)
            if found and found.group(3).lower() in nullable and _PARAM not in term:
                order = (found.group(5) or "").upper()
                term = (f"{found.group(1)}{found.group(2)}{found.group(4) or ''}"
                        f" NULLS {'LAST' if order == 'DESC' else 'FIRST'}{found.group(6)}")
            terms.append(term)
        out.append(masked[position:start] + ",".join(terms))
        position = end
    out.append(masked[position:])
    return "".join(out)


def _unmask(masked: str, literals: list[str]) -> tuple[str | int, ...]:
    pieces: list[str | int] = []
    for index, part in enumerate(masked.split(_PARAM)):
        if index % 2:
            pieces.append(int(part))
        elif part:
            pieces.append(re.sub(f"{_QUOTED}(\\d+){_QUOTED}", lambda m: literals[int(m.group(1))], part))
    return tuple(pieces)
