"""Stand-ins for the characters Pillow's own font lacks: accents dropped, look-alikes, boxes kept only
where nothing fits; checked against what the font really draws."""

from __future__ import annotations

from PIL import ImageFont

from bot.ops.font_fallback import LOOK_ALIKES, PROBE_SIZE, has_glyph, stand_in, with_stand_ins


def test_the_probe_tells_drawn_letters_from_boxes() -> None:
    assert all(has_glyph(char) for char in "Aa0 .,-'·…")
    assert not has_glyph("漢") and not has_glyph("😀")


def test_accented_letters_lose_the_accent_the_font_cannot_draw() -> None:
    assert with_stand_ins("Zoë Müller José Peña Łukasz Øystein") == "Zoe Muller Jose Pena Lukasz Oystein"
    assert with_stand_ins("Straße — «ok»") == "Strasse - " + stand_in("«") + "ok" + stand_in("»")
    assert with_stand_ins("Ａ①") == "A1", "compatibility forms"


def test_lone_accents_and_invisible_characters_vanish_instead_of_boxes() -> None:
    assert with_stand_ins("Z̵̧̛̖a̸̢l") == "Zal"
    assert with_stand_ins("a\u200bb\u202ec\u200d") == "abc"


def test_what_has_no_stand_in_stays_and_plain_text_is_untouched() -> None:
    assert with_stand_ins("漢字 😀 שלום") == "漢字 😀 שלום"
    assert with_stand_ins("Alice **bold** <@1>") == "Alice **bold** <@1>"


def test_every_stand_in_is_drawn_by_the_font() -> None:
    font = ImageFont.load_default(size=PROBE_SIZE)
    assert isinstance(font, ImageFont.FreeTypeFont)
    for char, replacement in LOOK_ALIKES.items():
        shown = stand_in(char)
        assert shown in (char, replacement)
        assert all(has_glyph(part) for part in shown), (char, shown)
