"""`/deck queue deck` (alias `/deck appeals`): one moderation queue per deck, for reviewers.

The queue is a list of SECTIONS, each a small async function `(interaction, guild_id, deck_id) ->
QueueSection`: its name, how many items are pending (and that count in words, in the reader's language), and
its own message (its buttons must fit one message: at most 5 rows). The reply is a head line with the counts per section, then one private message per
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
from bot.cogs.common import Reply, clip, escape, recall_bot, stateless_view
from bot.cogs.suggest.views import SuggestionButton
from bot.core.deck import ChoiceCard, DeckCard, Flashcard, OpenCard
from bot.core.messages import N_
from bot.i18n.voice import say, say_marked, say_n
from bot.services.errors import RecallError
from bot.services.suggestions import QueueItem

if TYPE_CHECKING:
    from bot.app.client import RecallBot


@dataclass(frozen=True, slots=True)
class QueueSection:
    name: str  # the section's key, a plural noun: "appeals", "suggestions", "reports"
    count: int
    counted: str  # the count in words for the counts line ("3 reports"), in the reader's language
    reply: Reply | None  # the section's own message; None when it has nothing pending


# When no section has anything open: one whole sentence per set of sections (a section added elsewhere
# falls back to the general one).
NOTHING_OPEN = {
    ("appeals", "suggestions", "reports"): N_("No open appeals, suggestions or reports on `{deck}`."),
    ("appeals", "suggestions"): N_("No open appeals or suggestions on `{deck}`."),
}
NOTHING_OPEN_ANYWHERE = N_("Nothing is open in the queue of `{deck}`.")
# A suggestion's head line by the kind of card it suggests.
SUGGESTED = {"flashcard": N_("**#{id}** flashcard by <@{user}>"), "choice": N_("**#{id}** choice by <@{user}>"),
             "open": N_("**#{id}** open by <@{user}>")}
SUGGESTED_CARD = N_("**#{id}** card by <@{user}>")


QueueSectionBuilder = Callable[[discord.Interaction, int, str], Awaitable[QueueSection]]


async def appeals_section(interaction: discord.Interaction, guild_id: int, deck_id: str) -> QueueSection:
    items = await recall_bot(interaction).services.admin.appeals(guild_id, deck_id)
    return QueueSection("appeals", len(items), say_n("{count} appeal", "{count} appeals", len(items)),
                        appeals_reply(deck_id, items) if items else None)


def _card_text(card: DeckCard | None, item: QueueItem) -> str:
    if isinstance(card, Flashcard):
        return "\n".join([say("Front: {text}", text=escape(clip(card.front, 200))),
                          say("Back: {text}", text=escape(clip(card.back, 200)))])
    if isinstance(card, ChoiceCard):
        options = " · ".join(("✅ " if o.correct else "") + escape(clip(o.text, 60)) for o in card.options)
        return "\n".join([say("Q: {text}", text=escape(clip(card.question, 200))), options,
                          say("Why: {text}", text=escape(clip(card.explanation, 120)))])
    if isinstance(card, OpenCard):
        concepts = "; ".join(f"{escape(c.name)} ({escape(', '.join(c.keywords[:4]))})" for c in item.derived[:8])
        return "\n".join([say("Prompt: {text}", text=escape(clip(card.prompt, 200))),
                          say("Model answer: {text}", text=escape(clip(card.model_answer or '', 200))),
                          say("Concepts (from the model answer; adjust with Edit): {concepts}",
                              concepts=clip(concepts, 400) or say("none found"))])
    values = item.row.values
    shown = " / ".join(escape(clip(v, 100)) for v in values.values() if v)
    problems = "; ".join(say_marked(problem) for problem in item.problems)
    return f"{shown}\n⚠️ {escape(clip(problems, 300))}"


async def suggestions_section(interaction: discord.Interaction, guild_id: int, deck_id: str) -> QueueSection:
    queue = await recall_bot(interaction).services.suggestions.queue(guild_id, deck_id)
    counted = say_n("{count} suggestion", "{count} suggestions", queue.pending)
    if not queue.items:
        return QueueSection("suggestions", queue.pending, counted, None)
    budget = (1900 - 100) // len(queue.items)
    lines, buttons = [], []
    for row, item in enumerate(queue.items):
        head = say_marked(SUGGESTED.get(item.row.kind, SUGGESTED_CARD), id=str(item.row.id), user=str(item.row.user_id))
        lines.append(clip(f"{head}\n{_card_text(item.card, item)}", budget))
        for verb in ("accept", "edit", "reject"):
            button: Any = SuggestionButton(verb, item.row.id)
            button.row = row
            buttons.append(button)
    more = "\n" + say_n("…and {count} more after these.", "…and {count} more after these.",
                         queue.pending - len(queue.items)) if queue.pending > len(queue.items) else ""
    head = say("Suggested cards for `{deck}`:", deck=escape(deck_id))
    return QueueSection("suggestions", queue.pending, counted,
                        Reply(content=clip("\n\n".join([head, *lines]) + more, 2000), view=stateless_view(*buttons)))


SECTIONS: list[QueueSectionBuilder] = [appeals_section, suggestions_section]


def add_section(builder: QueueSectionBuilder) -> None:
    if builder not in SECTIONS:
        SECTIONS.append(builder)


async def queue_command(bot: RecallBot, interaction: discord.Interaction, deck: str) -> None:
    """The queue of one deck: counts per section, then each section with items as its own private message."""
    guild_id = await require_reviewer(interaction)
    if bot.services.catalogue.resolve(guild_id, deck) is None:
        raise RecallError(N_("I don't know that deck in this server. Pick one from the list, or see /decks."))
    await interaction.response.defer(ephemeral=True, thinking=True)
    sections = [await build(interaction, guild_id, deck) for build in SECTIONS]
    if not any(s.count for s in sections):
        nothing = NOTHING_OPEN.get(tuple(s.name for s in sections), NOTHING_OPEN_ANYWHERE)
        await interaction.followup.send(say_marked(nothing, deck=escape(deck)), ephemeral=True)
        return
    counts = " · ".join(s.counted for s in sections)
    await interaction.followup.send(say("Queue of `{deck}`: {counts}.", deck=escape(deck), counts=counts), ephemeral=True)
    for section in sections:
        if section.reply is not None:
            await interaction.followup.send(ephemeral=True, **section.reply.kwargs())
