"""`python -m bot practice`: a drill in the terminal, on the same services as the Discord bot."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    subparsers.add_parser("practice", help="drill a deck in the terminal")
