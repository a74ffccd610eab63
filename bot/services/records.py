"""The rows the services and storage exchange: what an attempt is, what a read returns.

They belong to the services (storage fills them in and imports them from here), so a service can be
read, typed and tested without loading a database driver. Scheduled posts' rows are in
`bot.services.schedule_records`. Times are integer milliseconds (UTC) where a field ends in `_ms`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.errors import RecallError
from bot.core.streaks import StreakState


# --- answers ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NewAttempt:
    user_id: int
    guild_id: int | None
    deck_id: str
    card_id: str
    kind: str
    level: str
    source: str
    question_key: str | None
    choice: int | None
    answer_text: str | None
    rating: int | None
    correct: bool
    concepts_hit: int | None
    concepts_total: int | None
    points: int
    answered_at: datetime
    srs_rating: int
    srs_seed: int | None  # None: no interval fuzz
    concepts: tuple[tuple[str, bool], ...] = ()
    deck_guild: int = 0  # the deck's owner: 0 for a built-in deck, else the server that uploaded it


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    attempt_id: int
    duplicate: bool
    correct: bool
    points: int
    choice: int | None
    rating: int | None
    concepts_hit: int | None
    concepts_total: int | None
    self_credited: bool
    streak: StreakState | None
    timezone: str
    day_start_hour: int
    next_review: datetime | None
    points_total: int = 0  # the member's all-time points in this server, after this attempt
    answers_total: int = 0  # the member's answers in this server, this one included (0 for a duplicate)


@dataclass(frozen=True, slots=True)
class AppealResult:
    attempt_id: int
    already_credited: bool
    points: int
    guild_id: int | None


# --- reads -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StreakRow:
    current: int
    longest: int
    freezes: int
    last_day: date | None
    alive_until_ms: int


@dataclass(frozen=True, slots=True)
class ScoreRow:
    user_id: int
    points: int
    attempts: int
    correct: int
    streak: int = 0


@dataclass(frozen=True, slots=True)
class DueRow:
    deck_id: str
    card_id: str
    due_ms: int
    deck_guild: int = 0  # the deck's owner: 0 for a built-in deck, else the server that uploaded it


@dataclass(frozen=True, slots=True)
class TallyRow:
    deck_id: str
    level: str
    attempts: int
    correct: int
    deck_guild: int = 0


@dataclass(frozen=True, slots=True)
class ConceptRow:
    deck_guild: int
    deck_id: str
    card_id: str
    concept: str
    missed: int
    seen: int


# --- a member's data as a whole --------------------------------------------------------------------
# The attempt columns an export has, in order (a member's own export adds `answer_text`).
ATTEMPT_COLUMNS = (
    "id", "user_id", "guild_id", "deck_guild", "deck_id", "card_id", "kind", "level", "source", "correct", "points",
    "self_credited", "choice", "rating", "concepts_hit", "concepts_total", "study_day", "answered_at",
)


@dataclass(frozen=True, slots=True)
class Deletion:
    """Rows removed per table (tables with none left out), and actor columns cleared."""

    removed: dict[str, int]
    cleared: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.removed.values())


# --- servers' decks and appeals --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoredDeck:
    deck_id: str
    guild_id: int
    source_text: str


# deck id -> bytes of text of a server's current uploads  ->  why the upload can't be stored, or None
QuotaRule = Callable[[Mapping[str, int]], "str | None"]


@dataclass(frozen=True, slots=True)
class MediaHead:
    """A stored media file as an upload's check sees it: its size and first bytes (its format's magic)."""
    size: int
    head: bytes


@dataclass(frozen=True, slots=True)
class DeckMedia:
    """The media files an uploaded deck names, stored with it: `files` are those its package brought
    (the rest must already be the server's); `admit` refuses the server's media total as it would be."""
    names: frozenset[str]
    files: Mapping[str, bytes]
    admit: Callable[[int], str | None]


@dataclass(frozen=True, slots=True)
class SavedDeck:
    """What storing an upload did: refused (with the quota's message) and nothing written, or stored."""
    replaced: bool
    refused: RecallError | None = None


@dataclass(frozen=True, slots=True)
class StoredDeckRef:
    """A server's upload without its text (texts are read a chunk at a time)."""

    guild_id: int
    deck_id: str
    size: int  # bytes of its text


@dataclass(frozen=True, slots=True)
class AppealRow:
    attempt_id: int
    user_id: int
    deck_id: str
    card_id: str
    answer_text: str | None
    concepts_hit: int | None
    concepts_total: int | None
    points: int
    answered_at_ms: int
    deck_guild: int = 0  # the deck's owner: 0 for a built-in deck, else the server (the attempt's own)


# --- a server's overlay on its decks (bot/services/overlay.py) -----------------------------------------
@dataclass(frozen=True, slots=True)
class OverlayCardKey:
    """One card of one deck as one server sees it: the overlay's rows are keyed by this."""

    guild_id: int  # the server whose copy of the deck it is
    deck_guild: int  # the deck's owner: 0 for a built-in deck, else guild_id itself
    deck_id: str
    card_id: str


@dataclass(frozen=True, slots=True)
class OverlayMisconceptionRow:
    triggers: tuple[str, ...]
    correction: str
    contradicts: str | None


@dataclass(frozen=True, slots=True)
class CardOverlay:
    """What a server added to one card: keywords as (concept name, keyword), oldest first, and misconceptions."""

    keywords: tuple[tuple[str, str], ...] = ()
    misconceptions: tuple[OverlayMisconceptionRow, ...] = ()


@dataclass(frozen=True, slots=True)
class OfferedKeyword:
    """One word an accepted appeal offered for one missed concept (`slot`: the concept's place in the offer)."""

    slot: int
    position: int
    concept: str
    keyword: str


@dataclass(frozen=True, slots=True)
class KeywordOffer:
    """An accepted appeal's offer, with the card the answer was given to (read only in the asking server)."""

    attempt_id: int
    deck_guild: int
    deck_id: str
    card_id: str
    words: tuple[OfferedKeyword, ...]
