"""Cloze gaps: shown by /flashcard (and in /drill and /review, bot/cogs/drill) with the gap blanked; each
member reveals and rates privately, or types the missing words in a form and is graded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.cloze.views import SUBMIT_TEMPLATE, GapRateButton, GapRevealButton, GapTypeButton, on_submit

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, GapRevealButton, GapRateButton, GapTypeButton)
    bot.router.add_modal(SUBMIT_TEMPLATE, on_submit)
