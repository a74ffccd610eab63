"""A scoreboard as a picture: ranks, names, bars as long as the points, and the points as numbers.

Drawn for `/leaderboard` and a live round's final scoreboard; the caller also sends the same ranking as
text (screen readers can't read a picture). Names are whatever members chose, so they are treated as
hostile: control characters become spaces, anything is cut to the width it is drawn at (with an ellipsis),
and glyphs the font lacks are drawn as the font's empty box instead of failing. The work is bounded: at
most `MAX_ROWS` rows, a fixed width, a height that grows with the rows up to a fixed maximum. Pure apart
from Pillow (the same input gives the same bytes).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from bot.i18n.voice import say
from bot.ops.font_fallback import drawable_language, with_stand_ins
from bot.ops.palette import BACKGROUND, BAR, MUTED_TEXT, STRIPE, TEXT, TRACK

TOP_ROWS = 10
MAX_ROWS = TOP_ROWS + 1  # the top ten and, optionally, the caller's own row below them
RAW_TEXT_LIMIT = 256  # characters of a name (or title) looked at before measuring: bounds the work

WIDTH = 720
PAD = 16
HEADER = 64  # title and subtitle
ROW = 34
TEAM_ROW = 42  # a row with a team label under the name
FOOTER = 14
RANK_X, RANK_W = PAD, 48
NAME_X, NAME_W = RANK_X + RANK_W + 8, 224
BAR_X = NAME_X + NAME_W + 12
NUMBER_W = 84
BAR_W = WIDTH - PAD - NUMBER_W - 8 - BAR_X
ELLIPSIS = "…"

MEDALS = {1: (240, 178, 50), 2: (190, 196, 204), 3: (205, 127, 50)}
MEDAL_TEXT = (30, 31, 34)
# Team colours: a team named after a colour gets it; the others take the rest in the order of their names.
NAMED_COLOURS = {
    "red": (237, 66, 69), "blue": (52, 152, 219), "green": (59, 165, 93), "yellow": (254, 231, 92),
    "gold": (241, 196, 15), "purple": (155, 89, 182), "orange": (230, 126, 34), "pink": (235, 69, 158),
    "teal": (26, 188, 156),
}
TEAM_PALETTE = tuple(NAMED_COLOURS[name] for name in ("red", "blue", "green", "yellow", "purple", "orange",
                                                       "pink", "teal"))
# Coloured circles and squares name a colour too ("Team 1 🔴"); the label drops them, its dot shows it.
COLOUR_EMOJI = {
    "🔴": "red", "🟥": "red", "🔵": "blue", "🟦": "blue", "🟢": "green", "🟩": "green", "🟡": "yellow",
    "🟨": "yellow", "🟣": "purple", "🟪": "purple", "🟠": "orange", "🟧": "orange",
}
NEUTRAL_TEAM = (128, 132, 142)
# Characters drawn as a space: controls (a newline would start a second line), unpaired surrogates,
# private use, line and paragraph separators.
BLANKED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Zl", "Zp"})


@dataclass(frozen=True)
class ScoreRow:
    """One line of the board. Equal `rank`s are drawn equal; `team` None means no team."""

    rank: int
    name: str
    points: int
    team: str | None = None


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own font (Aileron, scalable since Pillow 10.1): no system font, the same look everywhere."""
    return ImageFont.load_default(size=size)


def clean_text(text: str, placeholder: str = "?") -> str:
    """One line of drawable text: the first `RAW_TEXT_LIMIT` characters composed (NFC), controls and
    separators blanked, runs of spaces folded, `placeholder` when nothing is left."""
    composed = unicodedata.normalize("NFC", str(text)[:RAW_TEXT_LIMIT])  # "e" + U+0301 -> "é", which the font has
    kept = "".join(" " if unicodedata.category(char) in BLANKED_CATEGORIES else char for char in composed)
    return " ".join(kept.split()) or placeholder


