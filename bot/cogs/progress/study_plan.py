"""`/stats`' study plan field: each deck's expected daily reviews at its retention, and an exam's forecast.

The figures come from `DeckStudyService.member_outlook` (definitions in `bot/services/deck_study.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.cogs.common import clip, escape, plural
from bot.services.api import Learner
from bot.services.deck_study import DeckOutlook

if TYPE_CHECKING:
    from bot.app.client import RecallBot

FIELD_NAME = "Review load and exams"
UNSEEN_NOTE = "cards you haven't reviewed count 0"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def study_plan_lines(outlooks: list[DeckOutlook]) -> list[str]:
    lines = []
    for outlook in outlooks:
        title = escape(outlook.title)
        if outlook.reviewed_cards:
            lines.append(f"**{title}**: ≈{outlook.daily_load:.1f} reviews a day at {_percent(outlook.retention)} "
                         f"retention ({plural(outlook.reviewed_cards, 'card')})")
        else:
            lines.append(f"**{title}**: no cards reviewed yet")
        if outlook.exam is not None:
            lines.append(f"📅 Exam {outlook.exam.exam_day.isoformat()} (target {_percent(outlook.exam.target)}): "
                         f"predicted {_percent(outlook.exam.predicted_share)} of the deck recalled on exam day "
                         f"if you stop reviewing now ({UNSEEN_NOTE})")
    return lines


async def add_study_plan(bot: RecallBot, embed: discord.Embed, learner: Learner, now: datetime) -> None:
    """Add the field when the member has reviewed a deck or a deck here has an exam."""
    lines = study_plan_lines(await bot.services.deck_study.member_outlook(learner, now=now))
    if lines:
        embed.add_field(name=FIELD_NAME, value=clip("\n".join(lines), 1024), inline=False)
