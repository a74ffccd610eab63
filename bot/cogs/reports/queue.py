"""The reports section of a deck's moderation queue (`/deck queue`, bot/cogs/suggest/queue.py): the reported
cards, most reported first, each with the count per reason and the newest notes, an Edit card button (the
server's overlay: saving the edit changes the card, which closes its reports) and one to close its reports
without a change.

`recall:report:dismiss:<deck>:<card>` closes that card's open reports in the clicking server only, and only
for a reviewer (checked on click: a custom_id can be forged). Fixing the card closes them by itself.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.admin.reviewers import require_reviewer
from bot.cogs.common import SLUG, Reply, clip, escape, recall_bot, send, stateless_view, utcnow
from bot.cogs.suggest.queue import QueueSection
from bot.cogs.suggest.views import EditCardButton
from bot.core.card_reports import QUEUE_CARDS_SHOWN, REASONS, ReportedCard
from bot.i18n.voice import say, say_marked, say_n

ROWS = 5  # Discord's action rows per message: one per card listed with buttons


class DismissButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=rf"recall:report:dismiss:(?P<deck>{SLUG}):(?P<card>{SLUG})"):
    def __init__(self, deck_id: str, card_id: str) -> None:
        super().__init__(discord.ui.Button(label=clip(say("Close reports: {card}", card=card_id), 80),
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"recall:report:dismiss:{deck_id}:{card_id}"))
        self.deck_id, self.card_id = deck_id, card_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> DismissButton:
        return cls(match["deck"], match["card"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: send(interaction, self._dismiss(interaction), ephemeral=True), "report dismiss")  # i18n: not shown (log label)

    async def _dismiss(self, interaction: discord.Interaction) -> Reply:
        guild_id = await require_reviewer(interaction)
        closed = await recall_bot(interaction).services.card_reports.dismiss(guild_id, self.deck_id, self.card_id,
                                                                          now=utcnow())
        if not closed:
            return Reply(content=say("`{card}` has no open reports any more; nothing changed.", card=self.card_id))
        return Reply(content=say_n("Closed {count} report on {card} without changing the card.",
                                   "Closed {count} reports on {card} without changing the card.", closed,
                                   card=f"`{self.card_id}`"))


def card_lines(card: ReportedCard) -> str:
    reasons = ", ".join(f"{say_marked(REASONS[reason])} {count}"  # type: ignore[index]
                        for reason, count in sorted(card.by_reason.items()))
    notes = "".join(f"\n> {escape(clip(note, 200))}" for note in card.notes)
    head = say_n("**{card}** *{title}*: {count} member ({reasons})", "**{card}** *{title}*: {count} members ({reasons})",
                 card.members, card=f"`{card.card_id}`", title=escape(clip(" ".join(card.title.split()), 100)), reasons=reasons)
    return head + notes


async def reports_section(interaction: discord.Interaction, guild_id: int, deck_id: str) -> QueueSection:
    cards = await recall_bot(interaction).services.card_reports.queue(guild_id, deck_id, now=utcnow())
    count = sum(card.members for card in cards)
    return QueueSection("reports", count, say_n("{count} report", "{count} reports", count),
                        reports_reply(deck_id, cards) if cards else None)


def reports_reply(deck_id: str, cards: list[ReportedCard]) -> Reply:
    """The reported cards of a deck, the most reported first, with their buttons (one row per card)."""
    shown = cards[:min(QUEUE_CARDS_SHOWN, ROWS)]
    items: list[discord.ui.Item[Any]] = []
    for row, card in enumerate(shown):
        buttons: list[discord.ui.Item[Any]] = [EditCardButton(deck_id, card.card_id), DismissButton(deck_id, card.card_id)]
        for button in buttons:
            button.row = row
            items.append(button)
    more = "\n" + say_n("…and {count} more card after these.", "…and {count} more cards after these.",
                         len(cards) - len(shown)) if len(cards) > len(shown) else ""
    head = say("Reported cards of `{deck}` (fixing a card closes its reports):", deck=escape(deck_id))
    return Reply(content=clip("\n\n".join([head, *map(card_lines, shown)]) + more, 2000), view=stateless_view(*items))
