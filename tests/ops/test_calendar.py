"""The study calendar, as a picture and as text, from a fixed `today` and known attempts."""

from __future__ import annotations

import io
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image

from bot.ops.calendar import (
    BACKGROUND,
    CELL,
    GAP,
    LEFT,
    LEVEL_COLOURS,
    TODAY_OUTLINE,
    TOP,
    build_grid,
    level_for,
    render_calendar_png,
    render_calendar_text,
    streak_title,
)

TODAY = date(2026, 11, 27)  # a Friday; its week's Monday is 23 November
FIRST_MONDAY = date(2026, 9, 7)  # 11 weeks earlier: the first column


def centre(row: int, column: int) -> tuple[int, int]:
    return LEFT + column * (CELL + GAP) + CELL // 2, TOP + row * (CELL + GAP) + CELL // 2


def png(attempts: dict[date, int], **kwargs: int) -> Image.Image:
    data = render_calendar_png(attempts, today=TODAY, current_streak=kwargs.get("current", 3),
                               longest_streak=kwargs.get("longest", 9))
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def test_png_decodes_with_the_expected_size() -> None:
    image = png({})
    assert image.size == (360, 272)


def test_studied_days_are_coloured_by_how_much_and_empty_days_are_grey() -> None:
    wednesday = TODAY - timedelta(days=2)  # row 2, last column
    attempts = {wednesday: 12, FIRST_MONDAY: 1, FIRST_MONDAY + timedelta(days=1): 4}
    image = png(attempts)
    assert image.getpixel(centre(2, 11)) == LEVEL_COLOURS[4]
    assert image.getpixel(centre(0, 0)) == LEVEL_COLOURS[1]
    assert image.getpixel(centre(1, 0)) == LEVEL_COLOURS[2]
    assert image.getpixel(centre(3, 11)) == LEVEL_COLOURS[0], "Thursday: no answers"
    assert image.getpixel(centre(2, 11)) != image.getpixel(centre(3, 11))


def test_days_after_today_are_not_drawn_and_today_is_outlined() -> None:
    image = png({TODAY: 2})
    assert image.getpixel(centre(5, 11)) == BACKGROUND, "Saturday is still to come"
    assert image.getpixel(centre(6, 11)) == BACKGROUND
    x, y = centre(4, 11)
    assert image.getpixel((x, y)) == LEVEL_COLOURS[1]
    assert image.getpixel((x, y - CELL // 2 + 1)) == TODAY_OUTLINE, "today has an outline"


def test_days_outside_the_window_are_ignored() -> None:
    grid = build_grid({FIRST_MONDAY - timedelta(days=1): 50, TODAY + timedelta(days=1): 50}, TODAY)
    assert grid.attempts == 0 and grid.study_days == 0
    assert all(level in (0, None) for row in grid.levels for level in row)


def test_grid_shape_and_counts() -> None:
    grid = build_grid({TODAY: 3, FIRST_MONDAY: 2, TODAY - timedelta(days=30): 0}, TODAY)
    assert (len(grid.levels), grid.weeks) == (7, 12)
    assert grid.first_monday == FIRST_MONDAY
    assert grid.day_at(4, 11) == TODAY
    assert (grid.attempts, grid.study_days) == (5, 2)


def test_datetime_keys_count_on_their_day() -> None:
    moment = datetime(2026, 11, 26, 20, 30, tzinfo=UTC)
    grid = build_grid({moment: 6, moment.date(): 4}, TODAY)
    assert grid.levels[3][11] == level_for(10) == 4


@pytest.mark.parametrize(("attempts", "level"), [(0, 0), (1, 1), (2, 1), (3, 2), (5, 2), (6, 3), (9, 3), (10, 4), (500, 4)])
def test_levels(attempts: int, level: int) -> None:
    assert level_for(attempts) == level


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="negative"):
        build_grid({TODAY: -1}, TODAY)
    with pytest.raises(ValueError, match="weeks"):
        build_grid({}, TODAY, weeks=0)
    with pytest.raises(ValueError, match="streaks"):
        streak_title(-1, 3)


def test_titles_count_days_in_words() -> None:
    assert streak_title(1, 1) == "Current streak: 1 day  ·  Longest: 1 day"
    assert streak_title(0, 12) == "Current streak: 0 days  ·  Longest: 12 days"


def test_text_calendar_matches_the_grid() -> None:
    attempts = {TODAY - timedelta(days=2): 12, FIRST_MONDAY: 1}
    text = render_calendar_text(attempts, today=TODAY, current_streak=1, longest_streak=4)
    lines = text.splitlines()
    assert lines[0] == "Current streak: 1 day  ·  Longest: 4 days"
    assert lines[1] == "13 answers on 2 days in the last 12 weeks"
    assert lines[2].split() == ["Sep", "Oct", "Nov"]
    rows = {line[:3]: line[4:] for line in lines[3:10]}
    assert list(rows) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert rows["Mon"].split() == ["░"] + ["·"] * 11
    assert rows["Wed"].split() == ["·"] * 11 + ["█"]
    assert rows["Sat"].split() == ["·"] * 11, "Saturday of this week is still to come"
    assert lines[-1].strip() == "less · ░ ▒ ▓ █ more"


def test_a_long_history_renders_quickly_enough_to_report() -> None:
    attempts = {TODAY - timedelta(days=n): n % 13 for n in range(400)}
    started = time.perf_counter()
    for _ in range(20):
        image = render_calendar_png(attempts, today=TODAY, current_streak=400, longest_streak=400)
    per_render_ms = (time.perf_counter() - started) * 1000 / 20
    print(f"\ncalendar PNG: {per_render_ms:.1f} ms per render, {len(image)} bytes")  # reported, not asserted
    assert Image.open(io.BytesIO(image)).size == (360, 272)
