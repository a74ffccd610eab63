"""`python -m bot migrate --from sqlite:///data/recall.db --to postgresql://... [--force]`: move a group up.

Copies every table of the bot's SQLite database into a PostgreSQL database (migrated to the latest
schema first), then compares both sides: row counts per table, and each member's attempts, points and
correct answers. Exit code 0 when the copy is complete and equal; 1 when it was refused (a running bot,
an out-of-date source, a target holding data without `--force`, a server that can't be reached) or
differs; 2 for URLs that can't work. Nothing is half-copied: the PostgreSQL side commits in one
transaction. The password of the PostgreSQL URL is never shown.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from bot.i18n.voice import say
from bot.terminal.wording import error_text, fixed

CONNECT_TIMEOUT_S = 15.0
SHOWN_DIFFERENCES = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="copy the SQLite database into PostgreSQL (stop the bot first)",
        description="Copy every table of a SQLite database into a PostgreSQL database (migrated first), then "
        "compare row counts and per-member totals on both sides. Refuses a target that holds data unless --force.",
    )
    parser.add_argument("--from", dest="source", required=True, metavar="SQLITE_URL",
                        help="the SQLite database to copy, e.g. sqlite:///data/recall.db")
    parser.add_argument("--to", dest="target", required=True, metavar="POSTGRESQL_URL",
                        help="the PostgreSQL database, e.g. postgresql://recall:PASSWORD@db:5432/recall")
    parser.add_argument("--force", action="store_true",
                        help="empty the target's Recall tables first when they hold data")
    parser.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    import asyncio

    from bot.database_url import DatabaseUrlError, parse_database_url, without_password
    from bot.ops.instance_lock import InstanceLock, InstanceLocked, LockFileError

    try:
        source, target = parse_database_url(args.source), parse_database_url(args.target)
    except DatabaseUrlError as error:
        return _refuse(error_text(error), 2)
    if source.path is None:
        return _refuse(say("--from must name the SQLite database to copy (such as sqlite:///data/recall.db), got "
                           "{url}", url=without_password(args.source)), 2)
    if target.dsn is None:
        return _refuse(say("--to must name a PostgreSQL database (postgresql://user:password@host:port/database), "
                           "got {url}", url=args.target), 2)
    if not source.path.is_file():
        return _refuse(say("{path} does not exist: --from must name the SQLite file the bot uses", path=source.path), 2)
    lock = InstanceLock(source.path)
    try:
        lock.acquire()
    except (InstanceLocked, LockFileError) as error:
        return _refuse(say("refusing to copy: {reason}", reason=error_text(error)), 1)
    try:
        return asyncio.run(_move(source.path, target.dsn, args.force, without_password(target.url)))
    finally:
        lock.release()


def _refuse(line: str, code: int) -> int:
    print(f"recall: {line}", file=sys.stderr)
    return code


async def _move(path: Path, dsn: str, force: bool, shown: str) -> int:
    from bot.app.wiring import move_up_tools
    from bot.core.errors import DatabaseTooNew

    tools = move_up_tools()
    source = tools.open_source(path)
    try:
        latest = tools.latest_sqlite_version()
        if source.version != latest:
            return _refuse(_out_of_date(path, source.version, latest), 1)
        try:
            conn = await tools.connect(dsn, CONNECT_TIMEOUT_S)
        except Exception as error:  # asyncpg's errors, OSError, TimeoutError: all mean "not reachable as given"
            return _refuse(say("can't connect to {url}: {reason}", url=shown, reason=_scrubbed(error, dsn)), 1)
        try:
            return await _copy_and_compare(tools, source, conn, path, shown, force, dsn)
        except DatabaseTooNew as error:
            return _refuse(error_text(error), 1)
        finally:
            await conn.close()
    finally:
        source.close()


def _out_of_date(path: Path, version: int, latest: int) -> str:
    if version == 0:
        return say("{path} is not a Recall database (schema version 0)", path=path)
    if version > latest:
        return say("{path} has schema version {version}, newer than this Recall knows ({latest}): upgrade Recall "
                   "first", path=path, version=str(version), latest=str(latest))
    return say("{path} has schema version {version}, and this Recall has {latest}: start the bot once on it (it "
               "applies the missing migrations at start), stop it, then run migrate again", path=path,
               version=str(version), latest=str(latest))


async def _copy_and_compare(tools: ModuleType, source: Any, conn: Any, path: Path, shown: str, force: bool,
                            dsn: str) -> int:
    import asyncpg

    await tools.migrate_target(conn, shown)
    missing = tools.missing_in_target(source, await tools.target_columns(conn))
    if missing:
        return _refuse(say("the PostgreSQL schema of this Recall lacks {missing}: nothing was copied (a packaging "
                           "error: report it)", missing=", ".join(missing[:5])), 1)
    expected = tools.source_row_counts(source)
    started = time.perf_counter()
    with ProgressBar(sum(expected.values())) as advance:
        try:
            occupied = await tools.copy_into(source, conn, empty_first=force, copied=advance)
        except tools.CopyRefused as refused:
            return _refuse(_refused_value(refused), 1)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TypeError, ValueError) as error:
            # a constraint the data breaks, a lost connection, a value asyncpg refuses: rolled back as a whole
            return _refuse(say("the copy failed, nothing was copied: {reason}", reason=_scrubbed(error, dsn)), 1)
    if occupied:
        tables = ", ".join(f"{table} ({count})" for table, count in sorted(occupied.items())[:5])
        return _refuse(say("{url} already holds data (rows in {tables}): nothing was copied. Add --force to empty "
                           "its Recall tables first", url=shown, tables=tables), 1)
    elapsed = time.perf_counter() - started
    print(say("✓ copied {rows} rows of {tables} tables from {source} to {target} ({seconds} s)",
              rows=sum(expected.values()), tables=len(expected), source=path, target=shown,
              seconds=fixed(elapsed, 1)))
    return await _compare(tools, source, conn, path)


async def _compare(tools: ModuleType, source: Any, conn: Any, path: Path) -> int:
    mine = tools.source_totals(source)
    theirs = await tools.target_totals(conn, list(mine.rows))
    found = tools.differences(mine, theirs)
    if not found:
        print(say("✓ both sides hold the same rows in every table, and every member ({members}) the same attempts, "
                  "points and correct answers", members=len(mine.members)))
        return 0
    print(say("✗ the copy differs from {source} in {count} place(s):", source=path, count=len(found)), file=sys.stderr)
    for difference in found[:SHOWN_DIFFERENCES]:
        print("  " + _difference_line(difference), file=sys.stderr)
    return 1


def _difference_line(difference: Any) -> str:
    values = {"source": difference.source, "target": difference.target}
    if difference.what == "rows":
        return say("{table}: {source} rows in SQLite, {target} in PostgreSQL", table=difference.key, **values)
    lines: dict[str, Callable[..., str]] = {
        "attempts": lambda: say("member {member}: {source} attempts in SQLite, {target} in PostgreSQL",
                                member=difference.key, **values),
        "points": lambda: say("member {member}: {source} points in SQLite, {target} in PostgreSQL",
                              member=difference.key, **values),
        "correct": lambda: say("member {member}: {source} correct answers in SQLite, {target} in PostgreSQL",
                               member=difference.key, **values),
    }
    return lines[difference.what]()


def _refused_value(refused: Any) -> str:
    if refused.shown is None:
        return say("{table}.{column}, row {row}, holds a NUL character, which PostgreSQL text can't hold: nothing "
                   "was copied", table=refused.table, column=refused.column, row=str(refused.row))
    return say("{table}.{column}, row {row}, holds {value}, which its PostgreSQL column ({type}) can't take: nothing "
               "was copied", table=refused.table, column=refused.column, row=str(refused.row), value=refused.shown,
               type=refused.kind)


def _scrubbed(error: BaseException, dsn: str) -> str:
    """An error's text with the URL's password (if it appears) replaced."""
    text = f"{error.__class__.__name__}: {error}" if str(error) else error.__class__.__name__
    password = urlsplit(dsn).password
    return text.replace(password, "***") if password else text


class ProgressBar:
    """A progress bar on stderr when it is a terminal (tqdm); silent otherwise (logs, CI, pipes)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Callable[[str, int], None]:
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit=say("rows"), file=sys.stderr, dynamic_ncols=True)

        def advance(table: str, rows: int) -> None:
            if self.bar is not None:
                self.bar.set_description(table, refresh=False)
                self.bar.update(rows)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
