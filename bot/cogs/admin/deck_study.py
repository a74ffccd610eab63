"""`/deck retention` and `/deck exam` (admins): parse, call `DeckStudyService`, and say what changed.

The decorated methods live in `AdminCog` (group `deck`); each is one call into a function here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.common import Reply, escape, send, utcnow
from bot.cogs.schedule.access import require_admin
from bot.i18n.voice import say, say_percent

if TYPE_CHECKING:
    from bot.app.client import RecallBot


def _percent(value: float) -> str:
    """A whole percentage ("90%"), rounded as before, in the reader's form ("90 %" in French)."""
    return say_percent(round(value * 100) / 100)


async def retention_command(bot: RecallBot, interaction: discord.Interaction, deck: str, value: str) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        change = await bot.services.deck_study.set_retention(guild_id, deck, value, now=utcnow())
        title = escape(change.title)
        if change.is_default:
            text = say("**{title}** is back to the default desired retention, **{retention}**, in this server.",
                       title=title, retention=_percent(change.retention))
        else:
            text = say("**{title}** now schedules reviews in this server for **{retention}** desired retention "
                       "(was {was}).", title=title, retention=_percent(change.retention), was=_percent(change.was))
        return Reply(content=text + " " + say("It applies from each card's next review: a higher retention means "
                                              "shorter intervals and more reviews a day (`/stats` shows the expected "
                                              "load)."))

    await send(interaction, work(), ephemeral=True)


async def exam_command(bot: RecallBot, interaction: discord.Interaction, deck: str, date: str,
                       target: float | None) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        change = await bot.services.deck_study.set_exam(guild_id, deck, date, target, now=utcnow())
        title = escape(change.title)
        if change.exam_day is None or change.exam_at is None or change.target is None:
            if not change.replaced:
                return Reply(content=say("**{title}** had no exam set in this server; nothing changed.", title=title))
            return Reply(content=say("The exam for **{title}** is cleared: reviews are scheduled normally again.",
                                     title=title))
        params = {"title": title, "day": change.exam_day.isoformat(), "stamp": str(int(change.exam_at.timestamp())),
                  "target": _percent(change.target)}
        if change.replaced:
            head = say("📅 Exam for **{title}** on **{day}** (exam day begins <t:{stamp}:F>), target **{target}** "
                       "predicted recall (replacing the previous exam).", **params)
        else:
            head = say("📅 Exam for **{title}** on **{day}** (exam day begins <t:{stamp}:F>), target **{target}** "
                       "predicted recall.", **params)
        plan = say("Until then each member's reviews of this deck here are planned for that day: a card is due after "
                   "the exam only if FSRS predicts at least {target} recall on exam day, else before it. Cards "
                   "scheduled earlier that would fall short come up now in `/review`; `/stats` shows each member's "
                   "predicted share of the deck on exam day. `/deck exam deck clear` cancels it.", target=params["target"])
        return Reply(content=f"{head}\n{plan}")

    await send(interaction, work(), ephemeral=True)
