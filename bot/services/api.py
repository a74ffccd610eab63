"""The service API the adapters (Discord cogs, terminal) call: result types and the `Recall` protocol.

Everything that depends on time takes `now` (aware, UTC); everything random takes a `random.Random`.
Every method raises only `RecallError` subclasses for problems a member should hear about (their
`user_message` is safe to show); anything else is a bug.

The composition root opens them: `services = await bot.app.wiring.open_services(url, decks)` gives the
bundle (`bot.services.bundle.Services`): `services.recall` is this protocol, `services.catalogue` the
decks each place sees, and `admin`, `polls`, `scheduling` the server features; `await services.close()`
(or `async with await open_services(...) as services:`) commits pending writes and closes the database.

Scoping (docs/scoping.md lists every entry point): a deck is a built-in deck (owner 0) or a server's
upload (owner: that server), and two servers may each upload a deck of the same id. A learner in a server
sees the built-in decks that server didn't hide plus its own uploads; a learner in a DM sees the built-in
decks, plus the uploads of servers they study in when the caller names that server (`deck_guild`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

from bot.core.cloze_grading import ClozeGrade
from bot.core.deck import AnyCard, Deck, Kind, Level
from bot.core.grading import GradeResult
from bot.core.messages import N_
from bot.core.srs import FlashRating

Source = Literal["drill", "scheduled", "review", "poll", "round"]
SOURCES: tuple[Source, ...] = ("drill", "scheduled", "review", "poll", "round")
Period = Literal["week", "month", "all"]
Metric = Literal["points", "streak", "accuracy"]


@dataclass(frozen=True, slots=True)
class Learner:
    """Who is studying, and where: `guild_id` None means a DM (spaced repetition, no server streak)."""

    user_id: int
    guild_id: int | None


# The terminal's member: Discord ids are positive, so 0 never collides with a real member or server.
LOCAL_LEARNER = Learner(user_id=0, guild_id=0)
BUILT_IN = 0  # the owner of a built-in deck (uploaded decks are owned by their server's id)
UNAVAILABLE = N_("This card is no longer available.")


@dataclass(frozen=True, slots=True, order=True)
class DeckRef:
    """Which deck: `owner` 0 for a built-in deck, else the server that uploaded it (ids repeat across servers)."""

    owner: int
    deck_id: str


@dataclass(frozen=True, slots=True)
class FoundCard:
    """A card the caller may see, with the deck it was found in."""

    deck: DeckRef
    deck_title: str
    card: AnyCard


@dataclass(frozen=True, slots=True)
class DeckSummary:
    id: str
    title: str
    description: str | None
    total: int
    by_kind: dict[str, int]  # "flashcard" | "choice" | "open" -> count
    by_level: dict[str, int]  # "beginner" | "intermediate" | "advanced" -> count


@dataclass(frozen=True, slots=True)
class DrillCard:
    """The card to show next; `remaining` is how many cards of this round are still unseen after it."""

    deck_id: str
    deck_title: str
    card: AnyCard
    remaining: int
    new_round: bool  # True when the previous round was exhausted and this card starts a new one
    deck_guild: int = BUILT_IN  # the deck's owner (see `DeckRef`)


@dataclass(frozen=True, slots=True)
class StreakView:
    """A member's streak in one server, as of `now` (missed days already covered by freezes)."""

    current: int
    longest: int
    freezes_held: int  # 0..2
    freeze_days: tuple[date, ...]  # study days a freeze covered, oldest first (the last 12 weeks)
    studied_today: bool
    today: date  # the member's current study day
    points: int  # all-time points in this server


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What happened to one answer. Stored (committed) before it is returned.

    `duplicate` is True when the same member already answered the same `question_key`: nothing new was
    recorded and the fields describe the first answer. `streak` is None in DMs (no server streak).
    """

    attempt_id: int
    deck_id: str
    card_id: str
    kind: Kind
    correct: bool
    points: int
    duplicate: bool
    streak: StreakView | None
    correct_index: int | None = None  # choice cards: the right option
    chosen_index: int | None = None  # choice cards: what the member picked
    grade: GradeResult | None = None  # open cards: concept verdicts ("3/5 concepts")
    rating: FlashRating | None = None  # flashcards, and cloze gaps revealed and rated
    cloze: ClozeGrade | None = None  # cloze gaps typed: each expected word, matched or not
    next_review: datetime | None = None  # when spaced repetition will bring the card back (UTC)


@dataclass(frozen=True, slots=True)
class AppealOutcome:
    attempt_id: int
    already_credited: bool  # the attempt was correct or already appealed: nothing changed
    points: int  # the attempt's points after the appeal
    streak: StreakView | None


@dataclass(frozen=True, slots=True)
class DueCard:
    deck_id: str
    card_id: str
    card: AnyCard
    due: datetime  # UTC
    overdue_days: float
    deck_title: str  # the deck's own title: /review in DMs can't look it up among a server's decks
    deck_guild: int = BUILT_IN  # the deck's owner (see `DeckRef`): a DM answer names it


@dataclass(frozen=True, slots=True)
class Tally:
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Correct / attempts in 0..1 (0 when there are no attempts)."""
        return self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True, slots=True)
