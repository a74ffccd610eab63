"""The port the suggestion service (bot/services/suggestions.py) stores through, and the rows it exchanges.

Implemented by `bot/storage/suggestions.py` (migration 014). Every read and write names the server asking;
a suggestion's id alone never reaches a row of another server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

SuggestionStatus = Literal["pending", "accepted", "rejected"]
AcceptOutcome = Literal["accepted", "stale", "full"]


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    id: int
    guild_id: int
    deck_guild: int
    deck_id: str
    user_id: int
    kind: str
    form: dict[str, Any]  # {"values": {input: text}, "level": ..., "author_name": ...}
    status: SuggestionStatus
    reason: str | None
    card_id: str | None
    created_at_ms: int

    @property
    def values(self) -> dict[str, str]:
        values = self.form.get("values")
        return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


@dataclass(frozen=True, slots=True)
class OverlayCardRow:
    guild_id: int
    deck_guild: int
    deck_id: str
    card_id: str
    card: dict[str, Any]  # bot.core.card_codec.card_data
    base: str | None
    authored_by: int | None
    author_name: str | None


class SuggestionStore(Protocol):
    async def add_suggestion(self, guild_id: int, deck_guild: int, deck_id: str, user_id: int, kind: str,
                             form: dict[str, Any], now_ms: int, *, max_pending: int) -> SuggestionRow | None:
        """Store a pending suggestion and return it as stored (read in the same transaction); None (nothing
        stored) if the member already has `max_pending` pending in that server (counted in that transaction)."""
        ...

    async def pending_count(self, guild_id: int, user_id: int) -> int: ...

    async def pending(self, guild_id: int, deck_guild: int, deck_id: str, limit: int) -> tuple[list[SuggestionRow], int]:
        """The oldest `limit` pending suggestions of that deck in that server, and how many are pending."""
        ...

    async def suggestion(self, guild_id: int, suggestion_id: int) -> SuggestionRow | None: ...

    async def accept(self, guild_id: int, suggestion_id: int, card: OverlayCardRow, reviewer: int, now_ms: int, *,
                     max_cards: int) -> AcceptOutcome:
        """Mark the suggestion accepted and store its card, in one transaction; "stale" if it is not pending in
        that server any more, "full" if the deck has `max_cards` overlay cards there (nothing changes)."""
        ...

    async def reject(self, guild_id: int, suggestion_id: int, reason: str, reviewer: int,
                     now_ms: int) -> SuggestionRow | None:
        """Mark it rejected and claim the author's DM; the row only for the call that changed it."""
        ...

    async def dm_done(self, suggestion_id: int, sent: bool) -> None: ...

    async def save_card(self, card: OverlayCardRow, editor: int, now_ms: int, *, max_cards: int) -> bool:
        """Store (or replace) a server's overlay card; False if it is new and the deck has `max_cards` there."""
        ...

    async def overlay_cards(self) -> list[OverlayCardRow]:
        """Every server's overlay cards, oldest first (read once at start)."""
        ...

    async def reviewer_role(self, guild_id: int) -> int | None: ...

    async def set_reviewer_role(self, guild_id: int, role_id: int | None) -> None: ...
