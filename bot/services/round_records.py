"""The rows live rounds exchange with storage (`bot.services.round_ports.RoundStore`). Times in UTC ms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.services.records import StoredAttempt

RoundState = Literal["joining", "running", "finished", "stopped"]
ACTIVE_STATES: tuple[RoundState, ...] = ("joining", "running")


@dataclass(frozen=True, slots=True)
class NewQuestion:
    card_id: str
    kind: str  # flashcard, choice or open
    option_order: tuple[int, ...] = ()  # choice: the deck's option indexes in the order shown


@dataclass(frozen=True, slots=True)
class NewRound:
    guild_id: int
    channel_id: int
    started_by: int
    deck_guild: int
    deck_id: str
    kind: str
    level: str | None
    seconds: int
    teams: int
    created_at_ms: int
    join_ends_at_ms: int | None
    questions: tuple[NewQuestion, ...]


@dataclass(frozen=True, slots=True)
class RoundRow:
    id: int
    guild_id: int
    channel_id: int
    started_by: int | None
    deck_guild: int
    deck_id: str
    kind: str
    level: str | None
    seconds: int
    teams: int
    state: RoundState
    current: int
    created_at_ms: int
    join_ends_at_ms: int | None
    join_message_id: int | None
    ended_at_ms: int | None
    final_claimed: bool
    final_message_id: int | None
    question_count: int

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES


@dataclass(frozen=True, slots=True)
class QuestionRow:
    round_id: int
    position: int
    card_id: str
    kind: str
    option_order: tuple[int, ...]
    opens_at_ms: int | None
    deadline_ms: int | None
    message_id: int | None
    closed_at_ms: int | None
    close_shown: bool


@dataclass(frozen=True, slots=True)
class RoundAnswerRow:
    position: int
    user_id: int
    correct: bool
    points: int
    answered_at_ms: int


@dataclass(frozen=True, slots=True)
class RecordedAnswer:
    """What storing a round answer did: `refused` (the question is closed or not the current one: nothing
    written), else the attempt (a duplicate when the member had already answered), the round points
    kept for this member and question, and how many members have answered it now."""

    refused: bool
    stored: StoredAttempt | None = None
    points: int = 0
    correct: bool = False
    answered: frozenset[int] = frozenset()
