"""What the services need from storage and from the chat front end, as typed ports (`typing.Protocol`).

Storage implements the storage ports (the SQLite backend today; another backend would implement the
same ones) and the composition root (`bot.app.wiring`) hands the implementations to the services, so
nothing under `bot/services` imports storage. Writes return only after their transaction committed.
The ports of the server features (admin, polls, schedules, stored deck checks) are in
`bot.services.server_ports`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from bot.services.records import (
    AppealResult,
    ConceptRow,
    Deletion,
    DueRow,
    NewAttempt,
    ScoreRow,
    StoredAttempt,
    StreakRow,
    TallyRow,
)


class StudyPlaces(Protocol):
    """Where a member studies: the servers whose uploads a DM of theirs may name."""

    async def studies_in(self, user_id: int, guild_id: int) -> bool: ...


class Store(StudyPlaces, Protocol):
    """The learning service's reads and writes (answers, drills, streaks, boards, settings)."""

    # writes
    async def record_attempt(self, attempt: NewAttempt) -> StoredAttempt: ...
    async def appeal(self, user_id: int, attempt_id: int, credited_points: int, guild_id: int | None,
                     now: datetime) -> AppealResult: ...
    async def mark_served(self, user_id: int, scope: str, deck_guild: int, deck_id: str, card_id: str,
                          served_at: datetime, new_round: bool) -> None: ...
    async def set_member_timezone(self, user_id: int, timezone: str | None) -> None: ...
    async def set_guild_settings(self, guild_id: int, timezone: str, day_start_hour: int) -> None: ...
    async def set_opt_out(self, user_id: int, opted_out: bool) -> None: ...

    # reads
    async def guild_settings(self, guild_id: int) -> tuple[str, int]: ...
    async def member(self, user_id: int) -> tuple[str | None, bool]: ...
    async def streak(self, guild_id: int, user_id: int) -> StreakRow | None: ...
    async def freeze_days(self, guild_id: int, user_id: int, since: date) -> list[date]: ...
    async def points_total(self, guild_id: int, user_id: int) -> int: ...
    async def top_points(self, guild_id: int, period: str, starts: int, limit: int) -> list[ScoreRow]: ...
    async def top_accuracy(self, guild_id: int, period: str, starts: int, min_attempts: int,
                           limit: int) -> list[ScoreRow]: ...
    async def top_streaks(self, guild_id: int, now_ms: int, limit: int) -> list[ScoreRow]: ...
    async def due(self, user_id: int, now_ms: int, limit: int, *, guild_id: int | None = None,
                  offset: int = 0) -> list[DueRow]: ...
    async def tallies(self, user_id: int, guild_id: int | None) -> list[TallyRow]: ...
    async def weakest_concepts(self, user_id: int, limit: int, guild_id: int | None = None) -> list[ConceptRow]: ...
    async def study_days(self, user_id: int, guild_id: int | None, since: date) -> list[date]: ...
    async def served(self, user_id: int, scope: str) -> list[tuple[int, str, str, int]]: ...


class MemberDataStore(Protocol):
    """A member's data as a whole: calendar counts, exports, and deleting everything about them."""

    async def attempts_per_study_day(self, user_id: int, guild_id: int, since: date) -> dict[date, int]: ...
    async def answer_times(self, user_id: int, since_ms: int) -> list[int]: ...
    async def best_streaks(self, user_id: int, now_ms: int) -> tuple[int, int]: ...
    async def export_attempts(self, guild_id: int | None, user_id: int | None,
                              with_answers: bool) -> list[dict[str, Any]]: ...
    async def export_streaks(self, guild_id: int | None, user_id: int | None) -> list[dict[str, Any]]: ...
    async def member_rows(self, user_id: int, skip: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]: ...
    async def delete_member(self, user_id: int) -> Deletion: ...


# --- the Discord side of scheduled posts and polls (implemented by the adapter) ----------------------
class ChannelGone(Exception):
    """The channel was deleted, or the bot can no longer see it or post in it: don't retry."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Publisher(Protocol):
    """Sends what the scheduler decided. Methods raise `ChannelGone` for a deleted or forbidden channel;
    any other exception is a transient failure (the post is tried again later)."""

    async def send_post(self, post: object) -> int:
        """Post a `bot.services.scheduling.OutgoingPost` (carrying its marker); returns the message id."""
        ...

    async def find_post(self, channel_id: int, marker: str) -> int | None:
        """The id of the bot's own recent message in the channel that carries `marker`, if any."""
        ...

    async def notify_admins(self, guild_id: int, text: str) -> bool:
        """Tell a server's admins (its system channel); False if there is nowhere to say it."""
        ...

    async def end_poll(self, channel_id: int, message_id: int) -> None: ...

    async def poll_voters(self, channel_id: int, message_id: int) -> dict[int, set[int]]:
        """The final voters of each answer (answer id -> user ids), read from the API."""
        ...

    async def reply(self, channel_id: int, message_id: int, text: str) -> int:
        """Reply to a message (no pings); returns the reply's id."""
        ...

    async def find_reply(self, channel_id: int, message_id: int) -> int | None:
        """The bot's own recent reply to `message_id`, if there is one."""
        ...

    async def send_dm(self, user_id: int, text: str) -> bool: ...
