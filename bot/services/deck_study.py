"""Per-deck study settings for a server's admins (`/deck retention`, `/deck exam`) and what they forecast
(`/stats`, `/deck report`).

What the settings do to a review happens where every answer is stored, in the same transaction (the
storage layer's attempt recording): a review made in a server uses that server's settings of the deck; a
review in a DM uses the deck owner's settings for a server's upload and the defaults for a built-in deck
(`bot.core.deck_study.settings_guild`).

Forecasts (definitions, also in the README):
- **daily review load** of a deck: the sum over the member's cards of the deck that have a stability of
  1 / the interval in days FSRS would give that card at the deck's retention (`daily_review_load`): the
  reviews a day that keep the member's current cards at that retention. At most `MAX_DECKS` decks (the
  ones with the most reviewed cards) and `MAX_MEMORIES` review states per `/stats`.
- **predicted share on exam day**: the mean over the deck's cards (each cloze gap a card) of the
  predicted recall at the exam instant if the member reviewed nothing more (FSRS's forgetting curve from
  each card's stability and last review); a card the member hasn't reviewed counts 0.
- **the group's share**: the mean of that figure over the members who answered the deck in the server
  (at most `MAX_GROUP_MEMORIES` review states read; whole members only, and the count says how many).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.deck import Deck
from bot.core.deck_study import daily_review_load, settings_guild
from bot.core.errors import InvalidSetting
from bot.core.exam import (
    DEFAULT_TARGET,
    ExamPlan,
    exam_instant,
    parse_exam_date,
    predicted_share,
    validate_target,
)
from bot.core.instants import from_ms, to_ms, utc
from bot.core.messages import N_
from bot.core.srs import DEFAULT_RETENTION, days_per_stability, validate_retention
from bot.core.study_day import study_day
from bot.services.api import BUILT_IN, DeckRef, Learner, Recall
from bot.services.catalogue import DeckCatalogue
from bot.services.deck_report import ExamOutlook
from bot.services.deck_study_ports import CardMemory, DeckStudyRow, DeckStudyStore, ExamSetting
from bot.services.errors import RecallError

MAX_DECKS = 10
MAX_MEMORIES = 50_000
MAX_GROUP_MEMORIES = 200_000
RESET_WORDS = ("default", "reset")
CLEAR_WORDS = ("clear", "cancel", "none")
_DECK_ID = re.compile(r"[a-z0-9-]{1,32}")


@dataclass(frozen=True, slots=True)
class RetentionChange:
    title: str
    retention: float
    was: float
    is_default: bool


@dataclass(frozen=True, slots=True)
class ExamChange:
    title: str
    exam_day: date | None  # None: cleared
    exam_at: datetime | None
    target: float | None
    replaced: bool  # an exam was set before (cleared or replaced by this one)


@dataclass(frozen=True, slots=True)
class ExamForecast:
    exam_day: date
    target: float
    predicted_share: float  # 0..1; cards not reviewed yet count 0


@dataclass(frozen=True, slots=True)
class DeckOutlook:
    deck: DeckRef
    title: str
    retention: float
    reviewed_cards: int
    daily_load: float  # expected reviews a day at `retention`
    exam: ExamForecast | None


@dataclass(frozen=True, slots=True)
class GroupExamShare:
    exam_day: date
    target: float
    predicted_share: float  # mean over `members` of each member's predicted share
    members: int


def parse_retention(text: str) -> float | None:
    """`0.85`, `85%` or `85` -> 0.85; `default` -> None (back to 0.90); RecallError otherwise."""
    value = str(text).strip().lower()[:20]
    if value in RESET_WORDS:
        return None
    percent = value.endswith("%")
    try:
        number = float(value.rstrip("%").strip())
    except ValueError:
        raise InvalidSetting(N_("Give the retention as a number from 0.80 to 0.97 (e.g. 0.9 or 90%), or `default`.")) from None
    if percent or number > 1:
        number /= 100
    try:
        return validate_retention(number)
    except ValueError as error:
        raise InvalidSetting(error.args[0]) from None  # a Marked sentence of the core


class DeckStudyService:
    def __init__(self, store: DeckStudyStore, catalogue: DeckCatalogue, learning: Recall) -> None:
        """`learning` gives the server's time zone and day-start hour (an exam day is a study day there)."""
        self._store = store
        self._catalogue = catalogue
        self._learning = learning

    def _deck(self, guild_id: int, deck_id: str) -> tuple[DeckRef, Deck]:
        """A deck the server sees (its upload, else a built-in deck it didn't hide); anything else is refused."""
        wanted = str(deck_id)[:64]
        ref = self._catalogue.resolve(guild_id, wanted)
        deck = self._catalogue.deck(ref, viewer=guild_id) if ref is not None else None
        if ref is None or deck is None:  # a deck id is named only when it could be one: forged text isn't echoed
            if _DECK_ID.fullmatch(wanted):
                raise RecallError(N_("This server has no deck `{deck}`: `/decks` lists the ones it sees."), deck=wanted)
            raise RecallError(N_("This server has no deck by that name: `/decks` lists the ones it sees."))
        return ref, deck

    # --- settings (admins) ---------------------------------------------------------------------------
    async def set_retention(self, guild_id: int, deck_id: str, value: str, *, now: datetime) -> RetentionChange:
        ref, deck = self._deck(guild_id, deck_id)
        retention = parse_retention(value)
        before = await self._store.deck_settings(guild_id, ref.owner, ref.deck_id)
        was = before.retention if before and before.retention is not None else DEFAULT_RETENTION
        await self._store.set_retention(guild_id, ref.owner, ref.deck_id, retention, to_ms(utc(now)))
        chosen = retention if retention is not None else DEFAULT_RETENTION
        return RetentionChange(deck.title, chosen, was, retention is None)

    async def set_exam(self, guild_id: int, deck_id: str, when: str, target: float | None, *,
                       now: datetime) -> ExamChange:
        """`when`: `YYYY-MM-DD` (a date after today in the server's time zone) or `clear`."""
        now = utc(now)
        ref, deck = self._deck(guild_id, deck_id)
        if str(when).strip().lower() in CLEAR_WORDS:
            if target is not None:
                raise InvalidSetting(N_("`clear` takes no target."))
            had = await self._store.set_exam(guild_id, ref.owner, ref.deck_id, None, to_ms(now))
            return ExamChange(deck.title, None, None, None, had)
        try:
            chosen = validate_target(DEFAULT_TARGET if target is None else target)
            settings = await self._learning.guild_settings(guild_id)
            today = study_day(now, settings.timezone, settings.day_start_hour)
            day = parse_exam_date(when, today)
        except ValueError as error:
            raise InvalidSetting(error.args[0]) from None  # a Marked sentence of the core
        exam_at = exam_instant(day, settings.timezone, settings.day_start_hour)
        setting = ExamSetting(day.toordinal(), to_ms(exam_at), chosen, days_per_stability(chosen))
        had = await self._store.set_exam(guild_id, ref.owner, ref.deck_id, setting, to_ms(now))
        return ExamChange(deck.title, day, exam_at, chosen, had)

    # --- forecasts -----------------------------------------------------------------------------------
    async def member_outlook(self, learner: Learner, *, now: datetime) -> list[DeckOutlook]:
        """Per deck the member studies (at most `MAX_DECKS`, most reviewed cards first) and, in a server,
        per deck with an exam there: the daily review load at the deck's retention and the exam forecast."""
        now = utc(now)
        place = learner.guild_id
        studied = await self._store.member_decks(learner.user_id, place, MAX_DECKS)
        counts = {DeckRef(owner, deck_id): cards for owner, deck_id, cards in studied}
        scopes = {settings_guild(place, ref.owner) for ref in counts}
        if place is not None:
            scopes.add(place)
        rows = await self._store.settings_of([scope for scope in scopes if scope is not None])
        settings = {(row.guild_id, DeckRef(row.deck_guild, row.deck_id)): row for row in rows}
        if place is not None:  # a deck with an exam here is shown even before the member's first review
            for (guild_id, ref), row in sorted(settings.items(), key=lambda item: item[0][1]):
                if guild_id == place and _active(row, now) and ref not in counts and len(counts) < MAX_DECKS + 5:
                    counts[ref] = 0
        visible = [ref for ref in counts if self._visible(place, ref)]
        memories = await self._store.member_memories(
            learner.user_id, [(ref.owner, ref.deck_id) for ref in visible if counts[ref]], MAX_MEMORIES)
        by_deck: dict[DeckRef, list[CardMemory]] = {}
        for memory in memories:
            _user, owner, deck_id, _card, _stability, _last = memory
            by_deck.setdefault(DeckRef(owner, deck_id), []).append(memory)
        jobs = []
        for ref in visible:
            scope = settings_guild(place, ref.owner)
            deck = self._catalogue.deck(ref, viewer=scope)  # with the overlay cards of the server whose settings apply
            if deck is not None:
                jobs.append((ref, deck, settings.get((scope, ref)) if scope is not None else None))

        def outlooks() -> list[DeckOutlook]:
            found = []
            for ref, deck, setting in jobs:
                retention = setting.retention if setting and setting.retention is not None else DEFAULT_RETENTION
                cards = by_deck.get(ref, [])
                load = daily_review_load([stability for _u, _o, _d, _c, stability, _l in cards], retention)
                exam = (_forecast(setting, [card.id for card in deck.study_cards()], cards)
                        if setting is not None and _active(setting, now) else None)
                found.append(DeckOutlook(ref, deck.title, retention, counts[ref], load, exam))
            return found

        return await asyncio.to_thread(outlooks)  # up to MAX_MEMORIES states: kept off the event loop

    def _visible(self, place: int | None, ref: DeckRef) -> bool:
        if place is None:
            return True
        if ref.owner == BUILT_IN:
            return not self._catalogue.is_hidden(place, ref.deck_id)
        return ref.owner == place

    async def group_exam_share(self, guild_id: int, deck: DeckRef, *, now: datetime) -> GroupExamShare | None:
        """The group's predicted share of the deck recalled on exam day, or None without an active exam."""
        now = utc(now)
        row = await self._store.deck_settings(guild_id, deck.owner, deck.deck_id)
        loaded = self._catalogue.deck(deck, viewer=guild_id)
        if row is None or loaded is None or not _active(row, now) or not self._visible(guild_id, deck):
            return None
        members, memories = await self._store.group_memories(guild_id, deck.owner, deck.deck_id, MAX_GROUP_MEMORIES)
        card_ids = [card.id for card in loaded.study_cards()]

        def each_members_share() -> list[float]:
            by_member: dict[int, list[CardMemory]] = {member: [] for member in members}
            for memory in memories:
                if memory[0] in by_member:  # the member's user id
                    by_member[memory[0]].append(memory)
            return [_forecast(row, card_ids, cards).predicted_share for cards in by_member.values()]

        shares = await asyncio.to_thread(each_members_share)  # up to MAX_GROUP_MEMORIES states: off the loop
        assert row.exam_day is not None and row.exam_target is not None
        mean = sum(shares) / len(shares) if shares else 0.0
        return GroupExamShare(date.fromordinal(row.exam_day), row.exam_target, mean, len(shares))

    async def group_exam_outlook(self, guild_id: int, deck: DeckRef, now: datetime) -> ExamOutlook | None:
        """`/deck report`'s exam line (`DeckReportService` is given this method)."""
        share = await self.group_exam_share(guild_id, deck, now=now)
        return ExamOutlook(share.exam_day, share.predicted_share, share.members) if share is not None else None


def _active(row: DeckStudyRow, now: datetime) -> bool:
    return row.exam_at_ms is not None and ExamPlan(from_ms(row.exam_at_ms), row.exam_target or DEFAULT_TARGET).active(now)


def _forecast(row: DeckStudyRow, card_ids: list[str], cards: list[CardMemory]) -> ExamForecast:
    assert row.exam_day is not None and row.exam_at_ms is not None and row.exam_target is not None
    states = {card_id: (stability, last_ms) for _u, _o, _d, card_id, stability, last_ms in cards}
    share = predicted_share(card_ids, states, row.exam_at_ms)
    return ExamForecast(date.fromordinal(row.exam_day), row.exam_target, share)
