"""`/deck report`: what a server's members get right and wrong on one deck, for its organisers.

Every figure is what happened in the server asking (answers given elsewhere, in another server or in a
DM, never count), over a period counted back from `now` in whole weeks: `week` (7 days), `month` (4
weeks), `term` (16 weeks) or `all`. "Answered" counts answers (attempts); `members` counts the distinct
members who gave them. Concept misses come from the concept tallies, which are not dated: they cover
every open answer given in the server, whatever the period. Members are named only if they appear on
leaderboards (`/mydata leaderboard`); the others are counted, never named.

The work is bounded: one deck (at most `MAX_CARDS_PER_DECK` cards, each cloze card as its gaps), one
indexed read, at most `MAX_TREND_WEEKS` weeks of trend.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, get_args

from bot.core.instants import from_ms, to_ms, utc
from bot.core.messages import N_
from bot.services.api import DeckRef
from bot.services.catalogue import DeckCatalogue
from bot.services.deck_report_ports import ActivityWindow, ConceptTally, DeckReportStore
from bot.services.errors import RecallError
from bot.services.member_data import to_csv

Period = Literal["week", "month", "term", "all"]
PERIODS: tuple[str, ...] = get_args(Period)
DEFAULT_PERIOD: Period = "month"
PERIOD_WEEKS = {"week": 1, "month": 4, "term": 16}
PERIOD_WORDS = {"week": N_("the last 7 days"), "month": N_("the last 4 weeks"), "term": N_("the last 16 weeks"),
                "all": N_("all time")}
MAX_TREND_WEEKS = 52  # `all`: the trend shows at most the last year
WEEK = timedelta(days=7)
WEEK_MS = 7 * 24 * 3600 * 1000
TOP_CONCEPTS = 5
CSV_COLUMNS = ("card_id", "kind", "answered", "correct", "accuracy", "members", "most_missed_concept")
NAMED_MEMBERS = 3


@dataclass(frozen=True, slots=True)
class CardLine:
    card_id: str
    kind: str
    answered: int
    correct: int
    members: int
    most_missed_concept: str | None  # open cards: the concept missed most often in the server (any period)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class WeekLine:
    starts: datetime  # the week is (starts, starts + 7 days]
    answered: int
    correct: int
    members: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class MissedConcept:
    card_id: str
    concept: str
    missed: int
    seen: int


@dataclass(frozen=True, slots=True)
class NamedMember:
    user_id: int
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class ExamOutlook:
    """The group's predicted share of the deck recalled on exam day (the exam countdown fills it)."""

    exam_day: date
    predicted_share: float
    members: int


@dataclass(frozen=True)
class DeckReport:
    guild_id: int
    deck: DeckRef
    title: str
    period: Period
    since: datetime | None  # None: `all`
    now: datetime
    cards: tuple[CardLine, ...]  # every card of the deck, in deck order
    answered: int  # every answer in the period (cards since removed from the deck included)
    correct: int
    members: int
    weeks: tuple[WeekLine, ...]  # oldest first, the week ending now last
    missed_concepts: tuple[MissedConcept, ...]  # the most missed, at most `TOP_CONCEPTS`
    studying: int  # members who ever answered the deck in this server
    behind: int  # of those, members with a review of the deck due now
    named: tuple[NamedMember, ...]  # the most active members who appear on leaderboards
    exam: ExamOutlook | None = field(default=None)  # optional parts other features add go below this line

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    def worst(self, count: int) -> list[CardLine]:
        """The `count` answered cards with the lowest accuracy (most answered first among equals)."""
        answered = [(index, card) for index, card in enumerate(self.cards) if card.answered]
        answered.sort(key=lambda item: (item[1].correct / item[1].answered, -item[1].answered, item[0]))
        return [card for _index, card in answered[:count]]


def percent_text(share: float | None) -> str:
    """A share as a whole percentage ("64%"), "-" when there is nothing to divide."""
    return "-" if share is None else f"{round(share * 100)}%"


def parse_period(text: str | None) -> Period:
    word = (text or DEFAULT_PERIOD).strip().lower()
    if word not in PERIODS:
        raise RecallError(N_("The period is one of {periods}."), periods=", ".join(PERIODS))
    return word  # type: ignore[return-value]


