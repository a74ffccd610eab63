"""/decks and /help: what there is to study, and what each command does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.library.cog import LibraryCog

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    await bot.add_cog(LibraryCog(bot))
