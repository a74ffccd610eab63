"""Quiz option buttons: `recall:quiz:pick:<deck>:<card>:<option index as the deck lists it>[:s]`; a
server's deck shown in a DM uses the owned form `recall:q<index>:<owner>:<deck>:<card>` (`bot.cogs.card_ids`).

The question key is the public message's id, so each member answers each posted question once. The
`:s` flag marks a scheduled post's buttons (answers recorded as "scheduled"); without it, "drill".
"""

from __future__ import annotations

import random
from typing import Any

import discord

from bot.cogs.card_buttons import CardButton
from bot.cogs.card_ids import CardIdForm, Field
from bot.cogs.card_media import card_media
from bot.cogs.common import (
    CHANGED,
    Reply,
    learner_of,
    learning,
    recall_bot,
    source_of,
    stateless_view,
    utcnow,
)
from bot.cogs.quiz.embeds import question_embed, verdict_text
from bot.cogs.reports.views import report_buttons
from bot.core.deck import MAX_OPTIONS, ChoiceCard
from bot.services.errors import UnknownCard

INDEX = Field("index", server={str(index): index for index in range(MAX_OPTIONS)})  # one digit: 10 options at most
PICK = CardIdForm("quiz:pick:{deck}:{card}:{index}", "q{index}", (INDEX,))


class OptionButton(CardButton, form=PICK, where="quiz pick"):  # i18n: not shown (names the button in the logs)
    def __init__(self, deck_id: str, card_id: str, index: int, label: str = "?", *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.index, self.option_label = index, label
        super().__init__(deck_id, card_id, index, scheduled=scheduled, owner=owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=self.option_label[:80], style=discord.ButtonStyle.secondary, custom_id=custom_id)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        card = await self.load(interaction, ChoiceCard, "/quiz")
        if self.index >= len(card.options):
            raise UnknownCard(CHANGED["question"], command="/quiz")
        bot = recall_bot(interaction)
        outcome = await learning(interaction).answer_choice(
            learner_of(interaction), self.deck_id, self.card_id, self.index, now=utcnow(), rng=bot.rng,
            source=source_of(self.scheduled), question_key=f"quiz:{interaction.message.id}" if interaction.message else None,
            deck_guild=self.owner,
        )
        texts = [card.options[card.correct_index].text, card.explanation]
        reply = Reply(content=verdict_text(card, outcome),
                      view=stateless_view(*report_buttons(self.deck_id, self.card_id, owner=self.owner,
                                                          guild_id=interaction.guild_id)))
        return await card_media(interaction).attach(reply, self.deck_id, card, texts, media=False)


def options_view(deck_id: str, card: ChoiceCard, rng: random.Random, *, scheduled: bool = False,
                 owner: int | None = None) -> discord.ui.View:
    """One button per option, shuffled (at most 10: two rows of five)."""
    order = list(range(len(card.options)))
    rng.shuffle(order)
    buttons = []
    for position, index in enumerate(order):
        button = OptionButton(deck_id, card.id, index, f"{chr(ord('A') + position)}. {card.options[index].text}",
                              scheduled=scheduled, owner=owner)
        button.row = position // 5
        buttons.append(button)
    return stateless_view(*buttons)


def card_message(deck_title: str, deck_id: str, card: ChoiceCard, rng: random.Random, *, scheduled: bool = False,
                 owner: int | None = None) -> Reply:
    """The public question with its option buttons, shuffled by `rng`."""
    view = options_view(deck_id, card, rng, scheduled=scheduled, owner=owner)
    return Reply(embed=question_embed(deck_title, card), view=view)
