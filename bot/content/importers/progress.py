"""A small progress bar on stderr for long imports (standard library only)."""

from __future__ import annotations

import sys
from typing import TextIO

TTY_MIN_ITEMS = 200  # below this an import is instant and a bar would only flicker
LOG_MIN_ITEMS = 5000  # when stderr is a file or a pipe, only very long imports report progress
BAR_WIDTH = 30


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.is_tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = self.total >= (TTY_MIN_ITEMS if self.is_tty else LOG_MIN_ITEMS)
        self.done = 0
        self.shown = -1

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        if not self.enabled:
            return
        step = 1 if self.is_tty else 10  # percent between redraws
        percent = self.done * 100 // self.total
        if percent // step != self.shown // step or self.done == self.total:
            self.shown = percent
            self._draw(percent)

    def _draw(self, percent: int) -> None:
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        line = f"{self.label} [{bar}] {percent:3d}% {self.done}/{self.total}"
        self.stream.write(f"\r{line}" if self.is_tty else f"{line}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.is_tty:
            self.stream.write("\n")
            self.stream.flush()
