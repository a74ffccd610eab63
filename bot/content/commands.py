"""`python -m bot content ...`: check, show and import decks."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("content", help="check, show and import decks")
    parser.add_subparsers(dest="content_command", metavar="SUBCOMMAND", required=True)
