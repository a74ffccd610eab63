"""/suggest, the suggestion review buttons and forms, "Edit card", and the deck queue's sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.suggest.cog import SuggestCog
from bot.cogs.suggest.views import (
    CARD_FORM,
    EDIT_FORM,
    NEW_FORM,
    REJECT_FORM,
    EditCardButton,
    SuggestionButton,
    TryAgainButton,
    on_card_save,
    on_edit,
    on_new,
    on_reject,
)

if TYPE_CHECKING:
    from bot.app.client import RecallBot


async def setup(bot: RecallBot) -> None:
    bot.router.add_items(bot, SuggestionButton, EditCardButton, TryAgainButton)
    for template, handler in ((NEW_FORM, on_new), (EDIT_FORM, on_edit), (REJECT_FORM, on_reject),
                              (CARD_FORM, on_card_save)):
        bot.router.add_modal(template, handler)
    await bot.add_cog(SuggestCog(bot))
