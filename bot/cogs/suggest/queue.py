"""`/deck queue deck` (alias `/deck appeals`): one moderation queue per deck, for reviewers.

The queue is a list of SECTIONS, each a small async function `(interaction, guild_id, deck_id) ->
QueueSection`: its name, how many items are pending, and its own message (its buttons must fit one message:
at most 5 rows). The reply is a head line with the counts per section, then one private message per
section with items. Today: "appeals" (`appeals_section`, the appeal reviews of bot/cogs/admin/views.py) and
"suggestions" (`suggestions_section`). To add a section (e.g. "reports"), write such a function and call
`add_section(reports_section)` when its extension loads; `EditCardButton(deck, card)`
(bot/cogs/suggest/views.py) is the button that opens any card's edit form for the server's overlay.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.admin.reviewers import require_reviewer
from bot.cogs.admin.views import appeals_reply
from bot.cogs.common import Reply, clip, escape, plural, recall_bot, stateless_view
from bot.cogs.suggest.views import SuggestionButton
from bot.core.deck import ChoiceCard, DeckCard, Flashcard, OpenCard
from bot.services.errors import RecallError
from bot.services.suggestions import QueueItem

if TYPE_CHECKING:
    from bot.app.client import RecallBot


@dataclass(frozen=True, slots=True)
class QueueSection:
    name: str  # plural noun for the counts line, e.g. "suggestions"
    count: int
    reply: Reply | None  # the section's own message; None when it has nothing pending


QueueSectionBuilder = Callable[[discord.Interaction, int, str], Awaitable[QueueSection]]


async def appeals_section(interaction: discord.Interaction, guild_id: int, deck_id: str) -> QueueSection:
    items = await recall_bot(interaction).services.admin.appeals(guild_id, deck_id)
    return QueueSection("appeals", len(items), appeals_reply(deck_id, items) if items else None)


def _card_text(card: DeckCard | None, item: QueueItem) -> str:
    if isinstance(card, Flashcard):
        return f"Front: {escape(clip(card.front, 200))}\nBack: {escape(clip(card.back, 200))}"
    if isinstance(card, ChoiceCard):
        options = " · ".join(("✅ " if o.correct else "") + escape(clip(o.text, 60)) for o in card.options)
        return f"Q: {escape(clip(card.question, 200))}\n{options}\nWhy: {escape(clip(card.explanation, 120))}"
    if isinstance(card, OpenCard):
        concepts = "; ".join(f"{escape(c.name)} ({escape(', '.join(c.keywords[:4]))})" for c in item.derived[:8])
        return (f"Prompt: {escape(clip(card.prompt, 200))}\nModel answer: {escape(clip(card.model_answer or '', 200))}"
                f"\nConcepts (from the model answer; adjust with Edit): {clip(concepts, 400) or 'none found'}")
    values = item.row.values
    shown = " / ".join(escape(clip(v, 100)) for v in values.values() if v)
    return f"{shown}\n⚠️ {escape(clip('; '.join(item.problems), 300))}"


async def suggestions_section(interaction: discord.Interaction, guild_id: int, deck_id: str) -> QueueSection:
    queue = await recall_bot(interaction).services.suggestions.queue(guild_id, deck_id)
    if not queue.items:
        return QueueSection("suggestions", queue.pending, None)
    budget = (1900 - 100) // len(queue.items)
    lines, buttons = [], []
    for row, item in enumerate(queue.items):
        lines.append(clip(f"**#{item.row.id}** {item.row.kind} by <@{item.row.user_id}>\n{_card_text(item.card, item)}",
                          budget))
        for verb in ("accept", "edit", "reject"):
            button: Any = SuggestionButton(verb, item.row.id)
            button.row = row
            buttons.append(button)
    more = f"\n…and {queue.pending - len(queue.items)} more after these." if queue.pending > len(queue.items) else ""
    head = f"Suggested cards for `{escape(deck_id)}`:"
    return QueueSection("suggestions", queue.pending,
                        Reply(content=clip("\n\n".join([head, *lines]) + more, 2000), view=stateless_view(*buttons)))


SECTIONS: list[QueueSectionBuilder] = [appeals_section, suggestions_section]


def add_section(builder: QueueSectionBuilder) -> None:
    if builder not in SECTIONS:
        SECTIONS.append(builder)


async def queue_command(bot: RecallBot, interaction: discord.Interaction, deck: str) -> None:
    """The queue of one deck: counts per section, then each section with items as its own private message."""
    guild_id = await require_reviewer(interaction)
    if bot.services.catalogue.resolve(guild_id, deck) is None:
        raise RecallError("I don't know that deck in this server. Pick one from the list, or see /decks.")
    await interaction.response.defer(ephemeral=True, thinking=True)
    sections = [await build(interaction, guild_id, deck) for build in SECTIONS]
    if not any(s.count for s in sections):
        names = [s.name for s in sections]
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        await interaction.followup.send(f"No open {listed} on `{escape(deck)}`.", ephemeral=True)
        return
    counts = " · ".join(plural(s.count, s.name.removesuffix("s")) for s in sections)
    await interaction.followup.send(f"Queue of `{escape(deck)}`: {counts}.", ephemeral=True)
    for section in sections:
        if section.reply is not None:
            await interaction.followup.send(ephemeral=True, **section.reply.kwargs())
