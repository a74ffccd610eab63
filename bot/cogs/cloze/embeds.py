"""How a cloze gap looks: the text with the gap blanked, the text revealed, a typed answer's grade."""

from __future__ import annotations

import discord

from bot.cogs.card_command import card_embed
from bot.cogs.common import clip, escape, plural
from bot.core.cloze import revealed
from bot.core.cloze_grading import ClozeGrade
from bot.core.deck import ClozeGap
from bot.services.api import AnswerOutcome

GAP_COLOUR = discord.Colour.dark_teal()
BACK_COLOUR = discord.Colour.green()
# Discord allows 6,000 characters per embed in all: the text (2,000 at most, plus the bold marks), the
# extra, and a typed answer's fields stay under it together.
TEXT_MAX = 2200
FIELD_MAX = 1024
EXPECTED_MAX = 800
TYPED_MAX = 400
WORDS_MAX = 800


def gap_note(gap: ClozeGap) -> str:
    count = len(gap.card.gaps())
    return f"gap {gap.number}" + (f" (one of {count})" if count > 1 else "")


def front_embed(deck_title: str, gap: ClozeGap) -> discord.Embed:
    """The public question: the text with this gap's words blanked (`[...]`, or `[its hint]`)."""
    return card_embed("Fill the gap", gap.blanked, GAP_COLOUR, deck_title, gap,
                      f"{gap_note(gap)} · Reveal, or Type it; your answer is private")


def shown_text(gap: ClozeGap) -> str:
    """The whole text, the gap's words in bold."""
    return clip(revealed(gap.card.text, gap.number, "**", "**"), TEXT_MAX)


def back_embed(gap: ClozeGap, title: str = "Cloze") -> discord.Embed:
    embed = discord.Embed(title=title, description=shown_text(gap), colour=BACK_COLOUR)
    if gap.card.extra:
        embed.add_field(name="Extra", value=clip(gap.card.extra, FIELD_MAX), inline=False)
    return embed


def word_lines(grade: ClozeGrade) -> str:
    """Each expected word, ✓ or ✗ (with the typo that matched it)."""
    lines = []
    for check in grade.words:
        line = f"{'✓' if check.matched else '✗'} {escape(check.word)}"
        if check.matched and check.typed:
            line += f" (you wrote “{escape(clip(check.typed, 40))}”)"
        lines.append(line)
    if grade.too_long:
        lines.append("Your answer has many more words than the gap: type just the missing words.")
    return clip("\n".join(lines), WORDS_MAX)


def typed_embed(gap: ClozeGap, outcome: AnswerOutcome, typed: str) -> discord.Embed:
    grade = outcome.cloze
    title = "✓ Correct" if outcome.correct else "✗ Not quite"
    if outcome.duplicate:
        title += " (you already answered this one; your first answer stands)"
    embed = back_embed(gap, title)
    embed.colour = discord.Colour.green() if outcome.correct else discord.Colour.orange()
    if grade is not None:
        embed.add_field(name="Expected", value=clip(" · ".join(escape(a) for a in grade.expected), EXPECTED_MAX),
                        inline=False)
        embed.add_field(name="Your answer", value=clip(escape(typed), TYPED_MAX) or "(empty)", inline=False)
        embed.add_field(name="Words", value=word_lines(grade) or "(none)", inline=False)
    parts = [f"+{plural(outcome.points, 'point')}"]
    if outcome.streak is not None:
        parts.append(f"🔥 {outcome.streak.current}-day streak")
    embed.set_footer(text=" · ".join(parts))
    return embed


class TypeForm(discord.ui.Modal):
    """Only the form's shape: submits are routed by custom_id (bot.app.fallback), not to this object."""

    def __init__(self, custom_id: str, input_id: str, gap: ClozeGap) -> None:
        super().__init__(title="Type the missing words", custom_id=custom_id, timeout=None)
        self.stop()
        self.add_item(
            discord.ui.TextInput(
                label=clip(f"Gap {gap.number}: {gap.blanked}", 45), custom_id=input_id,
                style=discord.TextStyle.short, max_length=400, required=True,
                placeholder=clip(gap.blanked, 100),
            )
        )
