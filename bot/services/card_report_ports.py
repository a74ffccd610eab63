"""The port of members' card reports (`bot.services.card_reports`), implemented by `bot/storage/card_reports.py`.

Every call names the server whose queue the reports are in; no call reads another server's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.card_reports import ReportReason
from bot.core.errors import RecallError


@dataclass(frozen=True, slots=True)
class NewReport:
    guild_id: int
    deck_guild: int  # the deck's owner: 0 for a built-in deck
    deck_id: str
    card_id: str
    user_id: int
    reason: ReportReason
    note: str | None
    fingerprint: str
    reported_at_ms: int


@dataclass(frozen=True, slots=True)
class SavedReport:
    """What `add` did: stored (new, or replacing the member's open report on that card), or refused."""

    replaced: bool = False
    refused: RecallError | None = None  # shown to the member as is


@dataclass(frozen=True, slots=True)
class OpenReport:
    id: int
    card_id: str
    user_id: int
    reason: ReportReason
    note: str | None
    fingerprint: str
    reported_at_ms: int


class ReportStore(Protocol):
    async def add(self, report: NewReport, *, member_cap: int, server_cap: int) -> SavedReport:
        """Store the report, replacing the member's open report on that card. Refused (nothing written) when
        the member already has `member_cap` open reports in that server, or the server `server_cap`;
        counted in the same transaction."""
        ...

    async def open_reports(self, guild_id: int, deck_guild: int, deck_id: str, limit: int) -> list[OpenReport]:
        """The deck's open reports in that server, newest first, at most `limit`."""
        ...

    async def close(self, guild_id: int, report_ids: list[int], how: str, now_ms: int) -> int:
        """Close those open reports of that server (`how`: changed, removed, dismissed); how many closed."""
        ...

    async def close_card(self, guild_id: int, deck_guild: int, deck_id: str, card_id: str, how: str,
                         now_ms: int) -> int:
        """Close every open report of that server on that card; how many closed."""
        ...
