"""The bot's side of math pictures: a real child per new picture, checked output, a bounded cache, and
the text form (None) whenever there is no picture."""

from __future__ import annotations

import asyncio
import struct
import zlib

import pytest

from bot.ops import math_render
from bot.ops.math_render import MAX_PNG_BYTES, PNG_MAGIC, MathRenderer, checked_png


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_MAGIC + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


async def test_a_formula_is_drawn_once_then_served_from_the_cache() -> None:
    renderer = MathRenderer(enabled=True)
    first = await renderer.render(["Half: $\\frac{a}{b}$"])
    assert first is not None and first.startswith(PNG_MAGIC)
    again = await renderer.render(["Half: $\\frac{a}{b}$"])
    assert again == first and renderer.children_started == 1


async def test_the_same_picture_asked_twice_at_once_starts_one_child() -> None:
    renderer = MathRenderer(enabled=True)
    pictures = await asyncio.gather(*(renderer.render(["$x^2$ twice"]) for _ in range(3)))
    assert pictures[0] is not None and pictures.count(pictures[0]) == 3
    assert renderer.children_started == 1


async def test_no_picture_without_math_when_off_or_for_bad_math() -> None:
    renderer = MathRenderer(enabled=True)
    assert await renderer.render(["It costs $5 and $10.", "plain"]) is None
    assert renderer.children_started == 0  # nothing to draw: no child at all
    assert await renderer.render(["$\\frac{a}{$"]) is None  # mathtext can't read it: the text form
    assert await renderer.render(["$\\frac{a}{$"]) is None
    assert renderer.children_started == 1  # the failure is remembered too
    off = MathRenderer(enabled=False)
    assert await off.render(["$x$"]) is None and off.children_started == 0


async def test_a_child_past_its_time_is_killed_and_the_text_form_stays() -> None:
    renderer = MathRenderer(enabled=True, timeout=0.001)
    assert await renderer.render(["$y^3$"]) is None


async def test_a_child_answering_something_else_than_a_png_gives_no_picture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(math_render.sys, "executable", "/bin/echo")  # answers "-m bot.ops.math_image\n"
    assert await MathRenderer(enabled=True).render(["$z$"]) is None


def test_only_pngs_within_bounds_pass() -> None:
    assert checked_png(png_header(300, 80)) is not None
    assert checked_png(b"GIF89a" + png_header(300, 80)[6:]) is None
    assert checked_png(png_header(10_000, 80)) is None
    assert checked_png(png_header(0, 80)) is None
    assert checked_png(png_header(300, 80) + b"\0" * MAX_PNG_BYTES) is None


async def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(math_render, "CACHE_ENTRIES", 2)
    renderer = MathRenderer(enabled=True)

    async def fake_draw(texts: list[str]) -> bytes:
        renderer.children_started += 1
        return png_header(10, 10)

    monkeypatch.setattr(renderer, "_draw", fake_draw)
    for letter in "abc":
        await renderer.render([f"${letter}$"])
    await renderer.render(["$c$"])
    assert renderer.children_started == 3
    await renderer.render(["$a$"])  # the oldest was dropped
    assert renderer.children_started == 4


def test_without_matplotlib_math_is_off_and_the_log_says_so_once(monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(math_render.importlib.util, "find_spec", lambda name: None)
    renderer = MathRenderer()
    assert not renderer.enabled
    with caplog.at_level("INFO", logger="recall.math"):
        renderer.announce()
    assert [record.getMessage() for record in caplog.records] == [
        "math rendering is off: matplotlib is not installed (pip install 'recall-bot[math]'); cards show formulas as text"
    ]
    assert asyncio.run(renderer.render(["$x$"])) is None