class ConceptMiss:
    deck_id: str
    card_id: str
    concept: str
    missed: int
    seen: int
    deck_guild: int = BUILT_IN


@dataclass(frozen=True, slots=True)
class MemberStats:
    """A member's record in one server (or, for `guild_id` None, their own everywhere).

    `deck_titles` names every deck of `by_deck`: its title when the deck is loaded; else, in a server, its
    id, and in a DM "Removed deck" for a server's upload (a DM never shows a server's deck ids)."""

    total: Tally
    by_deck: dict[DeckRef, Tally]
    by_level: dict[str, Tally]
    by_deck_level: dict[tuple[DeckRef, str], Tally]
    weakest_concepts: tuple[ConceptMiss, ...]  # most often missed first, at most 5
    study_days: tuple[date, ...]  # study days in the last 12 weeks (84 days up to today), oldest first
    deck_titles: dict[DeckRef, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    rank: int
    user_id: int
    value: float  # points (int), current streak (int) or accuracy (0..1), per the metric
    attempts: int
    correct: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    guild_id: int
    period: Period
    metric: Metric
    starts: datetime | None  # UTC start of the period (None for "all")
    rows: tuple[LeaderboardRow, ...] = field(default_factory=tuple)
    min_attempts: int = 0  # for "accuracy": members with fewer attempts are left out


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"  # IANA name
    day_start_hour: int = 4  # a study day starts at this local hour (0..23)


@dataclass(frozen=True, slots=True)
class StudyCalendar:
    """A member's last 12 weeks for the calendar picture: answers per study day, and the streaks.

    In a DM (`guild_id` None) the days count answers everywhere and the streaks are the member's best
    across their servers (a DM has no streak of its own)."""

    today: date
    attempts_by_day: dict[date, int]
    current_streak: int
    longest_streak: int


@dataclass(frozen=True, slots=True)
class DataExport:
    """Attempts and streaks of a server, of a member in a server, or (guild_id None) of a member everywhere.

    Rows are plain dicts ready for JSON or CSV: times as ISO 8601 UTC, study days as ISO dates.
    `answer_text` is present only when `with_answers` (a member's own export); `other` holds, for a
    member's whole export, every other stored row about them (settings, review state, votes...)."""

    generated_at: datetime
    guild_id: int | None
    user_id: int | None
    with_answers: bool
    attempts: list[dict[str, object]]
    streaks: list[dict[str, object]]
    other: dict[str, list[dict[str, object]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MissedDeck:
    """Cards of one deck a member got wrong lately (a cloze card once, whole), most recently missed first."""

    ref: DeckRef
    deck: Deck
    cards: list[AnyCard] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MissedCards:
    """What `/mydata export what:missed` packs: per deck, the cards; `more` when the limit cut some off."""

    decks: list[MissedDeck]
    more: bool = False

    @property
    def card_count(self) -> int:
        return sum(len(deck.cards) for deck in self.decks)


@dataclass(frozen=True, slots=True)
class DataDeletion:
    """What `/mydata delete` removed: rows per table (all in one transaction)."""

    removed: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.removed.values())


class Recall(Protocol):
    """The learning use cases (all coroutines). Which decks exist is the catalogue's
    (`bot.services.catalogue.DeckCatalogue`); opening and closing is the bundle's (`Services`)."""

    # --- the card a button names -------------------------------------------------------------------
    async def find_card(self, learner: Learner, deck_id: str, card_id: str, *,
                        deck_guild: int | None = None) -> FoundCard:
        """The card a button names, if the learner may see it, else `UnknownCard(UNAVAILABLE)`.

        `deck_guild` is the deck's owner when the button names one (0: built-in), None when it names none
        (buttons posted before owners existed: the deck of that id where the learner is). In a server the
        learner's server decides, and a button naming another server's deck is refused. In a DM a server's
        upload is seen only by a member who answered in that server or has review state in its decks."""

    # --- drills ----------------------------------------------------------------------------------
    async def next_card(
        self,
        learner: Learner,
        *,
        now: datetime,
        rng: random.Random,
        deck_id: str | None = None,
        level: Level | None = None,
        kind: Kind | None = None,
    ) -> DrillCard:
        """A random card matching the filters that the member hasn't been served in this round.

        A round ends when every matching card was served; the next one starts fresh (never with the
        card just served, when there is another). Raises `UnknownCard` for an unknown deck and
        `InvalidAnswer` when no card matches the filters.
        """

    async def answer_choice(
        self,
        learner: Learner,
        deck_id: str,
        card_id: str,
        option_index: int,
        *,
        now: datetime,
        rng: random.Random,
        source: Source = "drill",
        question_key: str | None = None,
        deck_guild: int | None = None,
    ) -> AnswerOutcome:
        """Record a multiple-choice answer (0-based option index as the deck lists the options).

        The card is found as `find_card` finds it (`deck_guild`: the owner the button named); a card the
        learner may not see raises `UnknownCard` and records nothing. The same holds for every answer."""

    async def answer_open(
        self,
        learner: Learner,
        deck_id: str,
        card_id: str,
        text: str,
        *,
        now: datetime,
        rng: random.Random,
        source: Source = "drill",
        question_key: str | None = None,
        deck_guild: int | None = None,
    ) -> AnswerOutcome:
        """Grade an open answer with `grade_answer` (correct = at least half the concepts) and record it.

        Any text is accepted (empty, 4000 characters, any Unicode); it is stored truncated to 4000.
        """

    async def rate_flashcard(
        self,
        learner: Learner,
        deck_id: str,
        card_id: str,
        rating: FlashRating,
        *,
        now: datetime,
        rng: random.Random,
        source: Source = "drill",
        question_key: str | None = None,
        deck_guild: int | None = None,
    ) -> AnswerOutcome:
        """Record a flashcard self-rating (Again counts as wrong, Hard/Good/Easy as right); a cloze gap
        (`card:c2`) revealed and rated is recorded the same way."""

    async def answer_cloze(
        self,
        learner: Learner,
        deck_id: str,
        card_id: str,
        text: str,
        *,
        now: datetime,
        rng: random.Random,
        source: Source = "drill",
        question_key: str | None = None,
        deck_guild: int | None = None,
    ) -> AnswerOutcome:
        """Grade the words typed for a cloze gap (`card_id` is the gap's id, `card:c2`) and record it:
        correct when every hidden word is there (typos allowed, `bot.core.cloze_grading`), points as a
        choice card's. Any text is accepted; it is stored truncated to 4000."""

    async def appeal(self, learner: Learner, attempt_id: int, *, now: datetime) -> AppealOutcome:
        """"I think I was right": credit the member's own open answer as correct, marked self-credited.

        Raises `NotAppealable` for another member's attempt, one answered elsewhere (another server, or a
        server when the appeal comes from a DM), a card that isn't open, and an answer appealed before
        (one appeal per answer, ever: "You already appealed this answer.").
        """

    # --- review, streaks, stats, leaderboards ----------------------------------------------------
    async def due_cards(self, who: Learner | int, *, now: datetime, limit: int = 25) -> list[DueCard]:
        """Cards whose spaced-repetition review is due, most overdue first (cards of removed decks skipped).

        A learner in a server: cards of the decks that server sees. A learner in a DM (or a bare user id):
        all of the member's own due cards, each from its owner's deck."""

    async def streak(self, learner: Learner, *, now: datetime) -> StreakView | None:
        """The member's streak in this server (None in DMs)."""

    async def stats(self, learner: Learner, *, now: datetime) -> MemberStats:
        """Attempts and accuracy by deck and level, weakest concepts, study days (12 weeks).

        In a server: only what the member did in that server. In a DM (`guild_id` None): the member's own
        record everywhere; the adapter shows it to that member only."""

    async def leaderboard(
        self,
        guild_id: int,
        *,
        now: datetime,
        period: Period = "week",
        metric: Metric = "points",
        limit: int = 10,
        min_attempts: int = 10,
    ) -> Leaderboard:
        """Top members of a server; opted-out members are left out.

        Weeks start on Monday and months on the 1st, at the day-start hour in the server's timezone.
        "streak" ranks by current streak (periods don't apply to it); "accuracy" needs `min_attempts`.
        """

    # --- settings --------------------------------------------------------------------------------
    async def member_timezone(self, user_id: int) -> str | None:
        """The member's own IANA timezone, or None (then the server's applies)."""

    async def set_member_timezone(self, user_id: int, timezone: str | None) -> str | None:
        """Set (validated with zoneinfo, `InvalidTimezone` otherwise) or clear the member's timezone."""

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """The server's timezone and day-start hour (defaults: UTC, 4)."""

    async def set_guild_settings(
        self, guild_id: int, *, timezone: str | None = None, day_start_hour: int | None = None
    ) -> GuildSettings:
        """Change what is given; `InvalidTimezone` / `InvalidSetting` on bad values, nothing half-applied."""

    async def leaderboard_opt_out(self, user_id: int) -> bool:
        """Whether the member asked to be left out of every leaderboard."""

    async def set_leaderboard_opt_out(self, user_id: int, opted_out: bool) -> None:
        """Leave the member out of (or back into) leaderboards; their attempts still count for them."""

    # --- the member's own data (bot.services.member_data) ------------------------------------------
    async def study_calendar(self, learner: Learner, *, now: datetime) -> StudyCalendar:
        """Answers per study day over the last 12 weeks, with the current and longest streak."""

    async def export_data(self, *, guild_id: int | None, user_id: int | None, now: datetime,
                          with_answers: bool) -> DataExport:
        """A server's (guild_id), a member's in a server (both) or a member's whole (user_id) data."""

    async def missed_cards(self, learner: Learner, *, now: datetime) -> MissedCards:
        """The cards the member answered wrong in the 30 days before `now`, in the decks they can see where
        they ask (a server: its decks; a DM: the built-in decks and those of servers they study in)."""

    async def delete_member_data(self, user_id: int) -> DataDeletion:
        """Everything stored about the member, everywhere, in one transaction."""


__all__ = [
    "BUILT_IN",
    "LOCAL_LEARNER",
    "SOURCES",
    "UNAVAILABLE",
    "AnswerOutcome",
    "AppealOutcome",
    "DataDeletion",
    "DataExport",
    "DeckRef",
    "DeckSummary",
    "DrillCard",
    "DueCard",
    "FlashRating",
    "FoundCard",
    "GuildSettings",
    "Leaderboard",
    "LeaderboardRow",
    "Learner",
    "MemberStats",
    "Metric",
    "MissedCards",
    "MissedDeck",
    "Period",
    "Recall",
    "Source",
    "StreakView",
    "StudyCalendar",
    "Tally",
]
