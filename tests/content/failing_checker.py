"""A deck checker child for tests: the real per-deck child (bot.content.per_deck.child_main, with its
CPU limits and frames), whose check misbehaves on decks that ask for it in a comment: burns CPU, dies,
hangs, or writes garbage. Every other deck gets the real check."""

from __future__ import annotations

import os
import sys
import time

from bot.content.isolated import CheckedText, check_text
from bot.content.per_deck import child_main


def misbehaving_check(text: str, name: str) -> CheckedText:
    if "# test: burn-cpu" in text:
        while True:
            pass
    if "# test: crash" in text:
        os._exit(3)
    if "# test: hang" in text:
        time.sleep(3600)
    if "# test: garbage" in text:
        sys.stdout.buffer.write((5).to_bytes(8, "big") + b"hello")
        sys.stdout.buffer.flush()
        time.sleep(3600)
    return check_text(text, name)


if __name__ == "__main__":
    child_main(misbehaving_check)
