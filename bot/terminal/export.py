"""`python -m bot export --guild ID [--member ID] [--format csv|json] [--out FILE]`: a server's data.

Attempts and streaks, for the server's organisers (or for a member who asked for their record).
Answer text is left out of a server-wide export and included with `--member`: a member's own export
carries what they wrote, a server's doesn't carry what everybody wrote. JSON goes to stdout unless
`--out` is given; CSV writes two files, `FILE` (attempts) and `FILE` with `-streaks` (streaks).
Safe while the bot runs: it only reads (the database is opened the usual way, with its migrations).
With `--report --deck D [--period P]` it writes `/deck report`'s CSV instead (`bot.terminal.deck_report_csv`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.core.messages import N_
from bot.i18n.voice import say, say_error


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a server's (or one member's) attempts and streaks as CSV or JSON",
        description="Export a server's attempts and streaks; with --member, one member's, answers included.",
    )
    parser.add_argument("--guild", required=True, type=_snowflake, help="the server (guild) ID")
    parser.add_argument("--member", type=_snowflake, help="only this member (user ID); includes their answers")
    parser.add_argument("--format", choices=("csv", "json"), default="json", help="default: json")
    parser.add_argument("--out", type=Path, help="file to write (json default: stdout; csv default: "
                        "recall-export-<guild>[-<member>].csv plus its -streaks.csv)")
    parser.add_argument("--report", action="store_true", help="write /deck report's CSV of one deck (with --deck) "
                        "to stdout or --out, instead of the attempts")
    parser.add_argument("--deck", help="with --report: the deck id, as the server sees it")
    parser.add_argument("--period", choices=("week", "month", "term", "all"), default="month",
                        help="with --report: the last 7 days, 4 weeks (default), 16 weeks, or all time")
    parser.add_argument("--database", default=None, help="database URL: sqlite:///relative/path, "
                        "sqlite:////absolute/path or postgresql://user:password@host:port/database "
                        "(default: RECALL_DATABASE_URL, else sqlite:///data/recall.db)")
    parser.set_defaults(handler=run_export)


def _snowflake(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 2**64:
        raise argparse.ArgumentTypeError(say("expected a Discord ID (a number), got {text}", text=repr(text[:30])))
    return int(text)


def run_export(args: argparse.Namespace) -> int:
    import asyncio

    from bot.services.errors import RecallError
    from bot.settings import SettingsError, load_storage_settings, refuse

    if args.report and (args.deck is None or args.member is not None):
        print("recall: " + say("export --report needs --deck and takes no --member (it is about the whole server; "
                               "always CSV)"), file=sys.stderr)
        return 2
    try:
        storage = load_storage_settings(args.database)
    except SettingsError as error:
        return refuse(error)
    url = storage.database_url
    try:
        if args.report:
            from bot.terminal.deck_report_csv import export_report

            return asyncio.run(export_report(args, url, storage.content_dir))
        return asyncio.run(_export(args, url))
    except RecallError as error:
        print(say("✗ export failed: {reason}", reason=say_error(error)), file=sys.stderr)
        return 1
    except OSError as error:
        print(say("✗ export failed: can't write {file}: {reason}", file=error.filename, reason=error.strerror),
              file=sys.stderr)
        return 1


async def _export(args: argparse.Namespace, url: str) -> int:
    from datetime import UTC, datetime

    from bot.app.wiring import open_services
    from bot.database_url import parse_database_url
    from bot.services.errors import RecallError
    from bot.services.member_data import STREAK_COLUMNS, attempt_columns, to_csv, to_json

    path = parse_database_url(url).path  # already checked by the settings; None: a PostgreSQL server
    if path is not None and not path.exists():
        raise RecallError(N_("there is no database at {path} (check --database or RECALL_DATABASE_URL)"), path=path)
    services = await open_services(url, {})
    try:
        export = await services.recall.export_data(guild_id=args.guild, user_id=args.member, now=datetime.now(UTC),
                                            with_answers=args.member is not None)
    finally:
        await services.close()
    counts = {"attempts": len(export.attempts), "streaks": len(export.streaks)}
    if args.member:
        summary = say("{attempts} attempt(s) and {streaks} streak(s) of member {member} in server {server}",
                      member=str(args.member), server=str(args.guild), **counts)
    else:
        summary = say("{attempts} attempt(s) and {streaks} streak(s) of server {server}", server=str(args.guild),
                      **counts)
    if args.format == "json":
        text = to_json(export)
        if args.out is None or str(args.out) == "-":
            sys.stdout.write(text)
            print(say("✓ exported {summary}", summary=summary), file=sys.stderr)
            return 0
        _write(args.out, text)
        print(say("✓ exported {summary} to {out}", summary=summary, out=args.out), file=sys.stderr)
        return 0
    attempts_file = args.out or Path(f"recall-export-{args.guild}" + (f"-{args.member}" if args.member else "") + ".csv")
    streaks_file = attempts_file.with_name(f"{attempts_file.stem}-streaks{attempts_file.suffix or '.csv'}")
    _write(attempts_file, to_csv(export.attempts, attempt_columns(export)))
    _write(streaks_file, to_csv(export.streaks, STREAK_COLUMNS))
    print(say("✓ exported {summary} to {attempts} and {streaks}", summary=summary, attempts=attempts_file,
              streaks=streaks_file), file=sys.stderr)
    return 0


def _write(path: Path, text: str) -> None:
    """Write beside, then rename: an interrupted export never leaves half a file under the real name."""
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_text(text, encoding="utf-8", newline="")
    temporary.replace(path)
