"""Use cases the adapters call (Discord cogs, the terminal). See `bot.services.api` for the contract.

    services = await open_services("sqlite:///data/recall.db", decks)   # migrations applied here
    try:
        outcome = await services.answer_choice(learner, deck_id, card_id, 2, now=now, rng=rng)
    finally:
        await services.close()
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.core.deck import Deck
from bot.database_url import DEFAULT_DATABASE_URL
from bot.services.api import (
    LOCAL_LEARNER,
    SOURCES,
    AnswerOutcome,
    AppealOutcome,
    DeckSummary,
    DrillCard,
    DueCard,
    FlashRating,
    GuildSettings,
    Leaderboard,
    LeaderboardRow,
    Learner,
    MemberStats,
    Metric,
    Period,
    Recall,
    Source,
    StreakView,
    Tally,
)
from bot.services.errors import (
    BadDatabaseUrl,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    InvalidAnswer,
    InvalidSetting,
    InvalidTimezone,
    NotAppealable,
    RecallError,
    StorageError,
    UnknownCard,
)

if TYPE_CHECKING:
    from bot.services.admin import DeckChecker


async def open_services(database_url: str | None, decks: Mapping[str, Deck], deck_checker: DeckChecker | None = None,
                        ) -> Recall:
    """Open the database (None: `RECALL_DATABASE_URL`, else ./data/recall.db), migrate it, serve `decks`.

    `deck_checker` checks the decks servers uploaded (the bot passes one that works in a child process).

    Raises a `StorageError` with a user-safe message for a corrupt, read-only, full or newer database.
    """
    from bot.services.recall import RecallServices  # imports aiosqlite only when a front end starts

    return await RecallServices.open(database_url, decks, deck_checker)


__all__ = [
    "DEFAULT_DATABASE_URL",
    "LOCAL_LEARNER",
    "SOURCES",
    "AnswerOutcome",
    "AppealOutcome",
    "BadDatabaseUrl",
    "DatabaseBusy",
    "DatabaseCorrupt",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DeckSummary",
    "DiskFull",
    "DrillCard",
    "DueCard",
    "FlashRating",
    "GuildSettings",
    "InvalidAnswer",
    "InvalidSetting",
    "InvalidTimezone",
    "Leaderboard",
    "LeaderboardRow",
    "Learner",
    "MemberStats",
    "Metric",
    "NotAppealable",
    "Period",
    "Recall",
    "RecallError",
    "Source",
    "StorageError",
    "StreakView",
    "Tally",
    "UnknownCard",
    "open_services",
]
