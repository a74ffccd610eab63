"""`/stats`' study plan field: each deck's expected daily reviews at its retention, and an exam's forecast.

The figures come from `DeckStudyService.member_outlook` (definitions in `bot/services/deck_study.py`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import discord

from bot.cogs.common import clip, escape
from bot.i18n.languages import SOURCE_LANGUAGE
from bot.i18n.replies import babel_locale
from bot.i18n.voice import reply_language, say, say_date, say_n, say_percent
from bot.services.api import Learner
from bot.services.deck_study import DeckOutlook

if TYPE_CHECKING:
    from bot.app.client import RecallBot


def _percent(value: float) -> str:
    return say_percent(round(value * 100) / 100)


def _one_decimal(value: float) -> str:
    """1.5 / 1,5 in the reader's form, always with one decimal (1.0 stays 1.0)."""
    from babel.numbers import format_decimal

    return str(format_decimal(round(value, 1), format="#,##0.0", locale=babel_locale(reply_language())))


def _exam_day(day: date) -> str:
    """English keeps the form the exam date was typed in (YYYY-MM-DD); other languages write their own."""
    return day.isoformat() if reply_language() == SOURCE_LANGUAGE else say_date(day, "medium")


def study_plan_lines(outlooks: list[DeckOutlook]) -> list[str]:
    lines = []
    for outlook in outlooks:
        title = escape(outlook.title)
        if outlook.reviewed_cards:
            lines.append(say_n("**{deck}**: ≈{load} reviews a day at {retention} retention ({count} card)",
                               "**{deck}**: ≈{load} reviews a day at {retention} retention ({count} cards)",
                               outlook.reviewed_cards, deck=title, load=_one_decimal(outlook.daily_load),
                               retention=_percent(outlook.retention)))
        else:
            lines.append(say("**{deck}**: no cards reviewed yet", deck=title))
        if outlook.exam is not None:
            lines.append(say("📅 Exam {day} (target {target}): predicted {share} of the deck recalled on exam day "
                             "if you stop reviewing now (cards you haven't reviewed count 0)",
                             day=_exam_day(outlook.exam.exam_day), target=_percent(outlook.exam.target),
                             share=_percent(outlook.exam.predicted_share)))
    return lines


async def add_study_plan(bot: RecallBot, embed: discord.Embed, learner: Learner, now: datetime) -> None:
    """Add the field when the member has reviewed a deck or a deck here has an exam."""
    lines = study_plan_lines(await bot.services.deck_study.member_outlook(learner, now=now))
    if lines:
        embed.add_field(name=say("Review load and exams"), value=clip("\n".join(lines), 1024), inline=False)
