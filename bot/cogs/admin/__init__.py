"""/settings, /deck and /remind, the appeal review buttons and keyword offers, and the welcome on joining a server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.admin.cog import AdminCog
from bot.cogs.admin.keyword_offer import KeywordSelect
from bot.cogs.admin.views import ReviewButton

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, ReviewButton, KeywordSelect)
    await bot.add_cog(AdminCog(bot))
