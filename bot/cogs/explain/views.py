"""Open-question buttons and the answer form, all stateless.

- `recall:explain:answer:<deck>:<card>` (public) opens a form `recall:explain:submit:<deck>:<card>`
  whose text input is `answer:<public message id>`: the message id is the question key (one graded
  answer per member per posted question) and fits in the input's own custom_id.
- `recall:explain:appeal:<attempt id>` ("I think I was right") on the private grade.
- A scheduled post's Answer button ends with `:s`, and so does its form: the grade is recorded as
  "scheduled". Buttons posted before the flag existed carry none and count as a slash drill.
- A server's deck shown in a DM uses the owned form: `recall:ea:<owner>:<deck>:<card>` opens
  `recall:es:<owner>:<deck>:<card>` (see `bot.cogs.card_ids`).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.card_buttons import CardButton
from bot.cogs.card_command import one_button_post
from bot.cogs.card_ids import CardIdForm, CardTarget
from bot.cogs.common import (
    Reply,
    edit,
    learner_of,
    learning,
    load_card,
    recall_bot,
    send,
    source_of,
    stateless_view,
    utcnow,
)
from bot.cogs.explain.embeds import AnswerForm, grade_embed, prompt_embed, result_line
from bot.cogs.reports.views import report_buttons
from bot.core.deck import OpenCard
from bot.i18n.voice import say

ANSWER = CardIdForm("explain:answer:{deck}:{card}", "ea")
SUBMIT = CardIdForm("explain:submit:{deck}:{card}", "es")
SUBMIT_TEMPLATE = SUBMIT.template
INPUT_PREFIX = "answer:"


class AnswerButton(CardButton, form=ANSWER, where="explain answer"):  # i18n: not shown (names the button in the logs)
    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=say("Answer"), style=discord.ButtonStyle.primary, emoji="✍️", custom_id=custom_id)

    async def respond(self, interaction: discord.Interaction) -> None:
        """Opens the answer form (a form must be the click's first answer: no deferring)."""
        card = await self.load(interaction, OpenCard, "/explain")
        key = str(interaction.message.id) if interaction.message else "0"
        form_id = SUBMIT.custom_id(self.target, scheduled=self.scheduled)
        await interaction.response.send_modal(AnswerForm(form_id, INPUT_PREFIX + key, card.prompt))


card_message = one_button_post(prompt_embed, AnswerButton)  # the public prompt with its Answer button


async def on_submit(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    input_id = next((key for key in values if key.startswith(INPUT_PREFIX)), None)
    text = values.get(input_id, "") if input_id else ""
    message_key = input_id.removeprefix(INPUT_PREFIX) if input_id else ""
    said = SUBMIT.read(match)
    await send(interaction, _grade(interaction, said.target, text, message_key, scheduled=said.scheduled), ephemeral=True)


async def _grade(interaction: discord.Interaction, target: CardTarget, text: str, message_key: str,
                 *, scheduled: bool) -> Reply:
    card = await load_card(interaction, target.deck_id, target.card_id, OpenCard, "/explain", owner=target.owner)
    bot = recall_bot(interaction)
    outcome = await learning(interaction).answer_open(
        learner_of(interaction), target.deck_id, target.card_id, text[:4000], now=utcnow(), rng=bot.rng,
        source=source_of(scheduled), question_key=f"explain:{message_key}" if message_key.isdigit() else None,
        deck_guild=target.owner,
    )
    buttons: list[discord.ui.Item[Any]] = []
    grade = outcome.grade
    if grade is not None and grade.hits < grade.total and not outcome.duplicate:
        buttons.append(AppealButton(outcome.attempt_id))
    buttons += report_buttons(target.deck_id, target.card_id, owner=target.owner, guild_id=interaction.guild_id)
    return Reply(embed=grade_embed(card, outcome), view=stateless_view(*buttons))


class AppealButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"recall:explain:appeal:(?P<attempt>[0-9]{1,19})"):
    def __init__(self, attempt_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=say("I think I was right"), style=discord.ButtonStyle.secondary, emoji="🙋",
                custom_id=f"recall:explain:appeal:{attempt_id}",
            )
        )
        self.attempt_id = attempt_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> AppealButton:
        return cls(int(match["attempt"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: edit(interaction, self._appeal(interaction)),
                      "explain appeal")  # i18n: not shown (names the button in the logs)

    async def _appeal(self, interaction: discord.Interaction) -> Reply:
        outcome = await learning(interaction).appeal(learner_of(interaction), self.attempt_id, now=utcnow())
        embeds = interaction.message.embeds if interaction.message else []
        embed = embeds[0] if embeds else discord.Embed(title=say("Your answer"))
        if outcome.already_credited:
            note = say("This answer already counts as correct; nothing changed.")
        else:
            note = say("Appeal recorded for the deck's authors. This answer now counts as correct (self-credited).")
        embed.add_field(name=say("Appeal"), value=f"{note}\n{result_line(True, outcome.points, outcome.streak)}", inline=False)
        return Reply(embed=embed)
