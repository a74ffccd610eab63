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
from bot.core.grading import grade_card
from bot.core.schedule_rule import parse_timezone
from bot.core.srs import FlashRating, rating_for_verdict
from bot.core.streaks import StreakState
from bot.core.study_day import day_start, month_start, study_day, validate_day_start_hour, week_start
from bot.services.api import (
    AnswerOutcome,
    AppealOutcome,
    DataDeletion,
    DataExport,
    DeckSummary,
    DrillCard,
    DueCard,
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
from bot.services.drills import DrillPicker
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
        self._decks = dict(decks)  # built-in decks plus every server's uploads (deck ids are unique)
        self._drills = DrillPicker(store, self._decks)
        self.builtin_deck_ids = frozenset(self._decks)
        self._deck_guild: dict[str, int] = {}  # uploaded deck id -> the server it belongs to
        self._hidden: dict[int, set[str]] = {}  # server -> built-in decks it disabled
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

    # --- which decks a server sees -----------------------------------------------------------------
    def visible_decks(self, guild_id: int | None) -> list[Deck]:
        """Built-in decks (minus those the server hid) plus the server's uploads; in DMs built-ins only."""
        hidden = self._hidden.get(guild_id, set()) if guild_id is not None else set()
        return [deck for deck_id, deck in self._decks.items()
                if (deck_id in self.builtin_deck_ids and deck_id not in hidden)
                or (guild_id is not None and self._deck_guild.get(deck_id) == guild_id)]

    def deck_for(self, guild_id: int | None, deck_id: str) -> Deck | None:
        return next((deck for deck in self.visible_decks(guild_id) if deck.id == deck_id), None)

    def deck_card(self, deck_id: str, card_id: str) -> AnyCard | None:
        deck = self._decks.get(deck_id)
        return deck.card(card_id) if deck else None

    def install_deck(self, guild_id: int, deck: Deck) -> None:
        self._decks[deck.id] = deck
        self._deck_guild[deck.id] = guild_id

    def uninstall_deck(self, deck_id: str) -> None:
        if deck_id not in self.builtin_deck_ids:
            self._decks.pop(deck_id, None)
            self._deck_guild.pop(deck_id, None)

    def set_deck_hidden(self, guild_id: int, deck_id: str, hidden: bool) -> None:
        group = self._hidden.setdefault(guild_id, set())
        if hidden:
            group.add(deck_id)
        else:
            group.discard(deck_id)

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

    def card(self, deck_id: str, card_id: str) -> AnyCard:
        deck = self._decks.get(deck_id)
        card = deck.card(card_id) if deck else None
        if card is None:
            raise UnknownCard("That card is no longer in any deck (the deck may have been changed or removed).")
        return card

    async def next_card(self, learner: Learner, *, now: datetime, rng: random.Random, deck_id: str | None = None,
                        level: Level | None = None, kind: Kind | None = None) -> DrillCard:
        drills = self._drills
        if self._deck_guild or any(self._hidden.values()):
            drills = DrillPicker(self._store, {deck.id: deck for deck in self.visible_decks(learner.guild_id)})
        return await drills.next_card(learner, now=_utc(now), rng=rng, deck_id=deck_id, level=level, kind=kind)

    # --- answers ---------------------------------------------------------------------------------
    def _typed_card(self, deck_id: str, card_id: str, kind: type) -> AnyCard:
        card = self.card(deck_id, card_id)
        if not isinstance(card, kind):
            raise InvalidAnswer(f"That card is a {card.kind} card; it can't be answered that way.")
        return card

    async def _record(self, learner: Learner, card: AnyCard, deck_id: str, *, now: datetime, rng: random.Random,
                      source: Source, question_key: str | None, correct: bool, points: int,
                      srs_rating: FlashRating, choice: int | None = None, text: str | None = None,
                      rating: FlashRating | None = None, hits: int | None = None, total: int | None = None,
                      concepts: tuple[tuple[str, bool], ...] = ()) -> StoredAttempt:
        if source not in ("drill", "scheduled", "review", "poll"):
            raise InvalidAnswer(f"unknown answer source {source!r}")
        attempt = NewAttempt(
            user_id=learner.user_id, guild_id=learner.guild_id, deck_id=deck_id, card_id=card.id, kind=card.kind,
            level=card.level, source=source, question_key=question_key[:200] if question_key else None,
            choice=choice, answer_text=text, rating=int(rating) if rating is not None else None, correct=correct,
            concepts_hit=hits, concepts_total=total, points=points, answered_at=_utc(now),
            srs_rating=int(srs_rating), srs_seed=rng.getrandbits(32), concepts=concepts,
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
                            question_key: str | None = None) -> AnswerOutcome:
        card = self._typed_card(deck_id, card_id, ChoiceCard)
        assert isinstance(card, ChoiceCard)
        if isinstance(option_index, bool) or not isinstance(option_index, int) or not 0 <= option_index < len(card.options):
            raise InvalidAnswer(f"Pick one of the {len(card.options)} options.")
        correct = option_index == card.correct_index
        stored = await self._record(learner, card, deck_id, now=now, rng=rng, source=source,
                                    question_key=question_key, correct=correct, points=rules.choice_points(correct),
                                    srs_rating=rating_for_verdict(correct), choice=option_index)
        return await self._outcome(learner, stored, deck_id, card, now, correct_index=card.correct_index,
                                   chosen_index=stored.choice)

    async def answer_open(self, learner: Learner, deck_id: str, card_id: str, text: str, *, now: datetime,
                          rng: random.Random, source: Source = "drill",
                          question_key: str | None = None) -> AnswerOutcome:
        card = self._typed_card(deck_id, card_id, OpenCard)
        assert isinstance(card, OpenCard)
        text = str(text)[:4000]
        grade = grade_card(text, card)
        correct = rules.open_correct(grade.hits, grade.total)
        stored = await self._record(
            learner, card, deck_id, now=now, rng=rng, source=source, question_key=question_key, correct=correct,
            points=rules.open_points(grade.hits, grade.total), srs_rating=rating_for_verdict(correct), text=text,
            hits=grade.hits, total=grade.total, concepts=tuple((v.name, v.hit) for v in grade.concepts),
        )
        return await self._outcome(learner, stored, deck_id, card, now, grade=grade)

    async def rate_flashcard(self, learner: Learner, deck_id: str, card_id: str, rating: FlashRating, *,
                             now: datetime, rng: random.Random, source: Source = "drill",
                             question_key: str | None = None) -> AnswerOutcome:
        card = self._typed_card(deck_id, card_id, Flashcard)
        try:
            rating = FlashRating(int(rating))
        except (ValueError, TypeError) as error:
            raise InvalidAnswer("Rate the card Again, Hard, Good or Easy.") from error
        correct = rating != FlashRating.AGAIN
        stored = await self._record(learner, card, deck_id, now=now, rng=rng, source=source,
                                    question_key=question_key, correct=correct,
                                    points=rules.flashcard_points(rating), srs_rating=rating, rating=rating)
        shown = FlashRating(stored.rating) if stored.rating is not None else rating
        return await self._outcome(learner, stored, deck_id, card, now, rating=shown)

    async def appeal(self, learner: Learner, attempt_id: int, *, now: datetime) -> AppealOutcome:
        result = await self._store.appeal(learner.user_id, int(attempt_id), rules.APPEALED)
        view = await self.streak(Learner(learner.user_id, result.guild_id), now=now) if result.guild_id is not None else None
        return AppealOutcome(result.attempt_id, result.already_credited, result.points, view)

    # --- review, streaks, stats, leaderboards ----------------------------------------------------
    async def due_cards(self, user_id: int, *, now: datetime, limit: int = 25) -> list[DueCard]:
        now = _utc(now)
        rows = await self._store.due(user_id, to_ms(now), max(1, limit) + 50)
        due = []
        for row in rows:
            deck = self._decks.get(row.deck_id)
            card = deck.card(row.card_id) if deck else None
            if card is None:
                continue
            when = datetime.fromtimestamp(row.due_ms / 1000, tz=UTC)
            overdue_days = (now - when).total_seconds() / 86400
            due.append(DueCard(row.deck_id, row.card_id, card, when, overdue_days, deck.title if deck else row.deck_id))
            if len(due) >= limit:
                break
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
        return await member_stats(self._store, learner, today)

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
