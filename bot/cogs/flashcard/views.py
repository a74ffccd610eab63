"""Flashcard buttons: stateless, so they keep working after a restart.

`recall:flash:reveal:<deck>:<card>` sits on the public card; the private back carries
`recall:flash:<rating>:<deck>:<card>`. A server's deck shown in a DM uses the owned form instead
(`recall:fv:<owner>:<deck>:<card>`, `recall:f<a|h|g|e>:...`, see `bot.cogs.card_ids`). A rating's question key is the private message's id, so each
reveal can be rated once. A scheduled post's buttons end with `:s` (see `bot.cogs.common.ORIGIN`):
their ratings are recorded as "scheduled", keyed by the public post, so each member's rating of the
day's card counts once however often they reveal it.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.card_ids import owned, owned_id, target_of
from bot.cogs.common import (
    ORIGIN,
    SLUG,
    Reply,
    edit,
    is_scheduled,
    learner_of,
    load_card,
    origin_suffix,
    recall_bot,
    send,
    source_of,
    stateless_view,
    utcnow,
)
from bot.cogs.flashcard.embeds import RATING_LABELS, back_embed, rated_text
from bot.core.deck import Flashcard
from bot.core.srs import FlashRating

RATING_NAMES = {rating.name.lower(): rating for rating in FlashRating}
RATING_LETTERS = {rating: rating.name[0].lower() for rating in FlashRating}  # the owned form's verbs
RATING_STYLES = {
    FlashRating.AGAIN: discord.ButtonStyle.danger,
    FlashRating.HARD: discord.ButtonStyle.secondary,
    FlashRating.GOOD: discord.ButtonStyle.primary,
    FlashRating.EASY: discord.ButtonStyle.success,
}


class RevealButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"recall:(?:flash:reveal:(?P<deck>{SLUG}):(?P<card>{SLUG}){ORIGIN}|{owned('fv')})",
):
    def __init__(self, deck_id: str, card_id: str, *, scheduled: bool = False, owner: int | None = None) -> None:
        custom_id = (owned_id("fv", owner, deck_id, card_id) if owner is not None
                     else f"recall:flash:reveal:{deck_id}:{card_id}{origin_suffix(scheduled)}")
        super().__init__(
            discord.ui.Button(label="Reveal answer", style=discord.ButtonStyle.primary, emoji="👀", custom_id=custom_id)
        )
        self.deck_id, self.card_id, self.scheduled, self.owner = deck_id, card_id, scheduled, owner

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> RevealButton:
        target = target_of(match)
        return cls(target.deck_id, target.card_id, scheduled=is_scheduled(match), owner=target.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: send(interaction, self._reveal(interaction), ephemeral=True), "flash reveal")

    async def _reveal(self, interaction: discord.Interaction) -> Reply:
        card = await load_card(interaction, self.deck_id, self.card_id, Flashcard, "/flashcard", "card", owner=self.owner)
        view = rating_view(self.deck_id, self.card_id, scheduled=self.scheduled, owner=self.owner)
        return Reply(embed=back_embed(card), view=view)


def rating_view(deck_id: str, card_id: str, *, scheduled: bool = False, owner: int | None = None) -> discord.ui.View:
    return stateless_view(*(RateButton(deck_id, card_id, rating, scheduled=scheduled, owner=owner)
                            for rating in FlashRating))


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


class RateButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"recall:(?:flash:(?P<rating>again|hard|good|easy):(?P<deck>{SLUG}):(?P<card>{SLUG}){ORIGIN}"
             rf"|{owned('f(?P<letter>[ahge])')})",
):
    def __init__(self, deck_id: str, card_id: str, rating: FlashRating, *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        custom_id = (owned_id("f" + RATING_LETTERS[rating], owner, deck_id, card_id) if owner is not None
                     else f"recall:flash:{rating.name.lower()}:{deck_id}:{card_id}{origin_suffix(scheduled)}")
        super().__init__(discord.ui.Button(label=RATING_LABELS[rating], style=RATING_STYLES[rating], custom_id=custom_id))
        self.deck_id, self.card_id, self.rating, self.scheduled, self.owner = deck_id, card_id, rating, scheduled, owner

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> RateButton:
        target = target_of(match)
        rating = (RATING_NAMES[match["rating"]] if match["rating"]
                  else next(r for r, letter in RATING_LETTERS.items() if letter == match["letter"]))
        return cls(target.deck_id, target.card_id, rating, scheduled=is_scheduled(match), owner=target.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: edit(interaction, self._rate(interaction)), "flash rate")

    async def _rate(self, interaction: discord.Interaction) -> Reply:
        card = await load_card(interaction, self.deck_id, self.card_id, Flashcard, "/flashcard", "card", owner=self.owner)
        bot = recall_bot(interaction)
        outcome = await bot.services.rate_flashcard(
            learner_of(interaction), self.deck_id, self.card_id, self.rating,
            now=utcnow(), rng=bot.rng, source=source_of(self.scheduled),
            question_key=rating_key(interaction.message, self.scheduled), deck_guild=self.owner,
        )
        return Reply(content=rated_text(outcome), embed=back_embed(card))
