"""How open questions, answer forms and concept grades look."""

from __future__ import annotations

import discord

from bot.cogs.card_command import card_embed
from bot.cogs.common import clip, escape, plural
from bot.core.deck import OpenCard
from bot.core.grading import GradeResult, flag_advice
from bot.services.api import AnswerOutcome, StreakView

ANSWER_MAX = 4000
MATCHED_SHOWN = 40  # characters of the answer's words shown beside a credited concept
# The grade lines and corrections: with the hint and model answer fields (1,024 each) and the rest, an
# embed stays under Discord's 6,000 characters in all.
GRADE_DESCRIPTION_MAX = 3500


def prompt_embed(deck_title: str, card: OpenCard) -> discord.Embed:
    return card_embed("Explain it in your own words", card.prompt, discord.Colour.teal(), deck_title, card,
                      "click Answer; your grade is private")


class AnswerForm(discord.ui.Modal):
    """Only the form's shape: submits are routed by custom_id (see bot.app.fallback), not to this object.

    It is stopped before it is sent, so discord.py doesn't keep it (with a timer) for every opening.
    """

    def __init__(self, custom_id: str, input_id: str, prompt: str) -> None:
        super().__init__(title="Your answer", custom_id=custom_id, timeout=None)
        self.stop()
        self.add_item(
            discord.ui.TextInput(
                label=clip(prompt, 45), custom_id=input_id, style=discord.TextStyle.paragraph,
                max_length=ANSWER_MAX, required=True, placeholder="Explain in your own words…",
            )
        )


def grade_lines(grade: GradeResult) -> list[str]:
    """One line per concept (the words that earned a ✓ beside it), then a correction per misconception
    the answer states."""
    lines = []
    for verdict in grade.concepts:
        line = f"{'✓' if verdict.hit else '✗'} {verdict.name}"
        if verdict.hit and verdict.matched:  # a semantic credit shows the clause that said it in other words
            said = "in other words: " if verdict.in_other_words else ""
            line += f" — {said}“{escape(clip(verdict.matched, MATCHED_SHOWN))}”"
        lines.append(line)
    if grade.misconceptions:
        lines.append("")
        lines.extend(f"⚠️ Careful: {escape(found.correction)}" for found in grade.misconceptions)
    return lines


def grade_embed(card: OpenCard, outcome: AnswerOutcome) -> discord.Embed:
    grade = outcome.grade
    hits, total = (grade.hits, grade.total) if grade else (0, 0)
    title = f"You got {hits}/{total} concepts"
    if outcome.duplicate:
        title += " (your first answer to this question)"
    colour = discord.Colour.green() if outcome.correct else discord.Colour.orange()
    embed = discord.Embed(title=title, description=clip("\n".join(grade_lines(grade)) if grade else "", GRADE_DESCRIPTION_MAX), colour=colour)
    if grade and flag_advice(grade):
        embed.add_field(name="Note", value=" ".join(flag_advice(grade)), inline=False)
    if grade and hits < total and card.hint:
        embed.add_field(name="Hint", value=card.hint, inline=False)
    if card.model_answer:
        embed.add_field(name="Model answer", value=clip(card.model_answer, 1024), inline=False)
    if not outcome.duplicate:
        embed.add_field(name="Result", value=result_line(outcome.correct, outcome.points, outcome.streak), inline=False)
    return embed


def result_line(correct: bool, points: int, streak: StreakView | None) -> str:
    parts = ["counted as correct" if correct else "not counted as correct yet", f"+{plural(points, 'point')}"]
    if streak is not None:
        parts.append(f"🔥 {streak.current}-day streak")
    return " · ".join(parts)
