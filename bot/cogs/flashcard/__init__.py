"""/flashcard: a public card front; each member reveals the back privately and rates it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.flashcard.cog import FlashcardCog
from bot.cogs.flashcard.views import RateButton, RevealButton

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, RevealButton, RateButton)
    await bot.add_cog(FlashcardCog(bot))
