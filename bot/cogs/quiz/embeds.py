"""How multiple-choice questions and their verdicts look."""

from __future__ import annotations

import discord

from bot.cogs.card_command import card_embed
from bot.cogs.common import plural
from bot.core.deck import ChoiceCard
from bot.services.api import AnswerOutcome, StreakView


def question_embed(deck_title: str, card: ChoiceCard) -> discord.Embed:
    return card_embed("Quiz", card.question, discord.Colour.gold(), deck_title, card, "one answer per member")


def streak_line(points: int, streak: StreakView | None) -> str:
    parts = [f"+{plural(points, 'point')}" if points else "no points"]
    if streak is not None:
        parts.append(f"🔥 {streak.current}-day streak")
    return " · ".join(parts)


def verdict_text(card: ChoiceCard, outcome: AnswerOutcome) -> str:
    correct_index = outcome.correct_index if outcome.correct_index is not None else card.correct_index
    answer = card.options[correct_index].text
    lines = []
    if outcome.duplicate:
        chosen = outcome.chosen_index
        picked = f" (you picked **{card.options[chosen].text}**)" if chosen is not None and chosen < len(card.options) else ""
        lines.append(f"You already answered this question{picked}; your first answer stands.")
    lines.append("✓ Correct" if outcome.correct else f"✗ Incorrect, the answer is **{answer}**")
    lines.append(card.explanation)
    if not outcome.duplicate:
        lines.append(streak_line(outcome.points, outcome.streak))
    return "\n".join(lines)
