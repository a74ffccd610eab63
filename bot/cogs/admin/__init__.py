"""/settings, /deck and /remind, the appeal review buttons, and the welcome on joining a server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.admin.cog import AdminCog
from bot.cogs.admin.views import ReviewButton

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, ReviewButton)
    await bot.add_cog(AdminCog(bot))
