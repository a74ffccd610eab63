"""/quiz: a public multiple-choice question; each member answers once, privately."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.quiz.cog import QuizCog
from bot.cogs.quiz.views import OptionButton

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, OptionButton)
    await bot.add_cog(QuizCog(bot))
