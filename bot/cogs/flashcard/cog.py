"""The /flashcard command."""

from __future__ import annotations

from bot.cogs.card_command import card_cog
from bot.cogs.flashcard.views import card_message
from bot.core.deck import Flashcard

FlashcardCog = card_cog(
    "flashcard", "Show a flashcard; anyone can reveal the answer privately",
    kind="flashcard", card_type=Flashcard, present=card_message,
)
