"""`python -m bot grade DECK CARD ANSWER`: grade open answers from the terminal."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    subparsers.add_parser("grade", help="grade an open answer against a card's concepts")
