"""The study calendar: the member's last weeks as a heatmap, like a contributions graph.

Seven rows (Monday to Sunday) by `weeks` columns, the last column holding `today`; each square is
coloured by how many answers the member gave that day. The picture (PNG, for `/stats`) and the text
version (for the terminal `practice`) share one model, `CalendarGrid`, so they always agree.
Pure apart from Pillow: the caller passes `today` and the streak numbers (no clock, no database).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PIL import Image, ImageDraw, ImageFont

from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.voice import reply_language, say, say_date, say_n
from bot.ops.font_fallback import drawable_language
from bot.ops.palette import BACKGROUND, MUTED_TEXT, TEXT

WEEKS = 12
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # English; other languages' from the locale data
# Lower bounds of the four "studied" shades: 1-2 answers, 3-5, 6-9, 10 or more.
LEVEL_THRESHOLDS = (1, 3, 6, 10)

# An empty-day grey, and four greens from faint to strong.
LEVEL_COLOURS = ((58, 61, 68), (14, 68, 41), (0, 109, 50), (38, 166, 65), (57, 211, 83))
TODAY_OUTLINE = (242, 243, 245)
TEXT_BLOCKS = ("·", "░", "▒", "▓", "█")

CELL, GAP = 20, 4
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 68, 40


@dataclass(frozen=True)
class CalendarGrid:
    """`levels[row][column]`: 0-4 for a past or present day, None for a day after `today`."""

    first_monday: date
    today: date
    levels: tuple[tuple[int | None, ...], ...]
    study_days: int
    attempts: int

    @property
    def weeks(self) -> int:
        return len(self.levels[0])

    def day_at(self, row: int, column: int) -> date:
        return self.first_monday + timedelta(weeks=column, days=row)


def level_for(attempts: int) -> int:
    return sum(attempts >= threshold for threshold in LEVEL_THRESHOLDS)


def build_grid(attempts_by_day: Mapping[date, int], today: date, weeks: int = WEEKS) -> CalendarGrid:
    """Place each day of the last `weeks` weeks (ending with today's week) on the grid."""
    if isinstance(today, datetime):
        today = today.date()
    if not 1 <= weeks <= 53:
        raise ValueError(f"weeks must be between 1 and 53, got {weeks}")
    counts: dict[date, int] = {}
    for day, count in attempts_by_day.items():
        if count < 0:
            raise ValueError(f"attempts can't be negative ({day}: {count})")
        key = day.date() if isinstance(day, datetime) else day
        counts[key] = counts.get(key, 0) + count
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    rows: list[tuple[int | None, ...]] = []
    for row in range(7):
        cells: list[int | None] = []
        for column in range(weeks):
            day = first_monday + timedelta(weeks=column, days=row)
            cells.append(None if day > today else level_for(counts.get(day, 0)))
        rows.append(tuple(cells))
    shown = [count for day, count in counts.items() if first_monday <= day <= today]
    return CalendarGrid(
        first_monday=first_monday,
        today=today,
        levels=tuple(rows),
        study_days=sum(1 for count in shown if count > 0),
        attempts=sum(shown),
    )


def _days(count: int) -> str:
    return say_n("{count} day", "{count} days", count)


def streak_title(current_streak: int, longest_streak: int) -> str:
    if current_streak < 0 or longest_streak < 0:
        raise ValueError("streaks can't be negative")
    return say("Current streak: {current}  ·  Longest: {longest}", current=_days(current_streak),
               longest=_days(longest_streak))


def _summary(grid: CalendarGrid) -> str:
    return say_n("{count} answer on {days} in the last {weeks} weeks", "{count} answers on {days} in the last {weeks} weeks",
                 grid.attempts, days=_days(grid.study_days), weeks=grid.weeks)


def weekday_label(grid: CalendarGrid, row: int) -> str:
    """Row `row`'s day of the week, short ("Mon", "lun", "Mo"), at most three characters."""
    if reply_language() == SOURCE_LANGUAGE:
        return WEEKDAYS[row]
    return say_date(grid.day_at(row, 0), "EEE").rstrip(".")[:3]


def _text_width(text: str) -> int:
    """Columns `text` takes in a terminal (a CJK character takes two)."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _month_labels(grid: CalendarGrid) -> list[tuple[int, str]]:
    """(column, "Sep") where a month's first Monday-column starts (the first column always gets one)."""
    labels: list[tuple[int, str]] = []
    previous_month = None
    for column in range(grid.weeks):
        monday = grid.day_at(0, column)
        if monday.month != previous_month:
            if not labels or column - labels[-1][0] >= 3:  # keep labels from overlapping
                labels.append((column, say_date(monday, "LLL")))
            previous_month = monday.month
    return labels


def image_size(weeks: int = WEEKS) -> tuple[int, int]:
    width = LEFT + weeks * (CELL + GAP) - GAP + RIGHT
    height = TOP + 7 * (CELL + GAP) - GAP + BOTTOM
    return max(width, 360), height


def render_calendar_png(
    attempts_by_day: Mapping[date, int],
    *,
    today: date,
    current_streak: int,
    longest_streak: int,
    weeks: int = WEEKS,
) -> bytes:
    """The heatmap as PNG bytes, ready for `discord.File(io.BytesIO(...), "calendar.png")`."""
    with drawable_language():
        return _draw_calendar(attempts_by_day, today=today, current_streak=current_streak,
                              longest_streak=longest_streak, weeks=weeks)


def _draw_calendar(attempts_by_day: Mapping[date, int], *, today: date, current_streak: int, longest_streak: int,
                   weeks: int) -> bytes:
    grid = build_grid(attempts_by_day, today, weeks)
    title = streak_title(current_streak, longest_streak)
    width, height = image_size(weeks)
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, small_font = ImageFont.load_default(size=15), ImageFont.load_default(size=11)

    draw.text((LEFT, 8), title, fill=TEXT, font=title_font)
    draw.text((LEFT, 29), _summary(grid), fill=MUTED_TEXT, font=small_font)
    for column, label in _month_labels(grid):
        draw.text((LEFT + column * (CELL + GAP), TOP - 16), label, fill=MUTED_TEXT, font=small_font)
    for row in (0, 2, 4, 6):
        draw.text((6, TOP + row * (CELL + GAP) + 4), weekday_label(grid, row), fill=MUTED_TEXT, font=small_font)

    for row, cells in enumerate(grid.levels):
        for column, level in enumerate(cells):
            if level is None:
                continue
            x, y = LEFT + column * (CELL + GAP), TOP + row * (CELL + GAP)
            box = (x, y, x + CELL - 1, y + CELL - 1)
            outline = TODAY_OUTLINE if grid.day_at(row, column) == grid.today else None
            draw.rounded_rectangle(box, radius=4, fill=LEVEL_COLOURS[level], outline=outline, width=2)

    legend_y = height - BOTTOM + 14
    x = width - RIGHT - 5 * (12 + 3) - 34
    less = say("Less")
    draw.text((min(x - 30, x - 4 - small_font.getlength(less)), legend_y - 1), less, fill=MUTED_TEXT, font=small_font)
    for colour in LEVEL_COLOURS:
        draw.rounded_rectangle((x, legend_y, x + 11, legend_y + 11), radius=2, fill=colour)
        x += 15
    draw.text((x + 2, legend_y - 1), say("More"), fill=MUTED_TEXT, font=small_font)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def render_calendar_text(
    attempts_by_day: Mapping[date, int],
    *,
    today: date,
    current_streak: int,
    longest_streak: int,
    weeks: int = WEEKS,
) -> str:
    """The same calendar in Unicode blocks for the terminal: `·` no answers, `░▒▓█` more and more."""
    grid = build_grid(attempts_by_day, today, weeks)
    months = [" "] * (2 * grid.weeks)
    for column, label in _month_labels(grid):
        for offset, char in enumerate(label):
            if 2 * column + offset < len(months):
                months[2 * column + offset] = char
    lines = [streak_title(current_streak, longest_streak), _summary(grid), "    " + "".join(months).rstrip()]
    for row, cells in enumerate(grid.levels):
        squares = " ".join(" " if level is None else TEXT_BLOCKS[level] for level in cells)
        label = weekday_label(grid, row)
        lines.append(f"{label}{' ' * (4 - _text_width(label))}{squares}".rstrip())
    lines.append(f"    {say('less')} " + " ".join(TEXT_BLOCKS) + f" {say('more')}")
    return "\n".join(lines) + "\n"
