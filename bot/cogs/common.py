"""What every feature's cog shares: who is asking, autocomplete, fast-or-deferred replies, text safety."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import discord
from discord import app_commands

from bot.app import clock
from bot.core.deck import LEVELS, AnyCard, Kind, Level
from bot.core.messages import N_
from bot.i18n.voice import in_server_language, say_marked, say_n
from bot.services.api import DrillCard, Learner, Recall, Source
from bot.services.errors import RecallError, UnknownCard

if TYPE_CHECKING:
    from bot.app.client import RecallBot
    from bot.services.catalogue import DeckCatalogue

# Reply at once when the work is quick; past this, defer so Discord's 3 s deadline is always met.
DEFER_AFTER_SECONDS = 1.5
SLUG = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
# A question's buttons end with `:s` when a schedule posted it, so answers are recorded as "scheduled".
# Optional in every template: buttons posted before the flag existed still parse, as a slash drill.
SCHEDULED_FLAG = ":s"
ORIGIN = r"(?P<origin>:s)?"
# A level's name as a member reads it (the deck and the custom_ids keep the English value).
LEVEL_NAMES: dict[str, str] = {"beginner": N_("beginner"), "intermediate": N_("intermediate"),
                               "advanced": N_("advanced")}
Named = Literal["question", "card"]
# A button naming a card that is gone or changed: one whole sentence per kind of thing it named.
CHANGED: dict[Named, str] = {
    "question": N_("This question has changed since it was posted. Try {command} for a fresh one."),
    "card": N_("This card has changed since it was posted. Try {command} for a fresh one."),
}


def origin_suffix(scheduled: bool) -> str:
    return SCHEDULED_FLAG if scheduled else ""


def is_scheduled(match: re.Match[str]) -> bool:
    return match["origin"] == SCHEDULED_FLAG


def source_of(scheduled: bool) -> Source:
    return "scheduled" if scheduled else "drill"


def recall_bot(interaction: discord.Interaction) -> RecallBot:
    return cast("RecallBot", interaction.client)


def learning(interaction: discord.Interaction) -> Recall:
    """The learning service (answers, drills, streaks, stats, settings) of the bot this interaction reached."""
    return recall_bot(interaction).services.recall


def catalogue(interaction: discord.Interaction) -> DeckCatalogue:
    """The deck catalogue: the decks each place sees, and the card a button names."""
    return recall_bot(interaction).services.catalogue


def learner_of(interaction: discord.Interaction) -> Learner:
    return Learner(user_id=interaction.user.id, guild_id=interaction.guild_id)


def utcnow() -> datetime:
    """The bot's clock (`bot.app.clock`): the system clock, or the test clock in test mode."""
    return clock.utcnow()


def check_level(level: str | None) -> Level | None:
    if level is None or level == "":
        return None
    if level not in LEVELS:
        raise RecallError(N_("Level must be one of {levels}."), levels=", ".join(LEVELS))
    return cast(Level, level)


def check_deck(interaction: discord.Interaction, deck: str | None) -> str | None:
    """Accept a deck id, or a title typed by hand (case-insensitive)."""
    if not deck:
        return None
    decks = catalogue(interaction).decks(interaction.guild_id)
    for summary in decks:
        if deck == summary.id or deck.casefold() == summary.title.casefold():
            return summary.id
    raise RecallError(N_("I don't know that deck. Pick one from the list, or see /decks."))


CardT = TypeVar("CardT", bound=AnyCard)


async def load_card(
    interaction: discord.Interaction, deck_id: str, card_id: str, kind: type[CardT], command: str, what: Named = "question",
    *, owner: int | None = None,
) -> CardT:
    """The card a button names, if the member may see it here (`owner`: the deck's owner, when the button
    carries one) and it is still of that kind (a deck may have changed since the post)."""
    found = await catalogue(interaction).find_card(learner_of(interaction), deck_id, card_id, deck_guild=owner)
    card = found.card
    if not isinstance(card, kind):
        raise UnknownCard(CHANGED[what], command=command)
    return card


