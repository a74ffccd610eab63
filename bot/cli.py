"""Command line: `python -m bot [command]`. The composition root for every front end.

Each feature module contributes its subcommands through a `register(subparsers)` function and imports
its heavy dependencies (discord, aiosqlite) only when its command runs, so `content check` stays fast.
Every command writes in the terminal's language (`LC_ALL`, `LC_MESSAGES`, `LANG`, the POSIX way);
machine-readable output (JSON, CSV, deck files) and argparse's help stay as they are.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "bot.app.commands",  # run (the Discord bot; the default command)
    "bot.terminal.content_commands",  # content check | lint | coverage | show | import | schema | suggest-concepts
    "bot.terminal.grade",  # grade
    "bot.terminal.practice",  # practice
    "bot.terminal.ops_commands",  # backup | restore
    "bot.terminal.doctor",  # doctor
    "bot.terminal.export",  # export
    "bot.terminal.migrate",  # migrate (SQLite -> PostgreSQL)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Recall, the study-group tutor.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bot.i18n.languages import terminal_language
    from bot.i18n.voice import speaking

    parser = build_parser()
    with speaking(terminal_language(os.environ)):
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
        if args.command is None:
            args = parser.parse_args(["run"])
        result: int = args.handler(args)
    return result
