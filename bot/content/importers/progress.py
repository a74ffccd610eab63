"""A progress bar on stderr for long imports, drawn by tqdm (it knows terminal widths and redraw rates).

Only on a terminal, and only for imports long enough to be worth watching: in a pipe or a log file
redrawn bars are noise, and the import's summary line says how it went.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

TTY_MIN_ITEMS = 200  # below this an import is instant and a bar would only flicker


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None, unit: str = "card") -> None:
        self.total = max(total, 0)
        self.stream = stream if stream is not None else sys.stderr
        is_tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = is_tty and self.total >= TTY_MIN_ITEMS
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            from bot.i18n.voice import say_marked

            self._bar = tqdm(total=self.total, desc=say_marked(label), file=self.stream, unit=unit, dynamic_ncols=True)

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
