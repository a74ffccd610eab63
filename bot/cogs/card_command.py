"""/flashcard, /quiz and /explain are one command: draw a card of one kind, post it publicly with its buttons.

Each feature gives its name, description, card kind and its card's public message (a `CardPost`, which a
schedule's posts can use too); `card_cog` makes the cog. `card_embed` and `one_button_post` are the
parts those messages share.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.card_buttons import CardButton
from bot.cogs.card_ids import button_owner
from bot.cogs.card_media import card_media
from bot.cogs.common import (
    CardT,
    Reply,
    catalogue,
    clip,
    deck_autocomplete,
    draw_card,
    level_autocomplete,
    level_name,
    recall_bot,
    send,
    stateless_view,
)
from bot.core.deck import AnyCard, Kind
from bot.i18n.voice import say
from bot.services.api import DeckRef

if TYPE_CHECKING:
    from bot.app.client import RecallBot

CardContra = TypeVar("CardContra", bound=AnyCard, contravariant=True)


class CardPost(Protocol[CardContra]):
    """A card's public message: its embed and its buttons (`owner`: the deck's owner, when a button needs it)."""

    def __call__(self, deck_title: str, deck_id: str, card: CardContra, rng: random.Random, *,
                 scheduled: bool = False, owner: int | None = None) -> Reply: ...


def card_embed(title: str, text: str, colour: discord.Colour, deck_title: str, card: AnyCard,
               note: str | None = None) -> discord.Embed:
    """A card's public face: its text, its deck and level (and a note) in the footer, its image."""
    embed = discord.Embed(title=title, description=text, colour=colour)
    embed.set_footer(text=" · ".join([deck_title, level_name(card.level), *([note] if note else [])]))
    if card.web_image:  # a media file is attached instead (bot.cogs.card_media)
        embed.set_image(url=card.web_image)
    return embed


def credit_author(interaction: discord.Interaction, reply: Reply, deck_guild: int, deck_id: str, card_id: str) -> None:
    """A member's accepted suggestion names its author under the card (a name, never a mention)."""
    author = catalogue(interaction).credit(interaction.guild_id, DeckRef(deck_guild, deck_id), card_id)
    if author and reply.embed is not None:
        footer = reply.embed.footer.text or ""
        credit = say("Card suggested by {author}", author=author)
        reply.embed.set_footer(text=clip(f"{footer} · {credit}", 2048))


def one_button_post(embed: Callable[[str, CardT], discord.Embed], button: type[CardButton]) -> CardPost[CardT]:
    """The `CardPost` of a card whose public message has one button (Reveal, Answer): no rng needed."""

    def present(deck_title: str, deck_id: str, card: CardT, rng: random.Random, *, scheduled: bool = False,
                owner: int | None = None) -> Reply:
        view = stateless_view(button(deck_id, card.id, scheduled=scheduled, owner=owner))
        return Reply(embed=embed(deck_title, card), view=view)

    return present


async def card_reply(interaction: discord.Interaction, deck: str | None, level: str | None, kind: Kind,
                     card_type: type[CardT] | tuple[type[CardT], ...], present: CardPost[CardT]) -> Reply:
    """The next card of that kind for the member who asked, as its public message."""
    drawn = await draw_card(interaction, deck, level, kind)
    card = drawn.card
    assert isinstance(card, card_type), f"asked for a {kind} card, drew {card!r}"
    owner = button_owner(drawn.deck_guild, interaction.guild_id)
    reply = present(drawn.deck_title, drawn.deck_id, card, recall_bot(interaction).rng, owner=owner)
    credit_author(interaction, reply, drawn.deck_guild, drawn.deck_id, card.id)
    return await card_media(interaction).attach(reply, drawn.deck_id, card, [card.title], owner=drawn.deck_guild)


class CardCog(commands.Cog):
    def __init__(self, bot: RecallBot) -> None:
        self.bot = bot


def card_cog(name: str, description: str, *, kind: Kind, card_type: type[CardT] | tuple[type[CardT], ...],
             present: CardPost[CardT]) -> type[CardCog]:
    """The cog of one card command (`/name deck: level:`), named like the classes it replaces (`QuizCog`)."""

    class Cog(CardCog, name=f"{name.capitalize()}Cog"):
        @app_commands.command(name=name, description=description)
        @app_commands.describe(deck="Which deck (default: any)", level="beginner, intermediate or advanced")
        @app_commands.autocomplete(deck=deck_autocomplete, level=level_autocomplete)
        async def post(self, interaction: discord.Interaction, deck: str | None = None, level: str | None = None) -> None:
            await send(interaction, card_reply(interaction, deck, level, kind, card_type, present), ephemeral=False)

    Cog.__name__ = Cog.__qualname__ = f"{name.capitalize()}Cog"
    return Cog
