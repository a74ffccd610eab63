"""How a cloze gap looks: the text with the gap blanked, the text revealed, a typed answer's grade."""

from __future__ import annotations

import discord

from bot.cogs.card_command import card_embed
from bot.cogs.common import clip, escape
from bot.core.cloze import revealed
from bot.core.cloze_grading import ClozeGrade
from bot.core.deck import ClozeGap
from bot.i18n.voice import say, say_n
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
    if count > 1:
        return say("gap {number} (one of {count})", number=gap.number, count=count)
    return say("gap {number}", number=gap.number)


def front_embed(deck_title: str, gap: ClozeGap) -> discord.Embed:
    """The public question: the text with this gap's words blanked (`[...]`, or `[its hint]`)."""
    note = f"{gap_note(gap)} · {say('Reveal, or Type it; your answer is private')}"
    return card_embed(say("Fill the gap"), gap.blanked, GAP_COLOUR, deck_title, gap, note)


def shown_text(gap: ClozeGap) -> str:
    """The whole text, the gap's words in bold."""
    return clip(revealed(gap.card.text, gap.number, "**", "**"), TEXT_MAX)


def back_embed(gap: ClozeGap, title: str | None = None) -> discord.Embed:
    embed = discord.Embed(title=say("Cloze") if title is None else title, description=shown_text(gap), colour=BACK_COLOUR)
    if gap.card.extra:
        embed.add_field(name=say("Extra"), value=clip(gap.card.extra, FIELD_MAX), inline=False)
    return embed


def word_lines(grade: ClozeGrade) -> str:
    """Each expected word, ✓ or ✗ (with the typo that matched it)."""
    lines = []
    for check in grade.words:
        if check.matched and check.typed:
            lines.append(say("✓ {word} (you wrote “{typed}”)", word=escape(check.word),
                             typed=escape(clip(check.typed, 40))))
        else:
            lines.append(f"{'✓' if check.matched else '✗'} {escape(check.word)}")
    if grade.too_long:
        lines.append(say("Your answer has many more words than the gap: type just the missing words."))
    return clip("\n".join(lines), WORDS_MAX)


def typed_embed(gap: ClozeGap, outcome: AnswerOutcome, typed: str) -> discord.Embed:
    grade = outcome.cloze
    if outcome.duplicate:
        title = (say("✓ Correct (you already answered this one; your first answer stands)") if outcome.correct
                 else say("✗ Not quite (you already answered this one; your first answer stands)"))
    else:
        title = say("✓ Correct") if outcome.correct else say("✗ Not quite")
    embed = back_embed(gap, title)
    embed.colour = discord.Colour.green() if outcome.correct else discord.Colour.orange()
    if grade is not None:
        embed.add_field(name=say("Expected"), value=clip(" · ".join(escape(a) for a in grade.expected), EXPECTED_MAX),
                        inline=False)
        embed.add_field(name=say("Your answer"), value=clip(escape(typed), TYPED_MAX) or say("(empty)"), inline=False)
        embed.add_field(name=say("Words"), value=word_lines(grade) or say("(none)"), inline=False)
    parts = [say_n("+{count} point", "+{count} points", outcome.points)]
    if outcome.streak is not None:
        parts.append(say_n("🔥 {count}-day streak", "🔥 {count}-day streak", outcome.streak.current))
    embed.set_footer(text=" · ".join(parts))
    return embed


class TypeForm(discord.ui.Modal):
    """Only the form's shape: submits are routed by custom_id (bot.app.fallback), not to this object."""

    def __init__(self, custom_id: str, input_id: str, gap: ClozeGap) -> None:
        super().__init__(title=clip(say("Type the missing words"), 45), custom_id=custom_id, timeout=None)
        self.stop()
        self.add_item(
            discord.ui.TextInput(
                label=clip(say("Gap {number}: {text}", number=gap.number, text=gap.blanked), 45), custom_id=input_id,
                style=discord.TextStyle.short, max_length=400, required=True,
                placeholder=clip(gap.blanked, 100),
            )
        )