def text_width(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> float:
    return float(font.getlength(text))


def fit_text(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: float,
             ellipsis: str = ELLIPSIS) -> str:
    """`text` itself when it fits in `max_width` pixels, else its longest prefix that fits with "…" added
    (never cutting a combining mark from its letter)."""
    if text_width(text, font) <= max_width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits (or low is 0); text[:high] + "…" doesn't
    while high - low > 1:
        middle = (low + high) // 2
        if text_width(text[:middle] + ellipsis, font) <= max_width:
            low = middle
        else:
            high = middle
    while low > 0 and unicodedata.combining(text[low]):
        low -= 1
    return text[:low].rstrip().removesuffix("\u200d") + ellipsis


def team_colours(teams: Sequence[str | None]) -> dict[str, tuple[int, int, int]]:
    """A colour per team: its own when its name is a colour ("Red", "team blue", "Team 1 🔴"), otherwise
    the unused palette colours in the order of the team names: the same teams get the same colours."""
    names = sorted({team for team in teams if team is not None})
    colours: dict[str, tuple[int, int, int]] = {}
    for team in names:
        words = clean_text(team, "").casefold().replace("-", " ").split()
        words += [COLOUR_EMOJI[char] for char in team[:RAW_TEXT_LIMIT] if char in COLOUR_EMOJI]
        named = next((NAMED_COLOURS[word] for word in words if word in NAMED_COLOURS), None)
        if named is not None and named not in colours.values():
            colours[team] = named
    free = [colour for colour in TEAM_PALETTE if colour not in colours.values()]
    for index, team in enumerate(name for name in names if name not in colours):
        colours[team] = free[index % len(free)] if free else NEUTRAL_TEAM
    return colours


def drawable(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_width: float,
             placeholder: str = "?") -> str:
    """`text` cleaned, with stand-ins for the letters Pillow's font lacks ("é" -> "e", see
    `bot.ops.font_fallback`), and cut to `max_width`. A Pillow built without FreeType falls back to a
    bitmap font that can only encode Latin-1 (anything else raises), so there other characters become "?"."""
    text = clean_text(text, placeholder)
    if not isinstance(font, ImageFont.FreeTypeFont):
        return fit_text(text.encode("latin-1", "replace").decode("latin-1"), font, max_width, "...")
    return fit_text(with_stand_ins(text).strip() or placeholder, font, max_width)


def team_label(team: str) -> str:
    """The team's name without its colour emoji (the font has none; the dot beside it shows the colour)."""
    return "".join(char for char in team[:RAW_TEXT_LIMIT] if char not in COLOUR_EMOJI).strip() or team


def bar_width(points: int, best: int) -> int:
    """Pixels of bar for `points` when `best` fills the whole bar (no bar at or below zero)."""
    if points <= 0 or best <= 0:
        return 0
    return max(2, round(BAR_W * min(points, best) / best))


def follows_a_gap(rows: Sequence[ScoreRow], index: int) -> bool:
    """True when places are missing between this row and the one above (the caller's own row below the
    top ten): a row's rank is at most one more than the rows above it when none is missing."""
    return index > 0 and rows[index].rank > index + 1 and rows[index].rank > rows[index - 1].rank


def image_size(row_count: int, *, with_teams: bool = False) -> tuple[int, int]:
    shown = min(max(row_count, 1), MAX_ROWS)
    return WIDTH, HEADER + shown * (TEAM_ROW if with_teams else ROW) + FOOTER


def _points_text(points: int) -> str:
    return f"{points:,}"


def render_scoreboard(title: str, rows: Sequence[ScoreRow], *, subtitle: str | None = None) -> bytes:
    """The board as PNG bytes, for `discord.File(io.BytesIO(...), "scoreboard.png")`. Rows are drawn in
    the order given, at most `MAX_ROWS`; a row whose rank shows places missing above it (the caller's own
    row under the top ten) gets a dotted line above it."""
    rows = list(rows[:MAX_ROWS])
    with_teams = any(row.team is not None for row in rows)
    width, height = image_size(len(rows), with_teams=with_teams)
    row_height = TEAM_ROW if with_teams else ROW
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, subtitle_font, name_font = _font(20), _font(13), _font(15)
    small_font, rank_font = _font(11), _font(14)

    draw.text((PAD, 12), drawable(title, title_font, WIDTH - 2 * PAD, ""), fill=TEXT, font=title_font)
    if subtitle:
        draw.text((PAD, 40), drawable(subtitle, subtitle_font, WIDTH - 2 * PAD, ""),
                  fill=MUTED_TEXT, font=subtitle_font)
    if not rows:
        with drawable_language():
            nobody = say("Nobody on the board yet.")
        draw.text((PAD, HEADER + row_height // 2), nobody, fill=MUTED_TEXT,
                  font=name_font, anchor="lm")

    best = max((row.points for row in rows), default=0)
    colours = team_colours([row.team for row in rows])
    for index, row in enumerate(rows):
        top = HEADER + index * row_height
        middle = top + row_height // 2
        if index % 2 == 0:
            draw.rectangle((PAD // 2, top, WIDTH - PAD // 2 - 1, top + row_height - 1), fill=STRIPE)
        if follows_a_gap(rows, index):
            for x in range(PAD, WIDTH - PAD, 8):
                draw.line((x, top, x + 3, top), fill=MUTED_TEXT, width=1)

        rank_text = drawable(str(row.rank), rank_font, RANK_W - 10)
        medal = MEDALS.get(row.rank)
        if medal is not None:
            draw.rounded_rectangle((RANK_X, middle - 11, RANK_X + RANK_W - 8, middle + 11), radius=11, fill=medal)
            draw.text((RANK_X + (RANK_W - 8) // 2, middle), rank_text, fill=MEDAL_TEXT, font=rank_font, anchor="mm")
        else:
            draw.text((RANK_X + (RANK_W - 8) // 2, middle), rank_text, fill=MUTED_TEXT, font=rank_font, anchor="mm")

        name = drawable(row.name, name_font, NAME_W)
        colour = colours.get(row.team, BAR) if row.team is not None else (NEUTRAL_TEAM if with_teams else BAR)
        if row.team is not None:
            draw.text((NAME_X, middle - 8), name, fill=TEXT, font=name_font, anchor="lm")
            label = drawable(team_label(row.team), small_font, NAME_W - 14)
            draw.ellipse((NAME_X, middle + 6, NAME_X + 8, middle + 14), fill=colour)
            draw.text((NAME_X + 13, middle + 10), label, fill=colour, font=small_font, anchor="lm")
        else:
            draw.text((NAME_X, middle), name, fill=TEXT, font=name_font, anchor="lm")

        draw.rounded_rectangle((BAR_X, middle - 7, BAR_X + BAR_W, middle + 7), radius=7, fill=TRACK)
        length = bar_width(row.points, best)
        if length:
            draw.rounded_rectangle((BAR_X, middle - 7, BAR_X + length, middle + 7), radius=min(7, length // 2),
                                   fill=colour)
        number = drawable(_points_text(row.points), name_font, NUMBER_W)
        draw.text((WIDTH - PAD, middle), number, fill=TEXT, font=name_font, anchor="rm")

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
