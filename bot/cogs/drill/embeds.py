"""How a private drill looks: one question at a time, each verdict, then a summary."""

from __future__ import annotations

import discord

from bot.cogs.cloze import embeds as cloze_embeds
from bot.cogs.common import clip
from bot.cogs.drill.runs import DrillRun, Question
from bot.core.deck import ChoiceCard, ClozeGap, Flashcard, OpenCard


def footer(run: DrillRun, question: Question) -> str:
    label = "Review" if run.source == "review" else "Drill"
    return f"{label} · question {run.position}/{run.count} · {question.deck_title} · {question.card.level}"


def question_embed(run: DrillRun, question: Question) -> discord.Embed:
    card = question.card
    if isinstance(card, Flashcard):
        title, text = "Flashcard", card.front
    elif isinstance(card, ChoiceCard):
        title, text = "Multiple choice", card.question
    elif isinstance(card, ClozeGap):
        title, text = "Fill the gap", card.blanked
    else:
        assert isinstance(card, OpenCard)
        title, text = "Explain it in your own words", card.prompt
    embed = discord.Embed(title=title, description=text, colour=discord.Colour.blurple())
    embed.set_footer(text=footer(run, question))
    return embed


def back_embed(run: DrillRun, question: Question) -> discord.Embed:
    card = question.card
    if isinstance(card, ClozeGap):
        embed = cloze_embeds.back_embed(card, "Fill the gap")
    else:
        assert isinstance(card, Flashcard)
        embed = discord.Embed(title=clip(card.front, 256), description=card.back, colour=discord.Colour.green())
    embed.set_footer(text=footer(run, question) + " · how well did you know it?")
    return embed


def verdict_embed(run: DrillRun, question: Question, headline: str, details: list[str], good: bool) -> discord.Embed:
    embed = discord.Embed(
        title=headline, description=clip("\n".join(details), 4000),
        colour=discord.Colour.green() if good else discord.Colour.orange(),
    )
    embed.set_footer(text=footer(run, question))
    return embed


def open_details(card: OpenCard, lines: list[str], missed: bool) -> list[str]:
    details = list(lines)
    if missed and card.hint:
        details += ["", f"**Hint:** {card.hint}"]
    if card.model_answer:
        details += ["", f"**Model answer:** {card.model_answer}"]
    return details


def summary_embed(run: DrillRun) -> discord.Embed:
    label = "Review" if run.source == "review" else "Drill"
    lines = [f"Score: **{run.correct}/{run.answered_count}**"]
    if run.missed_concepts:
        lines.append("Concepts to revisit: " + ", ".join(run.missed_concepts[:15]))
    if run.streak is not None:
        lines.append(f"🔥 {run.streak.current}-day streak (longest {run.streak.longest})")
    lines.append("Run /drill for another round, or /review for your due cards.")
    return discord.Embed(title=f"{label} finished", description="\n".join(lines), colour=discord.Colour.gold())
