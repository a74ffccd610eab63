"""How flashcards look."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.cogs.card_command import card_embed
from bot.cogs.common import plural
from bot.core.deck import Flashcard
from bot.core.srs import FlashRating
from bot.services.api import AnswerOutcome

FRONT_COLOUR = discord.Colour.blurple()
BACK_COLOUR = discord.Colour.green()
RATING_LABELS = {FlashRating.AGAIN: "Again", FlashRating.HARD: "Hard", FlashRating.GOOD: "Good", FlashRating.EASY: "Easy"}


def front_embed(deck_title: str, card: Flashcard) -> discord.Embed:
    return card_embed("Flashcard", card.front, FRONT_COLOUR, deck_title, card)


def back_embed(card: Flashcard) -> discord.Embed:
    embed = discord.Embed(title=card.front[:256], description=card.back, colour=BACK_COLOUR)
    embed.set_footer(text="How well did you know it? Your rating schedules your next review.")
    return embed


def when(moment: datetime | None) -> str:
    return f"<t:{int(moment.timestamp())}:R>" if moment else "later"


def rated_text(outcome: AnswerOutcome) -> str:
    if outcome.duplicate:
        return "You already rated this card; your first rating stands."
    label = RATING_LABELS.get(outcome.rating, "Rated") if outcome.rating is not None else "Rated"
    parts = [f"Rated **{label}**", f"next review {when(outcome.next_review)}"]
    if outcome.points:
        parts.append(f"+{plural(outcome.points, 'point')}")
    if outcome.streak is not None:
        parts.append(f"🔥 {outcome.streak.current}-day streak")
    return " · ".join(parts)
