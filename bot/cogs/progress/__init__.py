"""/streak, /stats, /leaderboard: how members are doing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.progress.cog import ProgressCog

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    await bot.add_cog(ProgressCog(bot))
