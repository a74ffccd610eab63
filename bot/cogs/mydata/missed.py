"""`/mydata export what:missed`: the cards a member got wrong in the last 30 days, as an Anki package.

The cards come from the learning service, scoped like every lookup (the decks the member can see where
they ask); the package is written by a short-lived child process (`bot.content.anki_package`), so genanki
and PyYAML never load into the bot, and at most `BUILDS_AT_ONCE` children run at a time.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import discord

from bot.cogs.common import Reply
from bot.content.anki_notes import PackagePlan, add_deck
from bot.content.anki_package import PackageBuildFailed, build_package_isolated
from bot.i18n.voice import say, say_n
from bot.services.api import BUILT_IN, DeckRef, Learner, MissedCards, Recall
from bot.services.member_data import MAX_MISSED_CARDS, MISSED_DAYS

BUILDS_AT_ONCE = 2
MISSED_DECK_PARENT = "Recall missed cards"  # i18n: not shown (the Anki deck's name: the same in every language, so a newer package updates it)
_builds = asyncio.Semaphore(BUILDS_AT_ONCE)

MediaFolders = Callable[[DeckRef], Path | None]  # a deck's media folder (built-in decks only)


def plan_for(missed: MissedCards, media_folder: MediaFolders) -> PackagePlan:
    """One Anki deck per Recall deck, under "Recall missed cards::<deck title>" (ids of their own, so the
    notes, whose GUIDs are those of `content export`, may already sit in a deck of the whole export)."""
    plan = PackagePlan()
    for item in missed.decks:
        add_deck(plan, item.deck, owner=item.ref.owner, name=f"{MISSED_DECK_PARENT}::{item.deck.title}",
                 cards=item.cards, media_folder=media_folder(item.ref), deck_id_salt="missed")
    return plan


async def missed_reply(recall: Recall, learner: Learner, *, now: datetime, max_bytes: int,
                       media_folder: MediaFolders) -> Reply:
    missed = await recall.missed_cards(learner, now=now)
    if not missed.decks:
        if learner.guild_id is not None:
            nothing = say_n("You got no card wrong in the last {count} day in this server's decks: there is "
                            "nothing to export.",
                            "You got no card wrong in the last {count} days in this server's decks: there is "
                            "nothing to export.", MISSED_DAYS)
        else:
            nothing = say_n("You got no card wrong in the last {count} day in the decks you can see here: there is "
                            "nothing to export.",
                            "You got no card wrong in the last {count} days in the decks you can see here: there "
                            "is nothing to export.", MISSED_DAYS)
        return Reply(content=nothing + " " + say("(`/mydata export` without `what` gives all your data.)"))
    plan = await asyncio.to_thread(plan_for, missed, media_folder)
    had_media = bool(plan.media)
    try:
        async with _builds:
            data = await build_package_isolated(plan, max_bytes=max_bytes, timestamp=now.timestamp())
            if data is None and plan.media:
                plan.media.clear()  # the pictures and sounds made it too large: the cards' text alone
                data = await build_package_isolated(plan, max_bytes=max_bytes, timestamp=now.timestamp())
    except PackageBuildFailed as error:
        raise RuntimeError(f"/mydata export what:missed: {error}") from error
    if data is None:
        return Reply(content=say("Your missed cards make a package larger than Discord lets me attach "
                                 "({megabytes} MB). Study a few of them and ask again.",
                                 megabytes=round(max_bytes / 1048576)))
    lines = [say_n("Here is the card you got wrong in the last {days} days, from {count} deck, as an Anki package: "
                   "open it with Anki (File > Import).",
                   "Here is the card you got wrong in the last {days} days, from {count} decks, as an Anki package: "
                   "open it with Anki (File > Import).", len(missed.decks), days=MISSED_DAYS)
             if missed.card_count == 1 else
             say_n("Here are the {cards} cards you got wrong in the last {days} days, from {count} deck, as an Anki "
                   "package: open it with Anki (File > Import).",
                   "Here are the {cards} cards you got wrong in the last {days} days, from {count} decks, as an Anki "
                   "package: open it with Anki (File > Import).", len(missed.decks), cards=missed.card_count,
                   days=MISSED_DAYS),
             say("Importing a newer one later updates these notes instead of adding copies.")]
    if missed.more:
        lines.append(say("These are the {count} you missed most recently; there are more.", count=MAX_MISSED_CARDS))
    if had_media and not plan.media:
        lines.append(say("Their pictures and sounds were left out to fit Discord's size limit."))
    text = " ".join(lines)
    filename = f"recall-missed-{now:%Y-%m-%d}.apkg"
    return Reply(content=text, file=discord.File(io.BytesIO(data), filename=filename))


def builtin_media(folders: Mapping[str, Path], content_dir: Path) -> MediaFolders:
    """A built-in deck's media folder: the one the loader found for it (`folders`, as the bot sends card
    pictures from), else `content/<deck id>.media/` if there is one. Uploaded decks have none."""

    def folder(ref: DeckRef) -> Path | None:
        if ref.owner != BUILT_IN:
            return None
        candidate = folders.get(ref.deck_id) or content_dir / f"{ref.deck_id}.media"
        return candidate if candidate.is_dir() else None

    return folder
