"""Appeal review buttons: `recall:appeal:<accept|reject>:<attempt id>`, a reviewer (Manage Server or the
server's reviewer role, bot/cogs/admin/reviewers.py) checked on click.

Accepting one answers with the keyword offer's menus (bot/cogs/admin/keyword_offer.py)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.admin.keyword_offer import offer_selects
from bot.cogs.admin.reviewers import require_reviewer
from bot.cogs.common import Reply, clip, escape, recall_bot, send, stateless_view, utcnow
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n
from bot.services.admin import AppealItem

SHOWN = 5  # one row of buttons per appeal
LABELS = {True: N_("Accept #{id}"), False: N_("Reject #{id}")}


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"recall:appeal:(?P<verdict>accept|reject):(?P<attempt>[0-9]{1,19})"):
    def __init__(self, attempt_id: int, accept: bool) -> None:
        super().__init__(discord.ui.Button(
            label=say_marked(LABELS[accept], id=str(attempt_id)),
            style=discord.ButtonStyle.success if accept else discord.ButtonStyle.danger,
            custom_id=f"recall:appeal:{'accept' if accept else 'reject'}:{attempt_id}"))
        self.attempt_id, self.accept = attempt_id, accept

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> ReviewButton:
        return cls(int(match["attempt"]), match["verdict"] == "accept")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._review(interaction), "appeal review")  # i18n: not shown (log label)

    async def _review(self, interaction: discord.Interaction) -> None:
        guild_id = await require_reviewer(interaction)

        async def work() -> Reply:
            decision = await recall_bot(interaction).services.admin.review_appeal(
                guild_id, self.attempt_id, accept=self.accept, reviewer=interaction.user.id, now=utcnow())
            appeal = str(decision.attempt_id)
            if not decision.accepted:
                return Reply(content=say("Appeal #{id} rejected: the self-credit was taken back.", id=appeal))
            head = say("Appeal #{id} accepted; the member keeps the credit.", id=appeal)
            selects = offer_selects(decision.attempt_id, decision.offer)
            if not selects:
                words = ", ".join(f"`{escape(w)}`" for w in decision.suggested_keywords) or say("none found")
                return Reply(content=clip(head + "\n" + say("Words from the answer to consider as keywords: {words}",
                                                             words=words), 2000))
            pick = say("Pick words of the answer to add as keywords of a concept it missed, in this server's copy of "
                       "the deck (one menu per concept):")
            return Reply(content=clip(f"{head}\n{pick}", 2000), view=stateless_view(*selects))

        await send(interaction, work(), ephemeral=True)


def appeals_reply(deck_id: str, items: list[AppealItem]) -> Reply:
    if not items:
        return Reply(content=say("No open appeals on `{deck}`.", deck=escape(deck_id)))
    lines = []
    buttons = []
    for row, item in enumerate(items[:SHOWN]):
        missed = ", ".join(item.missed_concepts) or say("none")
        lines.append("\n".join([
            say("**#{id}** by <@{user}> on *{prompt}*", id=str(item.attempt_id), user=str(item.user_id),
                prompt=escape(clip(item.prompt, 120))),
            f"> {escape(clip(item.answer, 300)) or say('(empty)')}",
            say("Missed concepts: {concepts}", concepts=escape(missed))]))
        for accept in (True, False):
            button = ReviewButton(item.attempt_id, accept)
            button.row = row
            buttons.append(button)
    more = "\n" + say_n("…and {count} more after these.", "…and {count} more after these.",
                         len(items) - SHOWN) if len(items) > SHOWN else ""
    return Reply(content=clip("\n\n".join(lines) + more, 2000), view=stateless_view(*buttons))
