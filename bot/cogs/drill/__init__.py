"""/drill and /review: private question runs (in servers and in DMs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.drill.cog import DrillCog
from bot.cogs.drill.views import SUBMIT_TEMPLATE, DrillButton, on_submit

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, DrillButton)
    bot.router.add_modal(SUBMIT_TEMPLATE, on_submit)
    await bot.add_cog(DrillCog(bot))
