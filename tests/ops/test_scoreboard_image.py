"""The scoreboard picture: a valid PNG of bounded size, the same bytes for the same input, bars as long as
the points, equal ranks drawn equal, team colours, and names members typed that must not break it."""

from __future__ import annotations

import io
import unicodedata

import pytest
from PIL import Image, ImageFont

from bot.ops import scoreboard_image
from bot.ops.scoreboard_image import (
    BACKGROUND,
    BAR,
    BAR_W,
    BAR_X,
    BLANKED_CATEGORIES,
    ELLIPSIS,
    HEADER,
    MAX_ROWS,
    MEDALS,
    NAME_W,
    NAMED_COLOURS,
    RANK_W,
    RANK_X,
    ROW,
    STRIPE,
    TEAM_ROW,
    TRACK,
    WIDTH,
    ScoreRow,
    _font,
    bar_width,
    clean_text,
    drawable,
    fit_text,
    follows_a_gap,
    image_size,
    render_scoreboard,
    team_colours,
    team_label,
    text_width,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE_NAMES = (
    "😀🎉👩‍👩‍👧‍👦🏳️‍🌈" * 20,  # emoji and ZWJ sequences, long
    "مرحبا بالعالم שלום עולם",  # right to left
    "\u202eevil\u202c reversed \u2066isolate",  # bidi overrides
    "漢字かなカナ한국어" * 15,  # CJK, 150 characters
    "Z̵̧̛̖̮͙̞̪̈́̓͗a̸̢̛̟̟̘̰̓̇l̵̨̛̺̲̈́g̶̡̛̺͍̅o̷̧̝̍" * 6,  # stacked combining marks
    "\u200b\u200c\u200d\ufeff",  # only zero-width characters
    "a" * 500,
    "W" * 120,
    "**bold** __under__ `code` [link](https://x) <@123> @everyone ||spoiler||",
    "line\nbreak\r\ttab\x00nul\x1b[31m",
    "\ud800 lone surrogate \udfff",
    "\u2028\u2029",
    "",
    "   ",
    "\U0010ffff\ue000 private and unassigned \U000e0001",
)


def decode(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as picture:
        picture.verify()
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image.convert("RGB")


def middle(index: int, *, with_teams: bool = False) -> int:
    height = TEAM_ROW if with_teams else ROW
    return HEADER + index * height + height // 2


def bar_pixels(image: Image.Image, index: int, colour: tuple[int, int, int], *, with_teams: bool = False) -> int:
    y = middle(index, with_teams=with_teams)
    return sum(1 for x in range(BAR_X, BAR_X + BAR_W + 1) if image.getpixel((x, y)) == colour)


def test_a_board_is_a_valid_png_of_the_expected_size() -> None:
    rows = [ScoreRow(1, "Alice", 30), ScoreRow(2, "Bob", 20), ScoreRow(3, "Carol", 10)]
    image = decode(render_scoreboard("Leaderboard", rows, subtitle="points this week"))
    assert image.size == image_size(3) == (WIDTH, HEADER + 3 * ROW + 14)


def test_the_same_input_gives_the_same_bytes() -> None:
    rows = [ScoreRow(1, "Alice", 30, "Red"), ScoreRow(2, "Bob", 20, "Blue")]
    first = render_scoreboard("Round over", rows, subtitle="5 questions")
    assert render_scoreboard("Round over", list(rows), subtitle="5 questions") == first
    assert render_scoreboard("Round over", rows, subtitle="6 questions") != first


def test_the_size_is_bounded_however_many_rows_are_given() -> None:
    many = [ScoreRow(i + 1, f"member {i}", 1000 - i) for i in range(500)]
    image = decode(render_scoreboard("Leaderboard", many))
    assert image.size == image_size(MAX_ROWS) == image_size(500)
    with_teams = [ScoreRow(i + 1, f"member {i}", 1000 - i, f"team {i % 4}") for i in range(500)]
    assert decode(render_scoreboard("Round", with_teams)).size == image_size(MAX_ROWS, with_teams=True)
    assert image_size(MAX_ROWS, with_teams=True)[1] <= HEADER + MAX_ROWS * TEAM_ROW + 14


def test_no_rows_draws_an_empty_board() -> None:
    image = decode(render_scoreboard("Leaderboard", []))
    assert image.size == image_size(0) == image_size(1)
    assert bar_pixels(image, 0, TRACK) == 0, "no bar track without a row"


def test_bars_are_as_long_as_the_points() -> None:
    rows = [ScoreRow(1, "Alice", 200), ScoreRow(2, "Bob", 100), ScoreRow(3, "Carol", 50), ScoreRow(4, "Dan", 0)]
    image = decode(render_scoreboard("Leaderboard", rows))
    lengths = [bar_pixels(image, index, BAR) for index in range(4)]
    assert lengths[0] == pytest.approx(BAR_W, abs=2)
    assert lengths[1] == pytest.approx(BAR_W / 2, abs=2)
    assert lengths[2] == pytest.approx(BAR_W / 4, abs=2)
    assert lengths[3] == 0
    assert bar_pixels(image, 3, TRACK) > BAR_W - 4, "a zero row still shows the empty track"


def test_all_zero_points_draw_no_bars_and_negative_points_none_either() -> None:
    rows = [ScoreRow(1, "Alice", 0), ScoreRow(1, "Bob", 0), ScoreRow(1, "Carol", -5)]
    image = decode(render_scoreboard("Leaderboard", rows))
    assert [bar_pixels(image, index, BAR) for index in range(3)] == [0, 0, 0]
    assert bar_width(0, 0) == 0 and bar_width(-5, 10) == 0 and bar_width(5, 0) == 0
    assert bar_width(1, 10_000) == 2, "a positive score always shows"
    assert bar_width(10, 10) == BAR_W and bar_width(20, 10) == BAR_W


def test_equal_ranks_are_drawn_equal() -> None:
    rows = [ScoreRow(1, "Alice", 50), ScoreRow(1, "Bob", 50), ScoreRow(3, "Carol", 40), ScoreRow(4, "Dan", 10)]
    image = decode(render_scoreboard("Leaderboard", rows))
    badge_x = RANK_X + 3
    assert image.getpixel((badge_x, middle(0))) == image.getpixel((badge_x, middle(1))) == MEDALS[1]
    assert image.getpixel((badge_x, middle(2))) == MEDALS[3], "after a tie for first the next rank is 3"
    assert image.getpixel((badge_x, middle(3))) not in MEDALS.values()
    assert bar_pixels(image, 0, BAR) == bar_pixels(image, 1, BAR)
    # The rank badges of the tied rows are the same pixels (the rows' stripes aside).
    def badge(index: int) -> list[object]:
        crop = image.crop((RANK_X, middle(index) - 12, RANK_X + RANK_W, middle(index) + 12))
        return [(0, 0, 0) if pixel in (BACKGROUND, STRIPE) else pixel for pixel in crop.get_flattened_data()]

    assert badge(0) == badge(1) != badge(2)


def test_teams_colour_the_bars_and_label_the_rows() -> None:
    rows = [ScoreRow(1, "Alice", 90, "Red"), ScoreRow(2, "Bob", 60, "Blue"), ScoreRow(3, "Carol", 30, "Owls")]
    image = decode(render_scoreboard("Round over", rows))
    assert image.size == image_size(3, with_teams=True)
    colours = team_colours(["Red", "Blue", "Owls"])
    assert colours["Red"] == NAMED_COLOURS["red"] and colours["Blue"] == NAMED_COLOURS["blue"]
    assert colours["Owls"] not in (colours["Red"], colours["Blue"])
    for index, row in enumerate(rows):
        assert row.team is not None
        assert bar_pixels(image, index, colours[row.team], with_teams=True) > 0
        assert bar_pixels(image, index, BAR, with_teams=True) == 0
    without = decode(render_scoreboard("Round over", [ScoreRow(r.rank, r.name, r.points) for r in rows]))
    assert without.size == image_size(3)


def test_team_colours_are_distinct_and_do_not_depend_on_the_order() -> None:
    teams = ["Owls", "Foxes", "team red", "Crimson Red", "Bees"]
    colours = team_colours(teams)
    assert len(set(colours.values())) == 5
    assert team_colours(list(reversed(teams))) == colours
    assert colours["Crimson Red"] == NAMED_COLOURS["red"], "the first name in order takes the colour"
    assert colours["team red"] != NAMED_COLOURS["red"]
    assert len(team_colours([f"team {i}" for i in range(20)])) == 20, "more teams than colours reuse them"
    assert team_colours([None, None]) == {}


def test_colour_emoji_in_a_team_name_choose_its_colour_and_leave_the_label() -> None:
    teams = ["Team 1 🔴", "Team 2 🔵", "Team 3 🟢", "Team 4 🟡"]
    assert list(team_colours(teams).values()) == [NAMED_COLOURS[c] for c in ("red", "blue", "green", "yellow")]
    assert team_label("Team 1 🔴") == "Team 1" and team_label("🟥") == "🟥" and team_label("Owls") == "Owls"


def test_the_callers_own_row_under_the_top_ten_follows_a_gap() -> None:
    rows = [ScoreRow(i + 1, f"m{i}", 100 - i) for i in range(10)] + [ScoreRow(27, "me", 3)]
    assert [follows_a_gap(rows, i) for i in range(11)] == [False] * 10 + [True]
    tied = [ScoreRow(1, "a", 5), ScoreRow(1, "b", 5), ScoreRow(3, "c", 4), ScoreRow(3, "d", 4), ScoreRow(5, "e", 1)]
    assert not any(follows_a_gap(tied, i) for i in range(5))
    decode(render_scoreboard("Leaderboard", rows))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_never_break_the_picture(name: str) -> None:
    rows = [ScoreRow(1, name, 10, name), ScoreRow(2, "Bob", 5)]
    image = decode(render_scoreboard(name, rows, subtitle=name))
    assert image.size == image_size(2, with_teams=True)
    shown = fit_text(clean_text(name), _font(15), NAME_W)
    assert text_width(shown, _font(15)) <= NAME_W
    assert not any(char in shown for char in "\n\r\t\x00")


def test_long_names_are_cut_by_drawn_width_with_an_ellipsis() -> None:
    font = _font(15)
    wide, narrow = fit_text("W" * 120, font, NAME_W), fit_text("i" * 120, font, NAME_W)
    assert wide.endswith(ELLIPSIS) and narrow.endswith(ELLIPSIS)
    assert len(narrow) > len(wide), "cut by width, not by a number of characters"
    assert text_width(wide, font) <= NAME_W and text_width(wide[:-1] + "W" + ELLIPSIS, font) > NAME_W
    assert fit_text("Alice", font, NAME_W) == "Alice"
    cut = fit_text("e\u0301" * 200, font, 40)  # decomposed: never leave a mark without its letter
    assert cut.endswith(ELLIPSIS) and not cut.startswith("\u0301")
    assert fit_text("abc", font, 0) == ELLIPSIS


def test_clean_text_keeps_one_line_of_what_members_typed() -> None:
    assert clean_text("line\nbreak\ttab") == "line break tab"
    assert clean_text("  spaced   out  ") == "spaced out"
    assert clean_text("e\u0301") == "é"
    assert clean_text("**md** <@1>") == "**md** <@1>"
    assert clean_text("") == "?" and clean_text("\n\n", "") == ""
    assert len(clean_text("x" * 10_000)) == 256
    assert not any(unicodedata.category(c) in BLANKED_CATEGORIES for c in clean_text("\ud800a\x07"))


def test_a_pillow_without_freetype_draws_latin1_and_question_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's bitmap fallback font raises on anything outside Latin-1; the board must still be drawn.
    bitmap = ImageFont.load_default_imagefont()
    monkeypatch.setattr(scoreboard_image, "_font", lambda size: bitmap)
    rows = [ScoreRow(1, name or "x", 10, name or None) for name in HOSTILE_NAMES[:MAX_ROWS]]
    decode(render_scoreboard("Tableau 😀", rows, subtitle="漢字"))
    assert drawable("Zoë 😀 漢", bitmap, 1000) == "Zoë ? ?"


def test_names_are_drawn_with_stand_ins_for_letters_the_font_lacks() -> None:
    assert drawable("Zoë Müller — 田中", _font(15), NAME_W) == "Zoe Muller - 田中"
    assert drawable("\u200b\u0301", _font(15), NAME_W) == "?", "nothing drawable left: the placeholder"
