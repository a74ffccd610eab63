"""The keywords an accepted appeal offers: one select menu per missed concept, `recall:appeal:kw:<attempt>:<slot>`.

The custom_id names the appeal and the concept's slot in the stored offer; each option's value is a word's
position in it. Nothing in the click is trusted: the clicker must be a reviewer (Manage Server or the reviewer
role, `bot.cogs.admin.reviewers`) in the server clicked in, as for the appeal's Accept, and the admin service
adds only words stored as offered for that slot of an appeal accepted in that server.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

import discord

from bot.app.fallback import guarded
from bot.cogs.admin.reviewers import require_reviewer
from bot.cogs.common import Reply, clip, escape, recall_bot, send, utcnow
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked
from bot.services.appeal_keywords import OFFERED_CONCEPTS, KeywordsAdded
from bot.services.errors import RecallError
from bot.services.records import OfferedKeyword

MAX_OPTIONS = 25  # Discord's limit per select menu
_POSITION = re.compile(r"[0-9]{1,2}")


class KeywordSelect(discord.ui.DynamicItem[discord.ui.Select[Any]],
                    template=r"recall:appeal:kw:(?P<attempt>[0-9]{1,19}):(?P<slot>[0-9])"):
    def __init__(self, attempt_id: int, slot: int, words: tuple[OfferedKeyword, ...] = ()) -> None:
        nothing = [discord.SelectOption(label=say("(none)"), value="none")]  # i18n: not shown (the value)
        options = [discord.SelectOption(label=clip(w.keyword, 100), value=str(w.position))
                   for w in words[:MAX_OPTIONS]] or nothing
        concept = words[0].concept if words else "?"
        super().__init__(discord.ui.Select(
            custom_id=f"recall:appeal:kw:{attempt_id}:{slot}", options=options, min_values=1,
            max_values=len(options), placeholder=clip(say("Add as keywords of “{concept}”", concept=concept), 150)))
        self.attempt_id, self.slot = attempt_id, slot

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str], /) -> KeywordSelect:
        return cls(int(match["attempt"]), int(match["slot"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self._add(interaction), "appeal keywords")  # i18n: not shown (log label)

    async def _add(self, interaction: discord.Interaction) -> None:
        guild_id = await require_reviewer(interaction)
        data: Any = interaction.data or {}
        raw = data.get("values") if isinstance(data, dict) else None
        values = [str(v) for v in raw[:MAX_OPTIONS]] if isinstance(raw, list) else []
        positions = sorted({int(v) for v in values if _POSITION.fullmatch(v)})
        if not positions:
            raise RecallError(N_("Pick at least one of the offered words."))

        async def work() -> Reply:
            result = await recall_bot(interaction).services.admin.add_offered_keywords(
                guild_id, self.attempt_id, self.slot, positions, reviewer=interaction.user.id, now=utcnow())
            return Reply(content=added_text(result))

        await send(interaction, work(), ephemeral=True)


def added_text(result: KeywordsAdded) -> str:
    lines = []
    for concept, group in groupby(result.added, key=lambda pair: pair[0]):
        words = ", ".join(f"`{escape(word)}`" for _, word in group)
        lines.append(say("Added {words} to the keywords of *{concept}* in this server's copy of the deck.",
                         words=words, concept=escape(concept)))
    for concept, word, why in result.refused:
        lines.append(say("Not added: `{word}` for *{concept}*: {reason}.", word=escape(word), concept=escape(concept),
                         reason=escape(say_marked(why))))
    return clip("\n".join(lines) or say("Nothing was added."), 2000)


def offer_selects(attempt_id: int, offer: tuple[OfferedKeyword, ...]) -> list[KeywordSelect]:
    """One select per missed concept of the stored offer, in its order (at most four rows)."""
    selects: list[KeywordSelect] = []
    for slot, words in groupby(offer, key=lambda w: w.slot):
        if slot < OFFERED_CONCEPTS:
            select = KeywordSelect(attempt_id, slot, tuple(words))
            select.row = len(selects)
            selects.append(select)
    return selects
