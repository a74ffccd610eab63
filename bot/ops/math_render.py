"""The bot's side of math pictures: ask a child process (bot.ops.math_image) for the PNG, check what
comes back, and keep recent pictures in a small cache keyed by the texts' hash.

matplotlib is never imported in the bot: its ~40 MiB would stay for the bot's whole life. A child is
started per picture not in the cache, one at a time (a queue longer than MAX_WAITING gets the text form
at once rather than a late picture), under CPU, memory and time limits; whatever it answers must be a
PNG of bounded size. Any failure (no matplotlib, a timeout, a crash, a formula mathtext can't read) means
no picture: the card shows its text form, which every message keeps anyway.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import logging
import os
import struct
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from bot.core.math_spans import has_math

log = logging.getLogger("recall.math")

RENDER_VERSION = "1"  # part of the cache key: a change to the drawing makes new pictures
TIMEOUT_SECONDS = 20.0
MAX_PNG_BYTES = 2 * 1024 * 1024
MAX_SIDE_PX = 4096
CACHE_ENTRIES = 256
CACHE_BYTES = 8 * 1024 * 1024
MAX_WAITING = 8
NOTHING_TO_DRAW = 3  # bot.ops.math_image's exit code when no formula can be drawn
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def math_available() -> bool:
    """Whether matplotlib is installed (looked up, not imported)."""
    return importlib.util.find_spec("matplotlib") is not None


def checked_png(data: bytes) -> bytes | None:
    """`data` if it is a PNG within the size bounds, else None."""
    if not data.startswith(PNG_MAGIC) or len(data) > MAX_PNG_BYTES or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return data if 0 < width <= MAX_SIDE_PX and 0 < height <= MAX_SIDE_PX else None


class MathRenderer:
    """Pictures of card texts with formulas; `render` returns None whenever there is no picture to show."""

    def __init__(self, *, enabled: bool | None = None, timeout: float = TIMEOUT_SECONDS,
                 config_dir: Path | None = None) -> None:
        self.enabled = math_available() if enabled is None else enabled
        self.timeout = timeout
        self.config_dir = config_dir  # matplotlib's font list, built by the first child (default: a temp folder)
        self._cache: OrderedDict[str, bytes | None] = OrderedDict()
        self._cache_bytes = 0
        self._running: dict[str, asyncio.Future[bytes | None]] = {}
        self._one_at_a_time = asyncio.Semaphore(1)
        self._waiting = 0
        self.children_started = 0  # for tests and the log

    def announce(self) -> None:
        """Said once at start: whether formulas are drawn."""
        if self.enabled:
            log.info("math rendering on: formulas in cards are drawn by matplotlib in a child process")
        else:
            log.warning("math rendering is off: matplotlib is not installed (pip install 'recall-bot[math]'); "
                        "cards show formulas as text")

    async def render(self, texts: Sequence[str]) -> bytes | None:
        """The PNG of `texts` with their formulas drawn, or None (no math, math off, busy, or it failed)."""
        texts = [text for text in texts if text]
        if not self.enabled or not any(has_math(text) for text in texts):
            return None
        key = hashlib.sha256(json.dumps([RENDER_VERSION, texts]).encode("utf-8")).hexdigest()
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if key in self._running:
            return await asyncio.shield(self._running[key])
        if self._waiting >= MAX_WAITING:
            log.info("math pictures: %d waiting, this one is shown as text", self._waiting)
            return None
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        self._waiting += 1
        started = False
        try:
            async with self._one_at_a_time:
                self._waiting -= 1
                started = True
                png = await self._draw(texts)
            self._remember(key, png)
            future.set_result(png)
            return png
        except BaseException:
            future.set_result(None)
            raise
        finally:
            if not started:
                self._waiting -= 1
            self._running.pop(key, None)

    async def _draw(self, texts: list[str]) -> bytes | None:
        self.children_started += 1
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.ops.math_image",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=_child_env(self.config_dir),
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(json.dumps({"texts": texts}).encode()),
                                              self.timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            log.warning("math picture: the drawing took longer than %.0f s; shown as text", self.timeout)
            return None
        if process.returncode == NOTHING_TO_DRAW:
            return None
        if process.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]  # i18n: not shown (logged)
            log.warning("math picture: the drawing stopped with code %s (%s); shown as text",
                        process.returncode, last[0][:200])
            return None
        png = checked_png(out)
        if png is None:
            log.warning("math picture: the drawing answered %d bytes that are not a PNG within bounds", len(out))
        return png

    def _remember(self, key: str, png: bytes | None) -> None:
        size = len(png) if png else 0
        if size > CACHE_BYTES:
            return
        self._cache[key] = png
        self._cache_bytes += size
        while len(self._cache) > CACHE_ENTRIES or self._cache_bytes > CACHE_BYTES:
            _, dropped = self._cache.popitem(last=False)
            self._cache_bytes -= len(dropped) if dropped else 0


def _child_env(config_dir: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    env.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy's thread pool would reserve memory for nothing
    # matplotlib builds its font list once and keeps it there; a folder it can't write means every child
    # builds it again. The bot gives one in its data folder, which only it writes.
    if config_dir is not None:
        env["MPLCONFIGDIR"] = str(config_dir)
    env.setdefault("MPLCONFIGDIR", str(Path(tempfile.gettempdir()) / f"recall-matplotlib-{os.getuid()}"))
    return env
