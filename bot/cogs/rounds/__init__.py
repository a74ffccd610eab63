"""/round: live quiz rounds; its buttons and form are routed by custom_id (bot.cogs.rounds.views)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.rounds.cog import RoundsCog
from bot.cogs.rounds.settings import attach
from bot.cogs.rounds.views import SUBMIT_TEMPLATE, RoundButton, on_submit

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, RoundButton)
    bot.router.add_modal(SUBMIT_TEMPLATE, on_submit)
    attach(bot.tree)  # /settings round-role
    await bot.add_cog(RoundsCog(bot))
