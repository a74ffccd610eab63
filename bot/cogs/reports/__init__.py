""""Report a problem" on a card: the button under a card's answer, its reasons and note form, and the reports
section of the deck's queue (`/deck queue`, bot/cogs/suggest/queue.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    # Imported here, not above: the card cogs import `bot.cogs.reports.views` for their Report button, and
    # the queue section imports the suggestion cog, which imports the card cogs.
    from bot.cogs.reports.queue import DismissButton, reports_section
    from bot.cogs.reports.views import NOTE, ReasonButton, ReportButton, on_note
    from bot.cogs.suggest.queue import add_section

    bot.router.add_items(bot, ReportButton, ReasonButton, DismissButton)
    bot.router.add_modal(NOTE.template, on_note)
    add_section(reports_section)