def _miss_order(tally: ConceptTally) -> tuple[int, float, str, str]:
    return (-tally.missed, -tally.missed / max(1, tally.seen), tally.concept, tally.card_id)


class DeckReportService:
    def __init__(self, store: DeckReportStore, catalogue: DeckCatalogue,
                 exam_outlook: Callable[[int, DeckRef, datetime], Awaitable[ExamOutlook | None]] | None = None) -> None:
        """`exam_outlook`: the group's forecast for the deck's exam in the server, if one is set
        (`DeckStudyService.group_exam_outlook`); without it a report has no exam line."""
        self._store = store
        self._catalogue = catalogue
        self._exam_outlook = exam_outlook

    async def deck_report(self, guild_id: int, deck_id: str, period: str | None, now: datetime) -> DeckReport:
        """The report of `deck_id` as server `guild_id` sees it; a `RecallError` for a deck it can't see."""
        now = utc(now)
        chosen = parse_period(period)
        wanted = str(deck_id)[:64]
        ref = self._catalogue.resolve(guild_id, wanted)
        deck = self._catalogue.deck_for(guild_id, wanted)  # the server's copy: its overlay cards included
        if ref is None or deck is None:
            if wanted.replace("-", "").isalnum() and wanted.isascii() and len(wanted) <= 40:
                raise RecallError(N_("This server has no deck `{deck}`: `/decks` lists the ones it sees."), deck=wanted)
            raise RecallError(N_("This server has no deck by that name: `/decks` lists the ones it sees."))
        since = now - PERIOD_WEEKS[chosen] * WEEK if chosen in PERIOD_WEEKS else None
        trend_weeks = PERIOD_WEEKS.get(chosen, MAX_TREND_WEEKS)
        activity = await self._store.deck_activity(ActivityWindow(
            guild_id, ref.owner, ref.deck_id, to_ms(since) if since else None, to_ms(now), WEEK_MS, trend_weeks,
            NAMED_MEMBERS))
        if since is None:  # `all`: from the week of the first answer, at most a year
            first = from_ms(activity.first_answer_ms) if activity.first_answer_ms is not None else now
            trend_weeks = min(MAX_TREND_WEEKS, (now - first) // WEEK + 1)
        by_week = {week.weeks_ago: week for week in activity.weeks}
        weeks = []
        for ago in range(trend_weeks - 1, -1, -1):  # oldest first
            week = by_week.get(ago)
            weeks.append(WeekLine(now - (ago + 1) * WEEK, week.answered if week else 0,
                                  week.correct if week else 0, week.members if week else 0))
        worst_concept: dict[str, ConceptTally] = {}
        for concept in sorted(activity.concepts, key=_miss_order):
            worst_concept.setdefault(concept.card_id, concept)
        tallies = {card.card_id: card for card in activity.cards}
        lines = []
        for card in deck.study_cards():
            tally = tallies.get(card.id)
            missed = worst_concept.get(card.id)
            lines.append(CardLine(card.id, card.kind, tally.answered if tally else 0, tally.correct if tally else 0,
                                  tally.members if tally else 0, missed.concept if missed else None))
        known = {line.card_id for line in lines}
        concepts = tuple(MissedConcept(t.card_id, t.concept, t.missed, t.seen)
                         for t in sorted(activity.concepts, key=_miss_order) if t.card_id in known)[:TOP_CONCEPTS]
        return DeckReport(
            guild_id, ref, deck.title, chosen, since, now, tuple(lines), activity.answered, activity.correct,
            activity.members, tuple(weeks), concepts, activity.studying, activity.behind,
            tuple(NamedMember(m.user_id, m.answered, m.correct) for m in activity.named),
            exam=await self._exam_outlook(guild_id, ref, now) if self._exam_outlook is not None else None)


def report_csv(report: DeckReport) -> str:
    """Every card of the report, in deck order, as CSV (`CSV_COLUMNS`). `accuracy` is correct / answered
    to 4 decimals, empty for a card nobody answered; `most_missed_concept` is empty when none was missed."""
    rows = [{"card_id": card.card_id, "kind": card.kind, "answered": card.answered, "correct": card.correct,
             "accuracy": f"{card.accuracy:.4f}" if card.accuracy is not None else "", "members": card.members,
             "most_missed_concept": card.most_missed_concept or ""} for card in report.cards]
    return to_csv(rows, CSV_COLUMNS)
