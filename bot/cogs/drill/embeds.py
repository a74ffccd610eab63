"""How a private drill looks: one question at a time, each verdict, then a summary."""

from __future__ import annotations

import discord

from bot.cogs.cloze import embeds as cloze_embeds
from bot.cogs.common import clip, level_name
from bot.cogs.drill.runs import DrillRun, Question
from bot.core.deck import ChoiceCard, ClozeGap, Flashcard, OpenCard
from bot.i18n.voice import say, say_n


def footer(run: DrillRun, question: Question) -> str:
    names = {"position": run.position, "count": run.count, "deck": question.deck_title,
             "level": level_name(question.card.level)}
    if run.source == "review":
        return say("Review · question {position}/{count} · {deck} · {level}", **names)
    return say("Drill · question {position}/{count} · {deck} · {level}", **names)


def question_embed(run: DrillRun, question: Question) -> discord.Embed:
    card = question.card
    if isinstance(card, Flashcard):
        title, text = say("Flashcard"), card.front
    elif isinstance(card, ChoiceCard):
        title, text = say("Multiple choice"), card.question
    elif isinstance(card, ClozeGap):
        title, text = say("Fill the gap"), card.blanked
    else:
        assert isinstance(card, OpenCard)
        title, text = say("Explain it in your own words"), card.prompt
    embed = discord.Embed(title=title, description=text, colour=discord.Colour.blurple())
    embed.set_footer(text=footer(run, question))
    return embed


def back_embed(run: DrillRun, question: Question) -> discord.Embed:
    card = question.card
    if isinstance(card, ClozeGap):
        embed = cloze_embeds.back_embed(card, say("Fill the gap"))
    else:
        assert isinstance(card, Flashcard)
        embed = discord.Embed(title=clip(card.front, 256), description=card.back, colour=discord.Colour.green())
    embed.set_footer(text=f"{footer(run, question)} · {say('how well did you know it?')}")
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
        details += ["", say("**Hint:** {hint}", hint=card.hint)]
    if card.model_answer:
        details += ["", say("**Model answer:** {answer}", answer=card.model_answer)]
    return details


def summary_embed(run: DrillRun) -> discord.Embed:
    lines = [say("Score: **{correct}/{answered}**", correct=run.correct, answered=run.answered_count)]
    if run.missed_concepts:
        lines.append(say("Concepts to revisit: {concepts}", concepts=", ".join(run.missed_concepts[:15])))
    if run.streak is not None:
        lines.append(say_n("🔥 {count}-day streak (longest {longest})", "🔥 {count}-day streak (longest {longest})",
                           run.streak.current, longest=run.streak.longest))
    lines.append(say("Run /drill for another round, or /review for your due cards."))
    title = say("Review finished") if run.source == "review" else say("Drill finished")
    return discord.Embed(title=title, description="\n".join(lines), colour=discord.Colour.gold())
