"""The /explain command."""

from __future__ import annotations

from bot.cogs.card_command import card_cog
from bot.cogs.explain.views import card_message
from bot.core.deck import OpenCard

ExplainCog = card_cog(
    "explain", "Post an open question; answer in your own words, graded privately",
    kind="open", card_type=OpenCard, present=card_message,
)
