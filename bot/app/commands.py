"""`python -m bot run`: start the Discord bot."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="start the Discord bot (the default command)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    print("recall: the Discord bot is not built yet (issue 5); try `python -m bot practice`.", file=sys.stderr)
    return 2
