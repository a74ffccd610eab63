"""/explain: a public open question; each member answers in a form and gets a private grade."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.explain.cog import ExplainCog
from bot.cogs.explain.views import SUBMIT_TEMPLATE, AnswerButton, AppealButton, on_submit

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, AnswerButton, AppealButton)
    bot.router.add_modal(SUBMIT_TEMPLATE, on_submit)
    await bot.add_cog(ExplainCog(bot))
