"""Members' reports of a problem with a card: the reasons, the limits, and the card's fingerprint.

A report is about the card as it was shown. Its fingerprint is a hash of the card's content (every field a
member sees or is graded on), so a report closes by itself when the card is fixed, however it is fixed (a
re-upload, an edit in the server's overlay) and without either of those knowing reports exist: the queue
keeps only the reports whose fingerprint is still the card's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any, Literal

from bot.core.deck import AnyCard
from bot.core.messages import N_

ReportReason = Literal["wrong", "unclear", "typo", "other"]
REASONS: dict[ReportReason, str] = {  # reason -> how members and reviewers read it
    "wrong": N_("Wrong answer"),
    "unclear": N_("Unclear"),
    "typo": N_("Typo"),
    "other": N_("Other"),
}
MAX_NOTE_CHARS = 200  # the short text of an "Other" report
MAX_OPEN_REPORTS_PER_MEMBER = 30  # per server: one member can't fill a queue
MAX_OPEN_REPORTS_PER_SERVER = 2_000  # per server, all decks: bounds a queue's storage and its reading
QUEUE_CARDS_SHOWN = 10  # reported cards listed in one queue message (the most reported first)
QUEUE_NOTES_SHOWN = 3  # newest notes shown per card


def card_fingerprint(card: AnyCard) -> str:
    """A short hash of the card's content; any change a member could notice changes it."""
    fields = dataclasses.asdict(card)
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _plain(value: Any) -> Any:
    return str(value)


def clean_note(text: str | None) -> str | None:
    """A member's note as stored: spaces collapsed, at most `MAX_NOTE_CHARS`; None when empty."""
    if text is None:
        return None
    collapsed = " ".join(str(text).split())
    return collapsed[:MAX_NOTE_CHARS] or None


@dataclasses.dataclass(frozen=True, slots=True)
class ReportedCard:
    """One card's open reports, as a reviewer sees them."""

    card_id: str
    title: str  # the card's question or front
    members: int  # members with an open report on it
    by_reason: dict[str, int]  # reason -> count
    notes: tuple[str, ...]  # newest first, at most QUEUE_NOTES_SHOWN


def most_reported_first(cards: list[ReportedCard]) -> list[ReportedCard]:
    """The queue's order: most members first, then card id (stable, so two reviewers see the same list)."""
    return sorted(cards, key=lambda card: (-card.members, card.card_id))
