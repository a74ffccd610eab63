"""What a schedule posts: which cards of a deck are eligible for its kind, and in which form.

Kinds: `flashcard`, `choice` (buttons), `poll` (a choice card as a native Discord poll), `open`,
and `mixed` (every card of the deck, each in its own form; choice cards as buttons, so a mixed
schedule never leaves a poll to close). A `poll` schedule posts a choice card that doesn't fit a
native poll (question over 300 characters, an option over 55) as a button question instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from bot.core.deck import LEVELS, ChoiceCard, Deck, Flashcard, Level, OpenCard
from bot.core.messages import N_
from bot.core.schedule_rule import ScheduleRuleError

ScheduleKind = Literal["flashcard", "choice", "poll", "open", "mixed"]
SCHEDULE_KINDS: tuple[ScheduleKind, ...] = ("flashcard", "choice", "poll", "open", "mixed")
PostForm = Literal["flashcard", "choice", "poll", "open"]
_CARD_KINDS_FOR = {
    "flashcard": ("flashcard",),
    "choice": ("choice",),
    "poll": ("choice",),
    "open": ("open",),
    "mixed": ("flashcard", "choice", "open"),
}


def parse_kind(text: str) -> ScheduleKind:
    cleaned = str(text).strip().lower()
    for kind in SCHEDULE_KINDS:
        if cleaned == kind:
            return kind
    shown = " ".join(str(text).split())[:40]
    raise ScheduleRuleError(N_("Kind `{text}` is not one of: {kinds}."), text=shown, kinds=", ".join(SCHEDULE_KINDS))


def parse_level(text: str | None) -> Level | None:
    """None or empty text means every level."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).strip().lower()
    for level in LEVELS:
        if cleaned == level:
            return level
    shown = " ".join(str(text).split())[:40]
    raise ScheduleRuleError(N_("Level `{text}` is not one of: {levels}."), text=shown, levels=", ".join(LEVELS))


def eligible_card_ids(deck: Deck, kind: ScheduleKind, level: Level | None = None) -> list[str]:
    """The ids of the deck's cards a schedule of this kind (and level, if given) may post, in deck order."""
    kinds = _CARD_KINDS_FOR[kind]
    return [card.id for card in deck.cards if card.kind in kinds and (level is None or card.level == level)]


def post_form(card: Flashcard | ChoiceCard | OpenCard, kind: ScheduleKind) -> PostForm:
    """How one card is posted by a schedule of this kind."""
    if isinstance(card, ChoiceCard):
        return "poll" if kind == "poll" and card.fits_poll else "choice"
    return card.kind


def poll_closes_at(posted_at: datetime, poll_hours: int) -> datetime:
    """When Discord closes a native poll posted at `posted_at` (the bot checks it then)."""
    if posted_at.tzinfo is None:
        raise ValueError("posted_at must be an aware datetime")
    return posted_at + timedelta(hours=poll_hours)
