"""`/deck retention` and `/deck exam` (admins): parse, call `DeckStudyService`, and say what changed.

The decorated methods live in `AdminCog` (group `deck`); each is one call into a function here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.common import Reply, escape, send, utcnow
from bot.cogs.schedule.access import require_admin

if TYPE_CHECKING:
    from bot.app.client import RecallBot


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


async def retention_command(bot: RecallBot, interaction: discord.Interaction, deck: str, value: str) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        change = await bot.services.deck_study.set_retention(guild_id, deck, value, now=utcnow())
        title = escape(change.title)
        if change.is_default:
            text = f"**{title}** is back to the default desired retention, **{_percent(change.retention)}**, in this server."
        else:
            text = (f"**{title}** now schedules reviews in this server for **{_percent(change.retention)}** desired "
                    f"retention (was {_percent(change.was)}).")
        return Reply(content=text + " It applies from each card's next review: a higher retention means shorter "
                     "intervals and more reviews a day (`/stats` shows the expected load).")

    await send(interaction, work(), ephemeral=True)


async def exam_command(bot: RecallBot, interaction: discord.Interaction, deck: str, date: str,
                       target: float | None) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        change = await bot.services.deck_study.set_exam(guild_id, deck, date, target, now=utcnow())
        title = escape(change.title)
        if change.exam_day is None or change.exam_at is None or change.target is None:
            if not change.replaced:
                return Reply(content=f"**{title}** had no exam set in this server; nothing changed.")
            return Reply(content=f"The exam for **{title}** is cleared: reviews are scheduled normally again.")
        stamp = int(change.exam_at.timestamp())
        return Reply(content=(
            f"📅 Exam for **{title}** on **{change.exam_day.isoformat()}** (exam day begins <t:{stamp}:F>), target "
            f"**{_percent(change.target)}** predicted recall{' (replacing the previous exam)' if change.replaced else ''}.\n"
            "Until then each member's reviews of this deck here are planned for that day: a card is due after the "
            f"exam only if FSRS predicts at least {_percent(change.target)} recall on exam day, else before it. "
            "Cards scheduled earlier that would fall short come up now in `/review`; `/stats` shows each member's "
            "predicted share of the deck on exam day. `/deck exam deck clear` cancels it."))

    await send(interaction, work(), ephemeral=True)
