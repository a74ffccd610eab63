"""The part of `sqlite3.Connection` the stores use, over one asyncpg connection: the stores run unchanged.

`PostgresConnection` is synchronous, like the store functions it is handed to: each call hands a coroutine
to a `runner` and blocks on it. The writer thread's runner drives a private event loop that owns the
write connection (`PrivateLoop`); an apart read's runner sends the coroutine to the bot's loop, where the
pool connection it borrowed lives, and waits in its worker thread.

Each statement text is rewritten once (`sql.Dialect`), prepared once per connection (kept, at most
`STATEMENTS_KEPT`), its arguments fitted to the types PostgreSQL inferred (`fit_arguments`: SQLite
compares 5 with '5'; asyncpg refuses an int for a text parameter), and its rows handed back as tuples
with booleans as 0/1 and exact sums as ints, as SQLite gives them. `rowcount` comes from the status
string, `lastrowid` from `lastval()` when it is asked for (an identity column's newest value). Given a
`reconnect`, a connection the server dropped is replaced at the next BEGIN (the writer's next batch).
Errors: a broken constraint is `PostgresIntegrityError` (an `sqlite3.IntegrityError`, so the writer
rolls back only that job and the stores' own handling holds); a lost or refusing server is a
`StorageError` (`errors.py`); any other server error is an `sqlite3.OperationalError` (a bug: the writer
fails the batch, as on SQLite).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import asyncpg

from bot.storage.postgres.errors import map_error
from bot.storage.postgres.sql import Dialect, Rewritten

T = TypeVar("T")
Runner = Callable[[Coroutine[Any, Any, Any]], Any]
STATEMENTS_KEPT = 512
_INTEGERS = {"int2", "int4", "int8", "oid"}
_FLOATS = {"float4", "float8"}
_TEXTS = {"text", "varchar", "bpchar", "name"}


class PrivateLoop:
    """An event loop no other code runs, driven by whichever one thread calls `run` (the writer's)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        self.loop.close()


def on_loop(loop: asyncio.AbstractEventLoop) -> Runner:
    """A runner for a worker thread: the coroutine runs on `loop` (which owns the connection); we wait."""
    return lambda coroutine: asyncio.run_coroutine_threadsafe(coroutine, loop).result()


class StatementCache:
    """Prepared statements of one connection, by final SQL text (the least recently used dropped first)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, Any] = OrderedDict()

    async def prepared(self, conn: Any, sql: str) -> Any:
        statement = self._kept.get(sql)
        if statement is None:
            statement = await conn.prepare(sql)
            self._kept[sql] = statement
            if len(self._kept) > STATEMENTS_KEPT:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(sql)
        return statement


def _fit(value: Any, type_name: str) -> Any:
    if value is None:
        return None
    if type_name.startswith("_") and isinstance(value, list | tuple):
        return [_fit(item, type_name[1:]) for item in value]
    if type_name in _INTEGERS:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        return value
    if type_name in _FLOATS:
        return float(value) if isinstance(value, int | Decimal) else value
    if type_name == "numeric":
        return Decimal(str(value)) if isinstance(value, int | float) else value
    if type_name in _TEXTS:
        if isinstance(value, bool):
            return str(int(value))
        if isinstance(value, str):
            return value.replace("\x00", "\ufffd") if "\x00" in value else value  # PostgreSQL text holds no NUL
        return str(value) if isinstance(value, int | float) else value
    if type_name == "bytea":
        return bytes(value) if isinstance(value, bytearray | memoryview) else value
    if type_name == "bool":
        return bool(value) if isinstance(value, int) else value
    return value


def fit_arguments(statement: Any, arguments: Sequence[Any]) -> list[Any]:
    """The arguments as the types PostgreSQL inferred for the parameters want them (SQLite's leniency)."""
    types = statement.get_parameters()
    return [_fit(value, kind.name) for value, kind in zip(arguments, types, strict=True)]


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def plain_rows(records: Iterable[Any]) -> list[tuple[Any, ...]]:
    """asyncpg's records as SQLite's rows: tuples, booleans as 0/1, exact numbers as int (or float)."""
    return [tuple(_plain(value) for value in record) for record in records]


def count_from_status(status: str | None) -> int:
    """`rowcount` as sqlite3 gives it: rows changed by INSERT/UPDATE/DELETE, else -1."""
    if not status:
        return -1
    words = status.split()
    if words[0] in ("INSERT", "UPDATE", "DELETE", "MERGE") and words[-1].isdigit():
        return int(words[-1])
    return -1


# final SQL text -> the types PostgreSQL inferred for its parameters (the same on every connection)
_PARAMETER_TYPES: dict[str, tuple[str, ...]] = {}


async def run_statement(conn: Any, cache: StatementCache | None, rewritten: Rewritten,
                        params: Sequence[Any] | Mapping[str, Any] | None) -> tuple[list[tuple[Any, ...]], str]:
    """One statement on `conn`: (rows, status string). Errors are asyncpg's (the callers map them).

    With a `cache`, on statements prepared and kept for this connection (the status string is theirs);
    without (a pool connection borrowed for one statement, whose prepared statements die with the
    borrowing), through asyncpg's own statement cache, which outlives borrowings (no status: "")."""
    if rewritten.control and rewritten.count == 0:
        status = await conn.execute(rewritten.render())
        return [], str(status)
    arguments = rewritten.arguments(params)
    sql = rewritten.render(arguments)
    if cache is not None:
        statement = await cache.prepared(conn, sql)
        records = await statement.fetch(*fit_arguments(statement, arguments))
        return plain_rows(records), str(statement.get_statusmsg())
    types = _PARAMETER_TYPES.get(sql)
    if types is None:
        statement = await conn.prepare(sql)
        types = _PARAMETER_TYPES[sql] = tuple(kind.name for kind in statement.get_parameters())
        if len(_PARAMETER_TYPES) > 4 * STATEMENTS_KEPT:
            _PARAMETER_TYPES.clear()
    records = await conn.fetch(sql, *[_fit(value, kind) for value, kind in zip(arguments, types, strict=True)])
    return plain_rows(records), ""


class PostgresCursor:
    """What a store reads back from `execute`: rows, `rowcount`, `lastrowid`."""

    def __init__(self, connection: PostgresConnection, rows: list[tuple[Any, ...]], rowcount: int,
                 inserted: bool) -> None:
        self._connection = connection
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self._inserted = inserted

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        taken = self._rows[self._next:self._next + size]
        self._next += len(taken)
        return taken

    def fetchall(self) -> list[tuple[Any, ...]]:
        taken = self._rows[self._next:]
        self._next = len(self._rows)
        return taken

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row

    @property
    def lastrowid(self) -> int | None:
        """The id the last INSERT gave its row (an identity column's sequence, read when asked)."""
        if not self._inserted:
            return None
        row = self._connection.execute("SELECT lastval()").fetchone()
        return int(row[0]) if row else None


class PostgresConnection:
    """The subset of `sqlite3.Connection` the stores use, blocking on `runner` for each statement."""

    def __init__(self, conn: Any, runner: Runner, dialect: Dialect, *, shown_name: str,
                 statements: StatementCache | None = None, on_close: Callable[[], None] | None = None,
                 reconnect: Callable[[], Coroutine[Any, Any, Any]] | None = None) -> None:
        """`reconnect`: a new connection when the server dropped this one (the writer's, at its next BEGIN)."""
        self._conn = conn
        self._run = runner
        self._dialect = dialect
        self._statements = statements if statements is not None else StatementCache()
        self.shown_name = shown_name
        self._on_close = on_close
        self._reconnect = reconnect

    def _reopen_if_dropped(self) -> None:
        """A lost connection (a server restart, a killed backend) is replaced before a transaction begins;
        failing that, this batch fails with a `StorageError` and the next one tries again."""
        if self._reconnect is None or not self._conn.is_closed():
            return
        try:
            self._conn = self._run(self._reconnect())
        except (TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
            raise map_error(error, self.shown_name) from error
        self._statements = StatementCache()

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.is_in_transaction())

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = ()) -> PostgresCursor:
        rewritten = self._dialect.rewrite(sql)
        if rewritten.control and rewritten.render().upper() == "BEGIN":
            self._reopen_if_dropped()
        try:
            rows, status = self._run(run_statement(self._conn, self._statements, rewritten, params))
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
            raise map_error(error, self.shown_name) from error
        return PostgresCursor(self, rows, count_from_status(status), rewritten.inserts)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | Mapping[str, Any]]) -> PostgresCursor:
        rewritten = self._dialect.rewrite(sql)
        all_rows = list(rows)
        if not all_rows:
            return PostgresCursor(self, [], 0, False)
        try:
            self._run(self._many(rewritten, all_rows))
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
            raise map_error(error, self.shown_name) from error
        return PostgresCursor(self, [], -1, False)  # asyncpg's executemany reports no count

    async def _many(self, rewritten: Rewritten, rows: list[Sequence[Any] | Mapping[str, Any]]) -> None:
        arguments = [rewritten.arguments(row) for row in rows]
        statement = await self._statements.prepared(self._conn, rewritten.render(arguments[0]))
        await statement.executemany([fit_arguments(statement, values) for values in arguments])

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        raise sqlite3.NotSupportedError("PostgreSQL has its own functions")  # i18n: not shown (a programmer's error)

    def close(self) -> None:
        try:
            self._run(self._conn.close(timeout=10))
        except (TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            self._conn.terminate()
        finally:
            if self._on_close is not None:
                self._on_close()
