"""The /flashcard command: a flashcard, or a gap of a cloze card (bot/cogs/cloze), drawn at random."""

from __future__ import annotations

import random

from bot.cogs.card_command import card_cog
from bot.cogs.common import Reply
from bot.cogs.flashcard.views import card_message
from bot.core.deck import ClozeGap, Flashcard


def flashcard_or_gap(deck_title: str, deck_id: str, card: Flashcard | ClozeGap, rng: random.Random, *,
                     scheduled: bool = False, owner: int | None = None) -> Reply:
    if isinstance(card, ClozeGap):
        from bot.cogs.cloze.views import gap_message  # (bot.cogs.cloze builds on the flashcard buttons)

        return gap_message(deck_title, deck_id, card, scheduled=scheduled, owner=owner)
    return card_message(deck_title, deck_id, card, rng, scheduled=scheduled, owner=owner)


DRAWN: tuple[type[Flashcard | ClozeGap], ...] = (Flashcard, ClozeGap)
FlashcardCog = card_cog(
    "flashcard", "Show a flashcard; anyone can reveal the answer privately",
    kind="flashcard", card_type=DRAWN, present=flashcard_or_gap,
)
