"""How open questions, answer forms and concept grades look."""

from __future__ import annotations

import discord

from bot.cogs.card_command import card_embed
from bot.cogs.common import clip, escape
from bot.core.deck import OpenCard
from bot.core.grading import FLAG_COPIED, FLAG_KEYWORD_LIST, GradeResult
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n
from bot.services.api import AnswerOutcome, StreakView

ANSWER_MAX = 4000
MATCHED_SHOWN = 40  # characters of the answer's words shown beside a credited concept
# The grade lines and corrections: with the hint and model answer fields (1,024 each) and the rest, an
# embed stays under Discord's 6,000 characters in all.
GRADE_DESCRIPTION_MAX = 3500
# Why the anti-gaming rules withheld credit (the grader names the rule; the words are the adapter's).
FLAG_NOTES = {
    FLAG_KEYWORD_LIST: N_("Your answer reads like a list of keywords: explain the ideas in sentences to get credit."),
    FLAG_COPIED: N_("Words copied from the question or hint don't count: say it in your own words."),
}


def prompt_embed(deck_title: str, card: OpenCard) -> discord.Embed:
    return card_embed(say("Explain it in your own words"), card.prompt, discord.Colour.teal(), deck_title, card,
                      say("click Answer; your grade is private"))


class AnswerForm(discord.ui.Modal):
    """Only the form's shape: submits are routed by custom_id (see bot.app.fallback), not to this object.

    It is stopped before it is sent, so discord.py doesn't keep it (with a timer) for every opening.
    """

    def __init__(self, custom_id: str, input_id: str, prompt: str) -> None:
        super().__init__(title=clip(say("Your answer"), 45), custom_id=custom_id, timeout=None)
        self.stop()
        self.add_item(
            discord.ui.TextInput(
                label=clip(prompt, 45), custom_id=input_id, style=discord.TextStyle.paragraph,
                max_length=ANSWER_MAX, required=True, placeholder=clip(say("Explain in your own words…"), 100),
            )
        )


def grade_lines(grade: GradeResult) -> list[str]:
    """One line per concept (the words that earned a ✓ beside it), then a correction per misconception
    the answer states."""
    lines = []
    for verdict in grade.concepts:
        line = f"{'✓' if verdict.hit else '✗'} {verdict.name}"
        if verdict.hit and verdict.matched:  # a semantic credit shows the clause that said it in other words
            words = escape(clip(verdict.matched, MATCHED_SHOWN))
            said = say("in other words: “{words}”", words=words) if verdict.in_other_words else say("“{words}”", words=words)
            line += f" — {said}"
        lines.append(line)
    if grade.misconceptions:
        lines.append("")
        lines.extend(say("⚠️ Careful: {correction}", correction=escape(found.correction))
                     for found in grade.misconceptions)
    return lines


def grade_embed(card: OpenCard, outcome: AnswerOutcome) -> discord.Embed:
    grade = outcome.grade
    hits, total = (grade.hits, grade.total) if grade else (0, 0)
    if outcome.duplicate:
        title = say("You got {hits}/{total} concepts (your first answer to this question)", hits=hits, total=total)
    else:
        title = say("You got {hits}/{total} concepts", hits=hits, total=total)
    colour = discord.Colour.green() if outcome.correct else discord.Colour.orange()
    embed = discord.Embed(title=title, description=clip("\n".join(grade_lines(grade)) if grade else "", GRADE_DESCRIPTION_MAX), colour=colour)
    advice = flag_notes(grade) if grade else []
    if advice:
        embed.add_field(name=say("Note"), value=" ".join(advice), inline=False)
    if grade and hits < total and card.hint:
        embed.add_field(name=say("Hint"), value=card.hint, inline=False)
    if card.model_answer:
        embed.add_field(name=say("Model answer"), value=clip(card.model_answer, 1024), inline=False)
    if not outcome.duplicate:
        embed.add_field(name=say("Result"), value=result_line(outcome.correct, outcome.points, outcome.streak), inline=False)
    return embed


def result_line(correct: bool, points: int, streak: StreakView | None) -> str:
    parts = [say("counted as correct") if correct else say("not counted as correct yet"),
             say_n("+{count} point", "+{count} points", points)]
    if streak is not None:
        parts.append(say_n("🔥 {count}-day streak", "🔥 {count}-day streak", streak.current))
    return " · ".join(parts)


def flag_notes(grade: GradeResult) -> list[str]:
    """What to tell the member when the anti-gaming rules withheld credit (so a 0/5 is explained)."""
    return [say_marked(FLAG_NOTES[flag]) for flag in grade.flags if flag in FLAG_NOTES]
