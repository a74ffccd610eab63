"""The colours of the bot's pictures (the /stats calendar, the scoreboards, /deck report): Discord's dark
theme, so a picture sits in the chat as if it were part of it. One place, so the pictures stay alike."""

from __future__ import annotations

Colour = tuple[int, int, int]

BACKGROUND: Colour = (43, 45, 49)
STRIPE: Colour = (49, 51, 56)  # every other row
TEXT: Colour = (219, 222, 225)
MUTED_TEXT: Colour = (148, 155, 164)
TRACK: Colour = (58, 61, 68)  # the empty part of a bar
BAR: Colour = (88, 101, 242)  # Discord's blurple
