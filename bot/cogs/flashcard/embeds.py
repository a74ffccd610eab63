"""How flashcards look."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.cogs.card_command import card_embed
from bot.core.deck import Flashcard
from bot.core.messages import N_
from bot.core.srs import FlashRating
from bot.i18n.voice import say, say_marked, say_n
from bot.services.api import AnswerOutcome

FRONT_COLOUR = discord.Colour.blurple()
BACK_COLOUR = discord.Colour.green()
# Marked here, translated when shown (a button's label is written when its message is built).
RATING_LABELS = {FlashRating.AGAIN: N_("Again"), FlashRating.HARD: N_("Hard"), FlashRating.GOOD: N_("Good"),
                 FlashRating.EASY: N_("Easy")}


def rating_label(rating: FlashRating) -> str:
    return say_marked(RATING_LABELS[rating])


def front_embed(deck_title: str, card: Flashcard) -> discord.Embed:
    return card_embed(say("Flashcard"), card.front, FRONT_COLOUR, deck_title, card)


def back_embed(card: Flashcard) -> discord.Embed:
    embed = discord.Embed(title=card.front[:256], description=card.back, colour=BACK_COLOUR)
    embed.set_footer(text=say("How well did you know it? Your rating schedules your next review."))
    return embed


def when(moment: datetime | None) -> str:
    """A Discord timestamp: each member's client writes it in their own language and time zone."""
    return f"<t:{int(moment.timestamp())}:R>" if moment else say("later")


def rated_text(outcome: AnswerOutcome) -> str:
    if outcome.duplicate:
        return say("You already rated this card; your first rating stands.")
    if outcome.rating is not None and outcome.rating in RATING_LABELS:
        parts = [say("Rated **{rating}**", rating=rating_label(outcome.rating))]
    else:
        parts = [say("Rated")]
    parts.append(say("next review {when}", when=when(outcome.next_review)))
    if outcome.points:
        parts.append(say_n("+{count} point", "+{count} points", outcome.points))
    if outcome.streak is not None:
        parts.append(say_n("🔥 {count}-day streak", "🔥 {count}-day streak", outcome.streak.current))
    return " · ".join(parts)
