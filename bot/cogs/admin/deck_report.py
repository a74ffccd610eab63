"""`/deck report deck [period]` (admins): the report's picture, a short text summary, and every card as CSV.

Thin: the figures come from `DeckReportService.deck_report`; names are looked up only for the members the
service returned (those who appear on leaderboards), the picture is drawn off the event loop, and Pillow
is imported only when a report is drawn. The reply is private to the admin who asked.
"""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

import discord

from bot.cogs.common import Reply, clip, escape, send, utcnow
from bot.cogs.progress.scoreboard import MemberNames
from bot.cogs.schedule.access import require_admin
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n, say_percent
from bot.services.deck_report import DeckReport, report_csv

if TYPE_CHECKING:
    from bot.app.client import RecallBot

PICTURE_FILE = "deck-report.png"
CSV_FILE = "deck-report.csv"
ALT_TEXT = N_("The deck report as a picture: the worst cards, the week-by-week trend, the most missed concepts.")
# The period a report covers, as its first line names it.
PERIOD_WORDS = {"week": N_("the last 7 days"), "month": N_("the last 4 weeks"), "term": N_("the last 16 weeks"),
                "all": N_("all time")}
SUMMARY_CARDS = 3
_names = MemberNames()


def percent_text(share: float | None) -> str:
    """A whole percentage ("64%") in the reader's form, "-" when there is nothing to divide."""
    return "-" if share is None else say_percent(round(share * 100) / 100)


def summary(report: DeckReport, names: dict[int, str]) -> str:
    """The headline figures as text (screen readers can't read the picture)."""
    if report.answered:
        activity = say("{answers} by {members}, {percent} right",
                       answers=say_n("{count} answer", "{count} answers", report.answered),
                       members=say_n("{count} member", "{count} members", report.members),
                       percent=percent_text(report.accuracy))
    else:
        activity = say("no answers in this server")
    lines = [say("**{title}** (`{deck}`), {period}: {activity}.", title=escape(report.title),
                 deck=report.deck.deck_id, period=say_marked(PERIOD_WORDS[report.period]), activity=activity),
             say_n("Behind on reviews: {behind} of the {count} member who studies this deck here.",
                   "Behind on reviews: {behind} of the {count} members who study this deck here.",
                   report.studying, behind=report.behind)]
    worst = report.worst(SUMMARY_CARDS)
    if worst:
        lines.append(say("Worst cards: {cards}.", cards=", ".join(
            f"`{card.card_id}` {card.correct}/{card.answered} ({percent_text(card.accuracy)})" for card in worst)))
    if report.missed_concepts:
        top = report.missed_concepts[0]
        lines.append(say("Most missed concept: {concept} (`{card}`, missed {missed} of {seen}).",
                         concept=escape(top.concept), card=top.card_id, missed=top.missed, seen=top.seen))
    shown = [f"{escape(names[member.user_id])} ({member.answered})" for member in report.named
             if member.user_id in names]
    if shown:
        lines.append(say("Most active: {members} (members who appear on leaderboards).", members=", ".join(shown)))
    if report.exam is not None:
        lines.append(say("Exam {day}: the group is predicted to recall {percent} of the deck.",
                         day=report.exam.exam_day.isoformat(), percent=percent_text(report.exam.predicted_share)))
    lines.append(say("`{file}` has every card ({count}).", file=CSV_FILE, count=len(report.cards)))
    return clip("\n".join(lines), 2000)


async def report_command(bot: RecallBot, interaction: discord.Interaction, deck: str, period: str | None) -> None:
    guild_id = require_admin(interaction)

    async def work() -> Reply:
        report = await bot.services.deck_reports.deck_report(guild_id, deck, period, now=utcnow())
        guild = interaction.guild or bot.get_guild(guild_id)
        names = await _names.names(guild, [m.user_id for m in report.named]) if guild and report.named else {}
        # Imported here: Pillow costs about 3 MiB of RSS, paid only once someone asks for a picture.
        from bot.ops.deck_report_image import render_deck_report

        picture = await asyncio.to_thread(render_deck_report, report, names)
        table = report_csv(report).encode("utf-8")
        embed = discord.Embed(title=clip(say("Deck report: {title}", title=report.title), 256))
        embed.set_image(url=f"attachment://{PICTURE_FILE}")
        return Reply(content=summary(report, names), embed=embed, files=[
            discord.File(io.BytesIO(picture), filename=PICTURE_FILE, description=say_marked(ALT_TEXT)),
            discord.File(io.BytesIO(table), filename=CSV_FILE)])

    await send(interaction, work(), ephemeral=True)
