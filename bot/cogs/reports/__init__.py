""""Report a problem" on a card: the button under a card's answer, its reasons and note form. Reviewers
see the reports in the deck's queue (`/deck queue`, bot/cogs/admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.reports.views import NOTE, ReasonButton, ReportButton, on_note

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, ReportButton, ReasonButton)
    bot.router.add_modal(NOTE.template, on_note)
