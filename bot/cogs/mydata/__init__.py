"""/mydata: a member's own data: export it as a file, delete all of it, opt out of leaderboards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.mydata.cog import MyDataCog
from bot.cogs.mydata.views import DeleteButton

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, DeleteButton)
    await bot.add_cog(MyDataCog(bot))
