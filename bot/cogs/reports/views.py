""""Report a problem" under a card's answer, the reasons to pick from, and the note form; all stateless.

- `recall:report:ask:<deck>:<card>` (under a flashcard's back, a quiz verdict, an open answer's grade)
  answers privately with one button per reason, `recall:report:why:<reason>:<deck>:<card>`;
- "Other" opens a form `recall:report:note:<deck>:<card>` with one short text;
- a server's deck shown in a DM uses the owned forms (`bot.cogs.card_ids`): `rp`, `rw`/`ru`/`rt`/`ro`, `rn`.

Each click looks the card up again as the clicking member may see it here (a forged id names nothing it
can't), and the report goes to the server whose queue it belongs in (`bot.services.card_reports`).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.cogs.card_buttons import CardButton
from bot.cogs.card_ids import CardIdForm, CardTarget, Field
from bot.cogs.common import Reply, clip, escape, learner_of, recall_bot, send, stateless_view, utcnow
from bot.core.card_reports import MAX_NOTE_CHARS, REASONS, ReportReason
from bot.i18n.voice import say, say_marked

ASK = CardIdForm("report:ask:{deck}:{card}", "rp")
REASON = Field("reason", server={reason: reason for reason in REASONS},
               owned={reason[0]: reason for reason in REASONS})  # the owned verbs: rw, ru, rt, ro
WHY = CardIdForm("report:why:{reason}:{deck}:{card}", "r{reason}", (REASON,))
NOTE = CardIdForm("report:note:{deck}:{card}", "rn")
NOTE_INPUT = "note"


class ReportButton(CardButton, form=ASK, where="report a card"):
    """The "Report a problem" button a card's answer carries."""

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        return discord.ui.Button(label=say("Report a problem"), style=discord.ButtonStyle.secondary, emoji="🚩",
                                 custom_id=custom_id, row=4)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        found = await recall_bot(interaction).services.catalogue.find_card(
            learner_of(interaction), self.deck_id, self.card_id, deck_guild=self.owner)
        buttons = [ReasonButton(self.deck_id, self.card_id, reason, owner=self.owner) for reason in REASONS]
        return Reply(content=say("What's wrong with **{card}**?", card=_short(found.card.title)),
                     view=stateless_view(*buttons))


def report_buttons(deck_id: str, card_id: str, *, owner: int | None, guild_id: int | None) -> list[ReportButton]:
    """The Report button for a card's answer, where a report has a queue to go to: in a server, or in a DM
    for a server's own deck (`owner`); a built-in deck's card in a DM has no server to moderate it."""
    if guild_id is None and owner is None:
        return []
    return [ReportButton(deck_id, card_id, owner=owner)]


class ReasonButton(CardButton, form=WHY, where="report reason", edits=True):  # i18n: not shown (log label)
    def __init__(self, deck_id: str, card_id: str, reason: ReportReason, *, scheduled: bool = False,
                 owner: int | None = None) -> None:
        self.reason = reason
        super().__init__(deck_id, card_id, reason, scheduled=scheduled, owner=owner)

    def button(self, custom_id: str) -> discord.ui.Button[Any]:
        # The reasons are marked where they are defined (bot.core.card_reports).
        return discord.ui.Button(label=say_marked(REASONS[self.reason]), style=discord.ButtonStyle.secondary,
                                 custom_id=custom_id)

    async def respond(self, interaction: discord.Interaction) -> None:
        if self.reason == "other":  # a form must be the click's first answer
            await interaction.response.send_modal(NoteForm(NOTE.custom_id(self.target)))
            return
        await super().respond(interaction)

    async def handle(self, interaction: discord.Interaction) -> Reply:
        return Reply(content=say_marked(await _report(interaction, self.target, self.reason, None)))


class NoteForm(discord.ui.Modal):
    """Only the form's shape: its submit is routed by custom_id (`on_note`), not to this object."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(title=say("Report a problem"), custom_id=custom_id, timeout=None)
        self.stop()
        self.add_item(discord.ui.TextInput(label=say("What's wrong with this card?"), custom_id=NOTE_INPUT,
                                           style=discord.TextStyle.short, max_length=MAX_NOTE_CHARS, required=True))


async def on_note(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    target = NOTE.read(match).target
    note = values.get(NOTE_INPUT, "")

    async def work() -> Reply:
        return Reply(content=say_marked(await _report(interaction, target, "other", note)))

    await send(interaction, work(), ephemeral=True)


async def _report(interaction: discord.Interaction, target: CardTarget, reason: ReportReason, note: str | None) -> str:
    return await recall_bot(interaction).services.card_reports.report(
        learner_of(interaction), target.deck_id, target.card_id, reason, note, now=utcnow(), deck_guild=target.owner)


def _short(title: str) -> str:
    return escape(clip(" ".join(title.split()), 80))