async def draw_card(
    interaction: discord.Interaction, deck: str | None, level: str | None, kind: Kind
) -> DrillCard:
    """The next card of one kind for the member who asked (/flashcard, /quiz, /explain)."""
    return await learning(interaction).next_card(
        learner_of(interaction), now=utcnow(), rng=recall_bot(interaction).rng,
        deck_id=check_deck(interaction, deck), level=check_level(level), kind=kind,
    )


async def deck_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    needle = current.casefold().strip()
    choices = []
    for summary in catalogue(interaction).decks(interaction.guild_id):
        if needle in summary.id or needle in summary.title.casefold():
            name = say_n("{deck} ({count} card)", "{deck} ({count} cards)", summary.total, deck=summary.title)
            choices.append(app_commands.Choice(name=name[:100], value=summary.id))
    return choices[:25]


async def level_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    needle = current.casefold().strip()
    choices = [(level, level_name(level)) for level in LEVELS]
    return [app_commands.Choice(name=name, value=level) for level, name in choices
            if needle in level or needle in name.casefold()]


def level_name(level: str) -> str:
    """A card's level in the reader's language (an unknown value is shown as written)."""
    return say_marked(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level


def escape(text: str) -> str:
    """Member-written text shown publicly: no markdown tricks, no mention syntax."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stateless_view(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A message's buttons, every one a `DynamicItem` answered by its custom_id, never by this object.

    The view is stopped before it is sent. discord.py keeps every view it sends that isn't finished,
    and gives an ephemeral one a 15-minute timeout task. For us that was pure waste: under load,
    15 minutes of grade replies held in memory.
    """
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


@dataclass
class Reply:
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    file: discord.File | None = None  # an attachment (new messages only: edits keep what is attached)
    files: list[discord.File] = field(default_factory=list)  # more of them (a card's picture, sound, formulas)
    replace_files: bool = False  # an edit replaces the message's attachments with these files (none: removed)

    def kwargs(self, *, editing: bool = False) -> dict[str, Any]:
        """Arguments for send/edit; an edit clears what the reply doesn't give."""
        values: dict[str, Any] = {}
        attached = ([self.file] if self.file is not None else []) + self.files
        if len(attached) == 1 and not editing:
            values["file"] = attached[0]
        elif attached and not editing:
            values["files"] = attached
        if editing and self.replace_files:
            values["attachments"] = attached
        if self.content is not None or editing:
            values["content"] = self.content
        if self.embed is not None:
            values["embed"] = self.embed
        elif editing:
            values["embed"] = None
        if self.view is not None or editing:
            values["view"] = self.view
        return values


async def send(interaction: discord.Interaction, work: Awaitable[Reply], *, ephemeral: bool) -> None:
    """Answer with a new message; defers first when `work` is slow. A public message is written in the
    server's language, a private one in the member's (`bot.i18n.voice`)."""
    with contextlib.nullcontext() if ephemeral else in_server_language():
        task = asyncio.ensure_future(work)  # the task keeps the language it was started in
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER_SECONDS)
    if not done:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        reply = await task
        await interaction.followup.send(ephemeral=ephemeral, **reply.kwargs())
        return
    reply = task.result()
    await interaction.response.send_message(ephemeral=ephemeral, **reply.kwargs())


async def edit(interaction: discord.Interaction, work: Awaitable[Reply]) -> None:
    """Answer a click by replacing the clicked message; defers first when `work` is slow."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER_SECONDS)
    if not done:
        await interaction.response.defer()
        reply = await task
        await interaction.edit_original_response(**reply.kwargs(editing=True))
        return
    await interaction.response.edit_message(**task.result().kwargs(editing=True))


async def ready(reply: Reply) -> Reply:
    return reply
