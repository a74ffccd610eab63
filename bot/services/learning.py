"""The services behind `bot.services.api.Recall`: answers, drills, streaks, leaderboards, settings."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from bot.core import points as rules
from bot.core import streaks
from bot.core.deck import AnyCard, ChoiceCard, Deck, Flashcard, Kind, Level, OpenCard
from bot.core.errors import InvalidAnswer, InvalidSetting, UnknownCard
from bot.core.schedule_rule import parse_timezone
from bot.core.srs import FlashRating, rating_for_verdict
from bot.core.streaks import StreakState
from bot.core.study_day import day_start, month_start, study_day, validate_day_start_hour, week_start
from bot.services.api import (
    BUILT_IN,
    UNAVAILABLE,
    AnswerOutcome,
    AppealOutcome,
    DataDeletion,
    DataExport,
    DeckRef,
    DeckSummary,
    DrillCard,
    DueCard,
    FoundCard,
    GuildSettings,
    Leaderboard,
    LeaderboardRow,
    Learner,
    MemberStats,
    Metric,
    Period,
    Source,
    StreakView,
    StudyCalendar,
)
from bot.services.deck_scope import DeckScope
from bot.services.drills import DrillPicker
from bot.services.grading_worker import grade_off_loop
from bot.services.ports import Store
from bot.services.stats import member_stats
from bot.storage.attempts import NewAttempt, StoredAttempt
from bot.storage.streak_store import to_ms

if TYPE_CHECKING:
    from bot.services.admin import DeckChecker
    from bot.services.member_data import MemberDataStore

SHOWN_DAYS = 84  # 12 weeks
log = logging.getLogger("recall.services")


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime (UTC)")
    return now.astimezone(UTC)


def streak_view(state: StreakState, today: date, points: int) -> StreakView:
    if state.last_day is not None and state.last_day > today:
        today = state.last_day  # a traveller's latest study day may run ahead of the new local date
    seen = streaks.as_of(state, today)
    since = today - timedelta(days=SHOWN_DAYS)
    return StreakView(
        current=seen.current,
        longest=seen.longest,
        freezes_held=seen.freezes,
        freeze_days=tuple(day for day in seen.freeze_days if day >= since),
        studied_today=seen.studied_today,
        today=today,
        points=points,
    )


class RecallServices:
    def __init__(self, store: Store, decks: Mapping[str, Deck], deck_checker: DeckChecker | None = None) -> None:
        self._store = store
        self.scope = DeckScope(decks)  # built-in decks, and each server's own uploads
        self._drills = DrillPicker(store, self.scope.visible(None))
        self.builtin_deck_ids = self.scope.builtin_ids
        self._attach_server_features(store, deck_checker)

    def _attach_server_features(self, store: Store, deck_checker: DeckChecker | None) -> None:
        """Schedules, polls and admin use cases, when the store is the real database."""
        from bot.storage.database import Database

        if not isinstance(store, Database):
            return
        from bot.services.admin import AdminService
        from bot.services.polls import PollService
        from bot.services.scheduling import SchedulingService
        from bot.storage.guild_decks import AdminStore
        from bot.storage.polls import PollStore
        from bot.storage.schedules import ScheduleStore

        self.scheduling = SchedulingService(ScheduleStore(store), self.deck_for)
        self.polls = PollService(PollStore(store), self)
        self.admin = AdminService(AdminStore(store), self, deck_checker)

    @classmethod
    async def open(cls, database_url: str | None, decks: Mapping[str, Deck],
                   deck_checker: DeckChecker | None = None) -> RecallServices:
        from bot.storage.database import Database

        services = cls(await Database.open(database_url), decks, deck_checker)
        try:
            problems = await services.admin.load_server_decks()
        except BaseException:
            await services.close()
            raise
        for problem in problems:
            log.warning("%s", problem)
        return services

    # --- which decks a place sees (bot.services.deck_scope) ------------------------------------------
    def visible_decks(self, guild_id: int | None) -> list[Deck]:
        """Built-in decks (minus those the server hid) plus the server's uploads; in DMs built-ins only."""
        return [deck for _ref, deck in self.scope.visible(guild_id)]

    def deck_for(self, guild_id: int | None, deck_id: str) -> Deck | None:
        """The deck a server means by `deck_id` (its upload, else a built-in deck it didn't hide)."""
        ref = self.scope.resolve(guild_id, deck_id)
        return self.scope.deck(ref) if ref is not None else None

    def deck_card(self, owner: int, deck_id: str, card_id: str) -> AnyCard | None:
        """A card of a deck named by its owner (0: built-in), for rows that store the owner."""
        return self.scope.card(DeckRef(owner, deck_id), card_id)

    def install_deck(self, guild_id: int, deck: Deck) -> None:
        self.scope.install(guild_id, deck)

    def uninstall_deck(self, guild_id: int, deck_id: str) -> None:
        self.scope.uninstall(guild_id, deck_id)

    def set_deck_hidden(self, guild_id: int, deck_id: str, hidden: bool) -> None:
        self.scope.set_hidden(guild_id, deck_id, hidden)

    async def close(self) -> None:
        await self._store.close()

    async def __aenter__(self) -> RecallServices:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- decks -----------------------------------------------------------------------------------
    def decks(self, guild_id: int | None = None) -> list[DeckSummary]:
        """Without a server: the built-in decks. With one: what that server sees (hidden ones out, uploads in)."""
        summaries = []
        for deck in self.visible_decks(guild_id):
            by_kind: dict[str, int] = {}
            by_level: dict[str, int] = {}
            for card in deck.cards:
                by_kind[card.kind] = by_kind.get(card.kind, 0) + 1
                by_level[card.level] = by_level.get(card.level, 0) + 1
            summaries.append(DeckSummary(deck.id, deck.title, deck.description, len(deck.cards), by_kind, by_level))
        return sorted(summaries, key=lambda summary: summary.title.casefold())

    def card(self, guild_id: int | None, deck_id: str, card_id: str) -> AnyCard:
        ref = self.scope.resolve(guild_id, deck_id)
        card = self.scope.card(ref, card_id) if ref is not None else None
        if card is None:
            raise UnknownCard(UNAVAILABLE)
        return card

    async def find_card(self, learner: Learner, deck_id: str, card_id: str, *,
                        deck_guild: int | None = None) -> FoundCard:
        ref = await self._visible_ref(learner, str(deck_id), deck_guild)
        deck = self.scope.deck(ref) if ref is not None else None
        card = deck.card(str(card_id)) if deck is not None else None
        if ref is None or deck is None or card is None:
            raise UnknownCard(UNAVAILABLE)
        return FoundCard(ref, deck.title, card)

    async def _visible_ref(self, learner: Learner, deck_id: str, deck_guild: int | None) -> DeckRef | None:
        """The deck a learner's button means, if the learner may see it (see `Recall.find_card`)."""
        if learner.guild_id is not None:
            if deck_guild is not None and deck_guild not in (BUILT_IN, learner.guild_id):
                return None  # another server's deck, named in this one
            ref = self.scope.resolve(learner.guild_id, deck_id)
            if ref is not None and deck_guild is not None and ref.owner != deck_guild:
                return None  # the button named the other one of the two decks this id could mean here
            return ref
        if deck_guild is None or deck_guild == BUILT_IN:
            return self.scope.resolve(None, deck_id)
        ref = DeckRef(int(deck_guild), deck_id)
        if self.scope.deck(ref) is None or not await self._store.studies_in(learner.user_id, ref.owner):
            return None
        return ref

    async def next_card(self, learner: Learner, *, now: datetime, rng: random.Random, deck_id: str | None = None,
                        level: Level | None = None, kind: Kind | None = None) -> DrillCard:
        drills = self._drills
        if self.scope.has_server_decks:
            drills = DrillPicker(self._store, self.scope.visible(learner.guild_id))
        return await drills.next_card(learner, now=_utc(now), rng=rng, deck_id=deck_id, level=level, kind=kind)

    # --- answers ---------------------------------------------------------------------------------
    async def _typed_card(self, learner: Learner, deck_id: str, card_id: str, deck_guild: int | None,
                          kind: type) -> tuple[DeckRef, AnyCard]:
        """The card as the learner may see it (`find_card`): nothing is recorded for any other."""
        found = await self.find_card(learner, deck_id, card_id, deck_guild=deck_guild)
        if not isinstance(found.card, kind):
            raise InvalidAnswer(f"That card is a {found.card.kind} card; it can't be answered that way.")
        return found.deck, found.card

    async def _record(self, learner: Learner, card: AnyCard, deck: DeckRef, *, now: datetime, rng: random.Random,
                      source: Source, question_key: str | None, correct: bool, points: int,
                      srs_rating: FlashRating, choice: int | None = None, text: str | None = None,
                      rating: FlashRating | None = None, hits: int | None = None, total: int | None = None,
                      concepts: tuple[tuple[str, bool], ...] = ()) -> StoredAttempt:
        if source not in ("drill", "scheduled", "review", "poll"):
            raise InvalidAnswer(f"unknown answer source {source!r}")
        attempt = NewAttempt(
            user_id=learner.user_id, guild_id=learner.guild_id, deck_id=deck.deck_id, card_id=card.id, kind=card.kind,
            level=card.level, source=source, question_key=question_key[:200] if question_key else None,
            choice=choice, answer_text=text, rating=int(rating) if rating is not None else None, correct=correct,
            concepts_hit=hits, concepts_total=total, points=points, answered_at=_utc(now),
            srs_rating=int(srs_rating), srs_seed=rng.getrandbits(32), concepts=concepts, deck_guild=deck.owner,
        )
        return await self._store.record_attempt(attempt)

    async def _outcome(self, learner: Learner, stored: StoredAttempt, deck_id: str, card: AnyCard,
                       now: datetime, **extra: object) -> AnswerOutcome:
        view = None
        if stored.streak is not None and learner.guild_id is not None:
            today = study_day(_utc(now), stored.timezone, stored.day_start_hour)
            view = streak_view(stored.streak, today, stored.points_total)
        return AnswerOutcome(
            attempt_id=stored.attempt_id, deck_id=deck_id, card_id=card.id, kind=card.kind, correct=stored.correct,
            points=stored.points, duplicate=stored.duplicate, streak=view, next_review=stored.next_review,
            **extra,  # type: ignore[arg-type]
        )

    async def answer_choice(self, learner: Learner, deck_id: str, card_id: str, option_index: int, *,
                            now: datetime, rng: random.Random, source: Source = "drill",
                            question_key: str | None = None, deck_guild: int | None = None) -> AnswerOutcome:
        ref, card = await self._typed_card(learner, deck_id, card_id, deck_guild, ChoiceCard)
        assert isinstance(card, ChoiceCard)
        if isinstance(option_index, bool) or not isinstance(option_index, int) or not 0 <= option_index < len(card.options):
            raise InvalidAnswer(f"Pick one of the {len(card.options)} options.")
        correct = option_index == card.correct_index
        stored = await self._record(learner, card, ref, now=now, rng=rng, source=source,
                                    question_key=question_key, correct=correct, points=rules.choice_points(correct),
                                    srs_rating=rating_for_verdict(correct), choice=option_index)
        return await self._outcome(learner, stored, deck_id, card, now, correct_index=card.correct_index,
                                   chosen_index=stored.choice)

    async def answer_open(self, learner: Learner, deck_id: str, card_id: str, text: str, *, now: datetime,
                          rng: random.Random, source: Source = "drill",
                          question_key: str | None = None, deck_guild: int | None = None) -> AnswerOutcome:
        ref, card = await self._typed_card(learner, deck_id, card_id, deck_guild, OpenCard)
        assert isinstance(card, OpenCard)
        text = str(text)[:4000]
        grade = await grade_off_loop(text, card)  # off the event loop (bot/services/grading_worker.py)
        correct = rules.open_correct(grade.hits, grade.total)
        stored = await self._record(
            learner, card, ref, now=now, rng=rng, source=source, question_key=question_key, correct=correct,
            points=rules.open_points(grade.hits, grade.total), srs_rating=rating_for_verdict(correct), text=text,
            hits=grade.hits, total=grade.total, concepts=tuple((v.name, v.hit) for v in grade.concepts),
        )
        return await self._outcome(learner, stored, deck_id, card, now, grade=grade)

    async def rate_flashcard(self, learner: Learner, deck_id: str, card_id: str, rating: FlashRating, *,
                             now: datetime, rng: random.Random, source: Source = "drill",
                             question_key: str | None = None, deck_guild: int | None = None) -> AnswerOutcome:
        ref, card = await self._typed_card(learner, deck_id, card_id, deck_guild, Flashcard)
        try:
            rating = FlashRating(int(rating))
        except (ValueError, TypeError) as error:
            raise InvalidAnswer("Rate the card Again, Hard, Good or Easy.") from error
        correct = rating != FlashRating.AGAIN
        stored = await self._record(learner, card, ref, now=now, rng=rng, source=source,
                                    question_key=question_key, correct=correct,
                                    points=rules.flashcard_points(rating), srs_rating=rating, rating=rating)
        shown = FlashRating(stored.rating) if stored.rating is not None else rating
        return await self._outcome(learner, stored, deck_id, card, now, rating=shown)

    async def appeal(self, learner: Learner, attempt_id: int, *, now: datetime) -> AppealOutcome:
        result = await self._store.appeal(learner.user_id, int(attempt_id), rules.APPEALED, learner.guild_id, _utc(now))
        view = await self.streak(Learner(learner.user_id, result.guild_id), now=now) if result.guild_id is not None else None
        return AppealOutcome(result.attempt_id, result.already_credited, result.points, view)

    # --- review, streaks, stats, leaderboards ----------------------------------------------------
    async def due_cards(self, who: Learner | int, *, now: datetime, limit: int = 25) -> list[DueCard]:
        learner = who if isinstance(who, Learner) else Learner(int(who), None)
        now, limit = _utc(now), max(1, limit)
        page = limit + 50
        due: list[DueCard] = []
        offset = 0
        while len(due) < limit:  # pages: cards of removed or hidden decks are skipped, not counted
            rows = await self._store.due(learner.user_id, to_ms(now), page, guild_id=learner.guild_id, offset=offset)
            for row in rows:
                ref = DeckRef(row.deck_guild, row.deck_id)
                if learner.guild_id is not None and ref.owner == BUILT_IN and self.scope.is_hidden(learner.guild_id, ref.deck_id):
                    continue
                deck = self.scope.deck(ref)
                card = deck.card(row.card_id) if deck else None
                if deck is None or card is None:
                    continue
                when = datetime.fromtimestamp(row.due_ms / 1000, tz=UTC)
                overdue_days = (now - when).total_seconds() / 86400
                due.append(DueCard(row.deck_id, row.card_id, card, when, overdue_days, deck.title, ref.owner))
                if len(due) >= limit:
                    break
            if len(rows) < page:
                break
            offset += page
        return due

    async def _timezone_for(self, learner: Learner) -> tuple[str, int]:
        guild_tz, hour = await self._store.guild_settings(learner.guild_id or 0)
        member_tz, _ = await self._store.member(learner.user_id)
        return member_tz or guild_tz, hour

    async def streak(self, learner: Learner, *, now: datetime) -> StreakView | None:
        if learner.guild_id is None:
            return None
        timezone, hour = await self._timezone_for(learner)
        today = study_day(_utc(now), timezone, hour)
        row = await self._store.streak(learner.guild_id, learner.user_id)
        state = StreakState()
        if row is not None:
            since = (row.last_day or today) - timedelta(days=SHOWN_DAYS)
            freeze_days = await self._store.freeze_days(learner.guild_id, learner.user_id, since)
            state = StreakState(row.current, row.longest, row.freezes, row.last_day, tuple(freeze_days))
        total = await self._store.points_total(learner.guild_id, learner.user_id)
        return streak_view(state, today, total)

    async def stats(self, learner: Learner, *, now: datetime) -> MemberStats:
        timezone, hour = await self._timezone_for(learner)
        today = study_day(_utc(now), timezone, hour)
        return await member_stats(self._store, learner, today, self.scope.deck)

    async def leaderboard(self, guild_id: int, *, now: datetime, period: Period = "week", metric: Metric = "points",
                          limit: int = 10, min_attempts: int = 10) -> Leaderboard:
        if period not in ("week", "month", "all") or metric not in ("points", "streak", "accuracy"):
            raise InvalidSetting("Choose a period of week, month or all, and points, streak or accuracy.")
        now = _utc(now)
        limit = max(1, min(int(limit), 100))
        timezone, hour = await self._store.guild_settings(guild_id)
        today = study_day(now, timezone, hour)
        first = week_start(today) if period == "week" else month_start(today) if period == "month" else None
        starts = day_start(first, timezone, hour) if first else None
        key = first.toordinal() if first else 0
        reads = self._store
        if metric == "points":
            rows = await reads.top_points(guild_id, period, key, limit)
            values: list[float] = [float(r.points) for r in rows]
        elif metric == "accuracy":
            rows = await reads.top_accuracy(guild_id, period, key, min_attempts, limit)
            values = [r.correct / r.attempts for r in rows]
        else:
            rows = await reads.top_streaks(guild_id, to_ms(now), limit)
            values = [float(r.streak) for r in rows]
            starts, period = None, "all"
        ranked = tuple(
            LeaderboardRow(rank, r.user_id, value, r.attempts, r.correct)
            for rank, (r, value) in enumerate(zip(rows, values, strict=True), start=1)
        )
        return Leaderboard(guild_id, period, metric, starts, ranked, min_attempts if metric == "accuracy" else 0)

    # --- settings --------------------------------------------------------------------------------
    async def member_timezone(self, user_id: int) -> str | None:
        return (await self._store.member(user_id))[0]

    async def set_member_timezone(self, user_id: int, timezone: str | None) -> str | None:
        name = _valid_timezone(timezone) if timezone else None
        await self._store.set_member_timezone(user_id, name)
        return name

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        timezone, hour = await self._store.guild_settings(guild_id)
        return GuildSettings(guild_id, timezone, hour)

    async def set_guild_settings(self, guild_id: int, *, timezone: str | None = None,
                                 day_start_hour: int | None = None) -> GuildSettings:
        current = await self.guild_settings(guild_id)
        name = _valid_timezone(timezone) if timezone is not None else current.timezone
        try:
            hour = validate_day_start_hour(day_start_hour) if day_start_hour is not None else current.day_start_hour
        except ValueError as error:
            raise InvalidSetting(str(error).capitalize() + ".") from error
        await self._store.set_guild_settings(guild_id, name, hour)
        return GuildSettings(guild_id, name, hour)

    async def leaderboard_opt_out(self, user_id: int) -> bool:
        return (await self._store.member(user_id))[1]

    async def set_leaderboard_opt_out(self, user_id: int, opted_out: bool) -> None:
        await self._store.set_opt_out(user_id, bool(opted_out))

    # --- the member's own data -------------------------------------------------------------------
    def _member_data(self) -> MemberDataStore:
        return cast("MemberDataStore", self._store)

    async def study_calendar(self, learner: Learner, *, now: datetime) -> StudyCalendar:
        from bot.services.member_data import study_calendar

        now = _utc(now)
        timezone, hour = await self._timezone_for(learner)
        streak = await self.streak(learner, now=now)
        return await study_calendar(self._member_data(), learner, now=now, timezone=timezone,
                                    day_start_hour=hour, streak=streak)

    async def export_data(self, *, guild_id: int | None, user_id: int | None, now: datetime,
                          with_answers: bool) -> DataExport:
        from bot.services.member_data import export_data

        return await export_data(self._member_data(), guild_id=guild_id, user_id=user_id, now=_utc(now),
                                 with_answers=with_answers)

    async def delete_member_data(self, user_id: int) -> DataDeletion:
        from bot.services.member_data import delete_member_data

        return await delete_member_data(self._member_data(), user_id)


def _valid_timezone(name: str) -> str:
    """The canonical IANA name (`europe/paris` -> `Europe/Paris`), by the rule /settings timezone uses too.

    `UnknownTimezone` (an `InvalidTimezone`, with suggestions) for anything else, including tz database
    entries that are not places (`Factory`, `posixrules`, `localtime`, `right/...`, `posix/...`).
    """
    return parse_timezone(str(name))
