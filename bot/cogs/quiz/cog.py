"""The /quiz command."""

from __future__ import annotations

from bot.cogs.card_command import card_cog
from bot.cogs.quiz.views import card_message
from bot.core.deck import ChoiceCard

QuizCog = card_cog(
    "quiz", "Post a multiple-choice question; everyone answers privately",
    kind="choice", card_type=ChoiceCard, present=card_message,
)
