"""Cloze gap buttons and the typing form, all stateless (they keep working after a restart).

A gap is named by its card and its number, a field of its own, so the card id stays a plain slug:

- server form: `recall:cloze:reveal:<deck>:<card>:<n>[:s]`, `recall:cloze:<again|hard|good|easy>:<deck>:<card>:<n>`,
  `recall:cloze:type:<deck>:<card>:<n>` and the form `recall:cloze:submit:<deck>:<card>:<n>`;
- owned form (a server's deck in a DM): `recall:z<n><v|a|h|g|e|t|s>:<owner>:<deck>:<card>`.

The longest (a 13-digit owner, a 32-character deck, a 40-character card, gap 99) is 99 characters. The
gap number is one of 1-99 written without a leading zero; anything else doesn't match, and a number the
card has no gap for is "no longer available" (`Deck.card`). Reveal answers privately with the whole text
and the rating buttons (rated like a flashcard: one rating per private back, `flash:<message id>`); Type
it opens a form whose input carries the public message's id, so each member's typed answer to one post
counts once (`cloze:<message id>`).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.cogs.card_buttons import CardButton
from bot.cogs.card_ids import CardIdForm, CardTarget, Field
from bot.cogs.card_media import card_media
from bot.cogs.cloze.embeds import TypeForm, back_embed, front_embed, typed_embed
from bot.cogs.common import (
    Reply,
    learner_of,
    learning,
    load_card,
    recall_bot,
    send,
    source_of,
    stateless_view,
    utcnow,
)
from bot.cogs.flashcard.embeds import rated_text, rating_label
from bot.cogs.flashcard.views import RATING, RATING_STYLES, rating_key
from bot.core.cloze import MAX_GAP_NUMBER, gap_id, plain
from bot.core.deck import ClozeGap
from bot.core.srs import FlashRating
from bot.i18n.voice import say

GAP = Field("gap", server={str(n): n for n in range(1, MAX_GAP_NUMBER + 1)})
REVEAL = CardIdForm("cloze:reveal:{deck}:{card}:{gap}", "z{gap}v", (GAP,))
RATE = CardIdForm("cloze:{rating}:{deck}:{card}:{gap}", "z{gap}{rating}", (RATING, GAP))
TYPE = CardIdForm("cloze:type:{deck}:{card}:{gap}", "z{gap}t", (GAP,))
SUBMIT = CardIdForm("cloze:submit:{deck}:{card}:{gap}", "z{gap}s", (GAP,))
SUBMIT_TEMPLATE = SUBMIT.template
INPUT_PREFIX = "answer:"
COMMAND = "/flashcard"


async def load_gap(interaction: discord.Interaction, target: CardTarget, number: int) -> ClozeGap:
    """The gap a button names, if the member may see its deck here (else "no longer available")."""
    return await load_card(interaction, target.deck_id, gap_id(target.card_id, number), ClozeGap, COMMAND, "card",
                           owner=target.owner)


class GapRevealButton(CardButton, form=REVEAL, where="cloze reveal"):  # i18n: not shown (names the button in the logs)
    def __init__(self, deck_id: str, card_id: str, number: int, *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.number = number
        super().__init__(deck_id, card_id, number, scheduled=scheduled, owner=owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=say("Reveal"), style=discord.ButtonStyle.primary, emoji="👀", custom_id=custom_id)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        gap = await load_gap(interaction, self.target, self.number)
        view = stateless_view(*(GapRateButton(self.deck_id, self.card_id, rating, self.number, owner=self.owner)
                                for rating in FlashRating))
        embed = back_embed(gap)
        embed.set_footer(text=say("How well did you know it? Your rating schedules your next review."))
        texts = [plain(gap.card.text), *([gap.card.extra] if gap.card.extra else [])]
        return await card_media(interaction).attach(Reply(embed=embed, view=view), self.deck_id, gap, texts,
                                                    media=False)  # (formulas drawn, as on a flashcard's back)


class GapRateButton(CardButton, form=RATE, where="cloze rate", edits=True):  # i18n: not shown (names the button in the logs)
    def __init__(self, deck_id: str, card_id: str, rating: FlashRating, number: int, *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.rating, self.number = rating, number
        super().__init__(deck_id, card_id, rating, number, scheduled=scheduled, owner=owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=rating_label(self.rating), style=RATING_STYLES[self.rating], custom_id=custom_id)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        gap = await load_gap(interaction, self.target, self.number)
        outcome = await learning(interaction).rate_flashcard(
            learner_of(interaction), self.deck_id, gap.id, self.rating, now=utcnow(), rng=recall_bot(interaction).rng,
            source=source_of(self.scheduled), question_key=rating_key(interaction.message, self.scheduled),
            deck_guild=self.owner,
        )
        return Reply(content=rated_text(outcome), embed=back_embed(gap))


class GapTypeButton(CardButton, form=TYPE, where="cloze type"):  # i18n: not shown (names the button in the logs)
    def __init__(self, deck_id: str, card_id: str, number: int, *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.number = number
        super().__init__(deck_id, card_id, number, scheduled=scheduled, owner=owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=say("Type it"), style=discord.ButtonStyle.secondary, emoji="⌨️", custom_id=custom_id)

    async def respond(self, interaction: discord.Interaction) -> None:
        """Opens the form (a form must be the click's first answer: no deferring)."""
        gap = await load_gap(interaction, self.target, self.number)
        key = str(interaction.message.id) if interaction.message else "0"
        form_id = SUBMIT.custom_id(self.target, (self.number,), scheduled=self.scheduled)
        await interaction.response.send_modal(TypeForm(form_id, INPUT_PREFIX + key, gap))


def gap_message(deck_title: str, deck_id: str, gap: ClozeGap, *, scheduled: bool = False,
                owner: int | None = None) -> Reply:
    """The public question: the gap blanked, with Reveal and Type it."""
    view = stateless_view(GapRevealButton(deck_id, gap.card.id, gap.number, scheduled=scheduled, owner=owner),
                          GapTypeButton(deck_id, gap.card.id, gap.number, scheduled=scheduled, owner=owner))
    return Reply(embed=front_embed(deck_title, gap), view=view)


async def on_submit(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    input_id = next((key for key in values if key.startswith(INPUT_PREFIX)), None)
    text = values.get(input_id, "") if input_id else ""
    message_key = input_id.removeprefix(INPUT_PREFIX) if input_id else ""
    said = SUBMIT.read(match)
    await send(interaction, _grade(interaction, said.target, said.values[0], text, message_key,
                                   scheduled=said.scheduled), ephemeral=True)


async def _grade(interaction: discord.Interaction, target: CardTarget, number: int, text: str, message_key: str,
                 *, scheduled: bool) -> Reply:
    gap = await load_gap(interaction, target, number)
    outcome = await learning(interaction).answer_cloze(
        learner_of(interaction), target.deck_id, gap.id, text[:4000], now=utcnow(), rng=recall_bot(interaction).rng,
        source=source_of(scheduled), question_key=f"cloze:{message_key}" if message_key.isdigit() else None,
        deck_guild=target.owner,
    )
    return Reply(embed=typed_embed(gap, outcome, text[:4000]))
