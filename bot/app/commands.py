"""`python -m bot run` (also plain `python -m bot`): start the Discord bot."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="start the Discord bot (the default command)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from bot.app.runner import run_bot
    from bot.i18n.voice import say_error
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"recall: {say_error(error)}", file=sys.stderr)
        return 2
    return run_bot(settings)
