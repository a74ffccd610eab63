"""The closest characters Pillow's own font can draw, for the pictures' names and titles.

Pillow ships one scalable font (Aileron, `ImageFont.load_default(size=...)`) with basic Latin only:
"é", "ü", "ß", "ñ" and "—" come out as empty boxes, so "Zoë Müller" would read "Zo□ M□ller". Each
character the font lacks is swapped for one it has: its letter without the accent ("é" -> "e"), a
compatibility form ("ﬁ" -> "fi", a full-width "Ａ" -> "A"), or a plain look-alike ("ß" -> "ss",
"—" -> "-"). What has no stand-in (emoji, CJK, Arabic...) stays a box: the message's text, which the
picture goes with, shows every name exactly.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from PIL import ImageFont

from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.voice import reply_language, speaking

PROBE_SIZE = 15  # all the pictures' sizes are the same face: one size tells which glyphs exist
LOOK_ALIKES = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
    "Đ": "D", "ł": "l", "Ł": "L", "ħ": "h", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
    "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-", "•": "·", "„": '"', "‚": ",", "′": "'", "″": '"',
    "×": "x", "÷": "/", "«": '"', "»": '"', "‹": "<", "›": ">", "€": "EUR", "£": "GBP", "¥": "JPY",
    "¿": "?", "¡": "!",
}

# A letter of each reply language whose script has no stand-ins (see `drawable_language`).
SCRIPT_PROBES = {"ja": "日"}


@lru_cache(maxsize=1)
def _probe() -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, tuple[tuple[int, int], bytes]]:
    """The font and what it draws for a character it lacks (its "missing glyph" box)."""
    font = ImageFont.load_default(size=PROBE_SIZE)
    return font, _drawn(font, "\U0010fffd")  # a private-use code point no font of this kind covers


def _drawn(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, char: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


@lru_cache(maxsize=4096)
def has_glyph(char: str) -> bool:
    """True when Pillow's font draws `char` as itself rather than as its missing-glyph box."""
    font, missing = _probe()
    if not isinstance(font, ImageFont.FreeTypeFont):
        return ord(char) < 256  # the bitmap fallback font: Latin-1 only
    return _drawn(font, char) != missing


@lru_cache(maxsize=4096)
def stand_in(char: str) -> str:
    """`char` when the font has it, else the closest text it has ("" for a lone accent or an invisible
    format character), else `char` (drawn as a box)."""
    if has_glyph(char):
        return char
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return ""  # an accent with no letter to go on, or an invisible format character: not a box
    if char in LOOK_ALIKES:
        return LOOK_ALIKES[char]
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    if base and base != char and len(base) <= 4 and all(has_glyph(part) for part in base):
        return base
    return char


def with_stand_ins(text: str) -> str:
    """`text` with every character the font lacks swapped for its stand-in (see `stand_in`)."""
    return "".join(stand_in(char) for char in text)


@contextlib.contextmanager
def drawable_language() -> Iterator[None]:
    """Inside the block, a picture's own words are English when the font can't draw the reply language's
    script (Japanese with Pillow's font): English beats a row of boxes, and the message beside the picture
    says the same in the reader's language."""
    probe = SCRIPT_PROBES.get(reply_language())
    if probe is None or has_glyph(probe):
        yield
        return
    with speaking(SOURCE_LANGUAGE):
        yield
