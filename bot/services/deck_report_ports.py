"""The port of `/deck report` (`bot.services.deck_report`), implemented by `bot/storage/deck_report.py`.

One call reads everything the report needs about one deck in one server, so the figures come from one
snapshot. Every query names the server asking: only attempts made there count, and review backlogs
are counted over the members who answered that deck there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ActivityWindow:
    """Which answers: those of server `guild_id` on deck (`deck_guild`, `deck_id`) answered in
    (`since_ms`, `now_ms`] (`since_ms` None: since the first), in weeks of `week_ms` counted back from now."""

    guild_id: int
    deck_guild: int  # the deck's owner: 0 for a built-in deck, else the server that uploaded it
    deck_id: str
    since_ms: int | None
    now_ms: int
    week_ms: int
    trend_weeks: int  # weeks of the trend, the one ending now included (older answers are in no week row)
    named_limit: int  # how many of the most active members who appear on leaderboards to return


@dataclass(frozen=True, slots=True)
class CardTally:
    card_id: str
    answered: int  # answers (attempts), not members
    correct: int
    members: int  # distinct members who answered it


@dataclass(frozen=True, slots=True)
class WeekTally:
    weeks_ago: int  # 0: the 7 days ending now; 1: the 7 days before those; ...
    answered: int
    correct: int
    members: int


@dataclass(frozen=True, slots=True)
class ConceptTally:
    """A concept of an open card, over every answer given to it in the server (tallies aren't dated)."""

    card_id: str
    concept: str
    missed: int
    seen: int


@dataclass(frozen=True, slots=True)
class MemberTally:
    user_id: int
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class DeckActivity:
    cards: list[CardTally]  # cards answered in the window (cards never answered are absent)
    weeks: list[WeekTally]  # weeks with answers (empty weeks are absent)
    answered: int  # every answer in the window, cards since removed from the deck included
    correct: int
    members: int  # distinct members who answered in the window
    first_answer_ms: int | None  # the earliest answer in the window
    concepts: list[ConceptTally]  # missed at least once
    studying: int  # members who ever answered the deck in this server
    behind: int  # of those, members with a review of the deck due at or before now
    named: list[MemberTally]  # the most answers in the window, members who appear on leaderboards only


class DeckReportStore(Protocol):
    async def deck_activity(self, window: ActivityWindow) -> DeckActivity:
        """What the members of one server did with one deck (see `ActivityWindow`)."""
        ...
