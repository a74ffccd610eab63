"""/timezone: a member's own time zone, which decides when their study day starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.timezone.cog import TimezoneCog

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    await bot.add_cog(TimezoneCog(bot))
