"""Quiz option buttons: `recall:quiz:pick:<deck>:<card>:<option index as the deck lists it>[:s]`; a
server's deck shown in a DM uses the owned form `recall:q<index>:<owner>:<deck>:<card>` (`bot.cogs.card_ids`).

The question key is the public message's id, so each member answers each posted question once. The
`:s` flag marks a scheduled post's buttons (answers recorded as "scheduled"); without it, "drill".
"""

from __future__ import annotations

import random
import re
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.card_ids import owned, owned_id, target_of
from bot.cogs.common import (
    ORIGIN,
    SLUG,
    Reply,
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
from bot.cogs.quiz.embeds import verdict_text
from bot.core.deck import ChoiceCard
from bot.services.errors import UnknownCard


class OptionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"recall:(?:quiz:pick:(?P<deck>{SLUG}):(?P<card>{SLUG}):(?P<index>[0-9]){ORIGIN}"
             rf"|{owned('q(?P<oindex>[0-9])')})",
):
    def __init__(self, deck_id: str, card_id: str, index: int, label: str = "?", *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        custom_id = (owned_id(f"q{index}", owner, deck_id, card_id) if owner is not None
                     else f"recall:quiz:pick:{deck_id}:{card_id}:{index}{origin_suffix(scheduled)}")
        super().__init__(discord.ui.Button(label=label[:80], style=discord.ButtonStyle.secondary, custom_id=custom_id))
        self.deck_id, self.card_id, self.index, self.scheduled, self.owner = deck_id, card_id, index, scheduled, owner

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> OptionButton:
        target = target_of(match)
        index = int(match["index"] or match["oindex"])
        return cls(target.deck_id, target.card_id, index, scheduled=is_scheduled(match), owner=target.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: send(interaction, self._answer(interaction), ephemeral=True), "quiz pick")

    async def _answer(self, interaction: discord.Interaction) -> Reply:
        card = await load_card(interaction, self.deck_id, self.card_id, ChoiceCard, "/quiz", owner=self.owner)
        if self.index >= len(card.options):
            raise UnknownCard("This question has changed since it was posted. Try /quiz for a fresh one.")
        bot = recall_bot(interaction)
        outcome = await bot.services.answer_choice(
            learner_of(interaction), self.deck_id, self.card_id, self.index, now=utcnow(), rng=bot.rng,
            source=source_of(self.scheduled), question_key=f"quiz:{interaction.message.id}" if interaction.message else None,
            deck_guild=self.owner,
        )
        return Reply(content=verdict_text(card, outcome))


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
