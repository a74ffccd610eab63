"""Flashcard buttons: stateless, so they keep working after a restart.

`recall:flash:reveal:<deck>:<card>` sits on the public card; the private back carries
`recall:flash:<rating>:<deck>:<card>`. A server's deck shown in a DM uses the owned form instead
(`recall:fv:<owner>:<deck>:<card>`, `recall:f<a|h|g|e>:...`, see `bot.cogs.card_ids`). A rating's question key is the private message's id, so each
reveal can be rated once. A scheduled post's buttons end with `:s` (see `bot.cogs.common.ORIGIN`):
their ratings are recorded as "scheduled", keyed by the public post, so each member's rating of the
day's card counts once however often they reveal it.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.cogs.card_buttons import CardButton
from bot.cogs.card_command import one_button_post
from bot.cogs.card_ids import CardIdForm, Field
from bot.cogs.card_media import card_media
from bot.cogs.common import Reply, learner_of, learning, recall_bot, source_of, stateless_view, utcnow
from bot.cogs.flashcard.embeds import back_embed, front_embed, rated_text, rating_label
from bot.cogs.reports.views import report_buttons
from bot.core.deck import Flashcard
from bot.core.srs import FlashRating
from bot.i18n.voice import say

RATING = Field("rating", server={rating.name.lower(): rating for rating in FlashRating},
               owned={rating.name[0].lower(): rating for rating in FlashRating})  # the owned form's verbs: fa/fh/fg/fe
REVEAL = CardIdForm("flash:reveal:{deck}:{card}", "fv")
RATE = CardIdForm("flash:{rating}:{deck}:{card}", "f{rating}", (RATING,))
RATING_STYLES = {
    FlashRating.AGAIN: discord.ButtonStyle.danger,
    FlashRating.HARD: discord.ButtonStyle.secondary,
    FlashRating.GOOD: discord.ButtonStyle.primary,
    FlashRating.EASY: discord.ButtonStyle.success,
}


class RevealButton(CardButton, form=REVEAL, where="flash reveal"):  # i18n: not shown (names the button in the logs)
    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=say("Reveal answer"), style=discord.ButtonStyle.primary, emoji="👀", custom_id=custom_id)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        card = await self.load(interaction, Flashcard, "/flashcard", "card")
        view = rating_view(self.deck_id, self.card_id, scheduled=self.scheduled, owner=self.owner,
                           guild_id=interaction.guild_id)
        reply = Reply(embed=back_embed(card), view=view)
        return await card_media(interaction).attach(reply, self.deck_id, card, [card.front, card.back], media=False)


card_message = one_button_post(front_embed, RevealButton)  # the public front with its Reveal button


def rating_view(deck_id: str, card_id: str, *, scheduled: bool = False, owner: int | None = None,
                guild_id: int | None = None) -> discord.ui.View:
    return stateless_view(*(RateButton(deck_id, card_id, rating, scheduled=scheduled, owner=owner)
                            for rating in FlashRating), *report_buttons(deck_id, card_id, owner=owner, guild_id=guild_id))


def rating_key(message: discord.Message | None, scheduled: bool) -> str | None:
    """One rating per private back; for a scheduled post, one per member per public post.

    The private back was sent in answer to a click on the public post, and Discord names that post in
    the back's interaction metadata (`interacted_message_id`).
    """
    if message is None:
        return None
    metadata = message.interaction_metadata
    if scheduled and metadata is not None and metadata.interacted_message_id is not None:
        return f"flash:{metadata.interacted_message_id}"
    return f"flash:{message.id}"


class RateButton(CardButton, form=RATE, where="flash rate", edits=True):  # i18n: not shown (names the button in the logs)
    def __init__(self, deck_id: str, card_id: str, rating: FlashRating, *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.rating = rating
        super().__init__(deck_id, card_id, rating, scheduled=scheduled, owner=owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=rating_label(self.rating), style=RATING_STYLES[self.rating], custom_id=custom_id)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        card = await self.load(interaction, Flashcard, "/flashcard", "card")
        bot = recall_bot(interaction)
        outcome = await learning(interaction).rate_flashcard(
            learner_of(interaction), self.deck_id, self.card_id, self.rating,
            now=utcnow(), rng=bot.rng, source=source_of(self.scheduled),
            question_key=rating_key(interaction.message, self.scheduled), deck_guild=self.owner,
        )
        return Reply(content=rated_text(outcome), embed=back_embed(card),
                     view=stateless_view(*report_buttons(self.deck_id, self.card_id, owner=self.owner,
                                                         guild_id=interaction.guild_id)))
