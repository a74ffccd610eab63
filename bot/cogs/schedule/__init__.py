"""/schedule: daily questions and native polls, exactly once; starts the scheduler loop with the cog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.schedule.cog import ScheduleCog

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    from bot.app.scheduler_loop import start_scheduler

    cog = ScheduleCog(bot)
    await bot.add_cog(cog)
    cog.scheduler_task = start_scheduler(bot, cog.publisher)
