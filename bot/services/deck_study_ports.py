"""The port of per-deck study settings (`bot.services.deck_study`): a server's retention and exam per deck,
and the review states the countdown and the review load are computed from.

Implemented by the SQLite storage (`SqliteDeckStudyStore`). Decks are named by owner (0: built-in) and id, as
`srs_cards` names them; settings rows also name the server they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class DeckStudyRow:
    """One server's settings of one deck; `retention` None means the default (0.90), `exam_day` None no exam."""

    guild_id: int
    deck_guild: int
    deck_id: str
    retention: float | None
    exam_day: int | None  # date ordinal, in the server's time zone
    exam_at_ms: int | None  # the start of the server's study day on that date
    exam_target: float | None


@dataclass(frozen=True, slots=True)
class ExamSetting:
    exam_day: int
    exam_at_ms: int
    target: float
    risk_days: float  # days per unit of stability at which recall falls to the target (at-risk test in SQL)


# A member's review state of one card as forecasts need it, a plain row as SQLite returns it (forecasts
# read up to hundreds of thousands; objects per row would cost more than the arithmetic):
# (user id, deck owner, deck id, card id, stability, last review in UTC ms).
CardMemory = tuple[int, int, str, str, float | None, int | None]


class DeckStudyStore(Protocol):
    async def deck_settings(self, guild_id: int, deck_guild: int, deck_id: str) -> DeckStudyRow | None: ...
    async def settings_of(self, guild_ids: list[int]) -> list[DeckStudyRow]:
        """Every deck setting of these servers (at most one row per server and deck)."""
        ...
    async def set_retention(self, guild_id: int, deck_guild: int, deck_id: str, retention: float | None,
                            now_ms: int) -> None: ...
    async def set_exam(self, guild_id: int, deck_guild: int, deck_id: str, exam: ExamSetting | None,
                       now_ms: int) -> bool:
        """Set (or with None clear) the exam; returns whether there was one before."""
        ...
    async def member_decks(self, user_id: int, guild_id: int | None, limit: int) -> list[tuple[int, str, int]]:
        """(deck owner, deck id, cards with a review state) of the decks the member has reviewed, most cards
        first: in a server, the built-in decks and that server's uploads; in a DM (None), every deck."""
        ...
    async def member_memories(self, user_id: int, decks: list[tuple[int, str]], limit: int) -> list[CardMemory]:
        """The member's review states of these decks, at most `limit` rows (read off the shared connection)."""
        ...
    async def group_memories(self, guild_id: int, deck_guild: int, deck_id: str,
                             limit: int) -> tuple[list[int], list[CardMemory]]:
        """The members who answered the deck in this server (user id order) and their review states of it
        (at most `limit` rows, whole members only; read off the shared connection)."""
        ...
