"""How multiple-choice questions and their verdicts look."""

from __future__ import annotations

import discord

from bot.cogs.card_command import card_embed
from bot.core.deck import ChoiceCard
from bot.i18n.voice import say, say_n
from bot.services.api import AnswerOutcome, StreakView


def question_embed(deck_title: str, card: ChoiceCard) -> discord.Embed:
    return card_embed(say("Quiz"), card.question, discord.Colour.gold(), deck_title, card, say("one answer per member"))


def streak_line(points: int, streak: StreakView | None) -> str:
    parts = [say_n("+{count} point", "+{count} points", points) if points else say("no points")]
    if streak is not None:
        parts.append(say_n("🔥 {count}-day streak", "🔥 {count}-day streak", streak.current))
    return " · ".join(parts)


def verdict_text(card: ChoiceCard, outcome: AnswerOutcome) -> str:
    correct_index = outcome.correct_index if outcome.correct_index is not None else card.correct_index
    answer = card.options[correct_index].text
    lines = []
    if outcome.duplicate:
        chosen = outcome.chosen_index
        if chosen is not None and chosen < len(card.options):
            lines.append(say("You already answered this question (you picked **{option}**); your first answer stands.",
                             option=card.options[chosen].text))
        else:
            lines.append(say("You already answered this question; your first answer stands."))
    lines.append(say("✓ Correct") if outcome.correct else say("✗ Incorrect, the answer is **{answer}**", answer=answer))
    lines.append(card.explanation)
    if not outcome.duplicate:
        lines.append(streak_line(outcome.points, outcome.streak))
    return "\n".join(lines)
