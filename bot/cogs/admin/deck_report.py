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
from bot.services.deck_report import PERIOD_WORDS, DeckReport, percent_text, report_csv

if TYPE_CHECKING:
    from bot.app.client import RecallBot

PICTURE_FILE = "deck-report.png"
CSV_FILE = "deck-report.csv"
ALT_TEXT = "The deck report as a picture: the worst cards, the week-by-week trend, the most missed concepts."
SUMMARY_CARDS = 3
_names = MemberNames()


def summary(report: DeckReport, names: dict[int, str]) -> str:
    """The headline figures as text (screen readers can't read the picture)."""
    activity = (f"{report.answered:,} answers by {report.members:,} members, {percent_text(report.accuracy)} right"
                if report.answered else "no answers in this server")
    lines = [f"**{escape(report.title)}** (`{report.deck.deck_id}`), {PERIOD_WORDS[report.period]}: {activity}.",
             f"Behind on reviews: {report.behind:,} of the {report.studying:,} members who study this deck here."]
    worst = report.worst(SUMMARY_CARDS)
    if worst:
        lines.append("Worst cards: " + ", ".join(
            f"`{card.card_id}` {card.correct}/{card.answered} ({percent_text(card.accuracy)})" for card in worst) + ".")
    if report.missed_concepts:
        top = report.missed_concepts[0]
        lines.append(f"Most missed concept: {escape(top.concept)} (`{top.card_id}`, missed {top.missed} of {top.seen}).")
    shown = [f"{escape(names[member.user_id])} ({member.answered})" for member in report.named
             if member.user_id in names]
    if shown:
        lines.append("Most active: " + ", ".join(shown) + " (members who appear on leaderboards).")
    if report.exam is not None:
        lines.append(f"Exam {report.exam.exam_day.isoformat()}: the group is predicted to recall "
                     f"{percent_text(report.exam.predicted_share)} of the deck.")
    lines.append(f"`{CSV_FILE}` has every card ({len(report.cards):,}).")
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
        embed = discord.Embed(title=clip(f"Deck report: {report.title}", 256))
        embed.set_image(url=f"attachment://{PICTURE_FILE}")
        return Reply(content=summary(report, names), embed=embed, files=[
            discord.File(io.BytesIO(picture), filename=PICTURE_FILE, description=ALT_TEXT),
            discord.File(io.BytesIO(table), filename=CSV_FILE)])

    await send(interaction, work(), ephemeral=True)
