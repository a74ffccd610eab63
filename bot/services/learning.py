"""The learning service behind `bot.services.api.Recall`: answers, drills, streaks, leaderboards, settings.

Which decks a learner may see comes from the deck catalogue (`bot.services.catalogue`), shared with the
admin, scheduling and poll services; what is stored goes through the `Store` and `MemberDataStore` ports.
The composition root (`bot.app.wiring.open_services`) builds it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bot.core import points as rules
from bot.core import streaks
from bot.core.cloze_grading import grade_gap
from bot.core.deck import AnyCard, ChoiceCard, ClozeGap, Flashcard, Kind, Level, OpenCard
from bot.core.errors import InvalidAnswer, InvalidSetting
from bot.core.instants import from_ms, to_ms, utc
from bot.core.messages import N_
from bot.core.schedule_rule import parse_timezone
from bot.core.srs import FlashRating, rating_for_verdict
from bot.core.streaks import StreakState
from bot.core.study_day import day_start, month_start, study_day, validate_day_start_hour, week_start
from bot.services import member_data
from bot.services.api import (
    BUILT_IN,
    SOURCES,
    AnswerOutcome,
    AppealOutcome,
    DataDeletion,
    DataExport,
    DeckRef,
    DrillCard,
    DueCard,
    FoundCard,
    GuildSettings,
    Leaderboard,
    LeaderboardRow,
    Learner,
    MemberStats,
    Metric,
    MissedCards,
    Period,
    Source,
    StreakView,
    StudyCalendar,
)
from bot.services.catalogue import DeckCatalogue
from bot.services.drills import DrillPicker
from bot.services.grading_worker import grade_off_loop
from bot.services.overlay import ServerOverlay
from bot.services.ports import MemberDataStore, Store
from bot.services.records import NewAttempt, StoredAttempt
from bot.services.stats import member_stats

SHOWN_DAYS = 84  # 12 weeks


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


class LearningService:
    """Implements `bot.services.api.Recall`."""

    def __init__(self, store: Store, member_data: MemberDataStore, catalogue: DeckCatalogue,
                 overlay: ServerOverlay | None = None,
                 after_record: Callable[[NewAttempt, StoredAttempt], None] | None = None) -> None:
        """`overlay`: each server's additions to its decks, merged into a card before it is graded there.
        `after_record`: told of each stored attempt (role rewards, `bot.services.rewards`); it must return
        at once (its work runs on its own), so it never delays the member's reply."""
        self._store = store
        self._after_record = after_record
        self._member_data = member_data
        self.catalogue = catalogue
        self._overlay = overlay
        self._drills = DrillPicker(store, catalogue.visible(None))

    async def find_card(self, learner: Learner, deck_id: str, card_id: str, *,
                        deck_guild: int | None = None) -> FoundCard:
        return await self.catalogue.find_card(learner, deck_id, card_id, deck_guild=deck_guild)

    async def next_card(self, learner: Learner, *, now: datetime, rng: random.Random, deck_id: str | None = None,
                        level: Level | None = None, kind: Kind | None = None) -> DrillCard:
        drills = self._drills
        if self.catalogue.has_server_decks:
            drills = DrillPicker(self._store, self.catalogue.visible(learner.guild_id))
        return await drills.next_card(learner, now=utc(now), rng=rng, deck_id=deck_id, level=level, kind=kind)

    # --- answers ---------------------------------------------------------------------------------
    async def _typed_card(self, learner: Learner, deck_id: str, card_id: str, deck_guild: int | None,
                          kind: type | tuple[type, ...]) -> tuple[DeckRef, AnyCard]:
        """The card as the learner may see it (`find_card`): nothing is recorded for any other."""
        found = await self.find_card(learner, deck_id, card_id, deck_guild=deck_guild)
        if not isinstance(found.card, kind):
            raise InvalidAnswer(N_("That card is a {kind} card; it can't be answered that way."), kind=found.card.kind)
        return found.deck, found.card

    async def _record(self, learner: Learner, card: AnyCard, deck: DeckRef, *, now: datetime, rng: random.Random,
                      source: Source, question_key: str | None, correct: bool, points: int,
                      srs_rating: FlashRating, choice: int | None = None, text: str | None = None,
                      rating: FlashRating | None = None, hits: int | None = None, total: int | None = None,
                      concepts: tuple[tuple[str, bool], ...] = ()) -> StoredAttempt:
        if source not in SOURCES:
            raise InvalidAnswer(f"unknown answer source {source!r}")  # i18n: not shown (sources are the code's constants)
        attempt = NewAttempt(
            user_id=learner.user_id, guild_id=learner.guild_id, deck_id=deck.deck_id, card_id=card.id, kind=card.kind,
            level=card.level, source=source, question_key=question_key[:200] if question_key else None,
            choice=choice, answer_text=text, rating=int(rating) if rating is not None else None, correct=correct,
            concepts_hit=hits, concepts_total=total, points=points, answered_at=utc(now),
            srs_rating=int(srs_rating), srs_seed=rng.getrandbits(32), concepts=concepts, deck_guild=deck.owner,
        )
        stored = await self._store.record_attempt(attempt)
        if self._after_record is not None:
            self._after_record(attempt, stored)
        return stored

    async def _outcome(self, learner: Learner, stored: StoredAttempt, deck_id: str, card: AnyCard,
                       now: datetime, **extra: object) -> AnswerOutcome:
        view = None
        if stored.streak is not None and learner.guild_id is not None:
            today = study_day(utc(now), stored.timezone, stored.day_start_hour)
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
            raise InvalidAnswer(N_("Pick one of the {count} options."), count=len(card.options))
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
        graded = card if self._overlay is None else await self._overlay.card_for(learner.guild_id, ref, card)
        grade = await grade_off_loop(text, graded)  # off the event loop (bot/services/grading_worker.py)
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
        ref, card = await self._typed_card(learner, deck_id, card_id, deck_guild, (Flashcard, ClozeGap))
        try:
            rating = FlashRating(int(rating))
        except (ValueError, TypeError) as error:
            raise InvalidAnswer(N_("Rate the card Again, Hard, Good or Easy.")) from error
        correct = rating != FlashRating.AGAIN
        stored = await self._record(learner, card, ref, now=now, rng=rng, source=source,
                                    question_key=question_key, correct=correct,
                                    points=rules.flashcard_points(rating), srs_rating=rating, rating=rating)
        shown = FlashRating(stored.rating) if stored.rating is not None else rating
        return await self._outcome(learner, stored, deck_id, card, now, rating=shown)

    async def answer_cloze(self, learner: Learner, deck_id: str, card_id: str, text: str, *, now: datetime,
                           rng: random.Random, source: Source = "drill", question_key: str | None = None,
                           deck_guild: int | None = None) -> AnswerOutcome:
        ref, card = await self._typed_card(learner, deck_id, card_id, deck_guild, ClozeGap)
        assert isinstance(card, ClozeGap)
        text = str(text)[:4000]
        grade = grade_gap(text, card.answers, card.language)  # bounded work: a few thousand comparisons at most
        stored = await self._record(learner, card, ref, now=now, rng=rng, source=source, question_key=question_key,
                                    correct=grade.correct, points=rules.choice_points(grade.correct),
                                    srs_rating=rating_for_verdict(grade.correct), text=text)
        return await self._outcome(learner, stored, deck_id, card, now, cloze=grade)

    async def appeal(self, learner: Learner, attempt_id: int, *, now: datetime) -> AppealOutcome:
        result = await self._store.appeal(learner.user_id, int(attempt_id), rules.APPEALED, learner.guild_id, utc(now))
        view = await self.streak(Learner(learner.user_id, result.guild_id), now=now) if result.guild_id is not None else None
        return AppealOutcome(result.attempt_id, result.already_credited, result.points, view)

    # --- review, streaks, stats, leaderboards ----------------------------------------------------
    async def due_cards(self, who: Learner | int, *, now: datetime, limit: int = 25) -> list[DueCard]:
        learner = who if isinstance(who, Learner) else Learner(int(who), None)
        now, limit = utc(now), max(1, limit)
        page = limit + 50
        due: list[DueCard] = []
        offset = 0
        while len(due) < limit:  # pages: cards of removed or hidden decks are skipped, not counted
            rows = await self._store.due(learner.user_id, to_ms(now), page, guild_id=learner.guild_id, offset=offset)
            for row in rows:
                ref = DeckRef(row.deck_guild, row.deck_id)
                if learner.guild_id is not None and ref.owner == BUILT_IN and self.catalogue.is_hidden(learner.guild_id, ref.deck_id):
                    continue
                deck = self.catalogue.deck(ref, viewer=learner.guild_id)
                card = deck.card(row.card_id) if deck else None
                if deck is None or card is None:
                    continue
                when = from_ms(row.due_ms)
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
        today = study_day(utc(now), timezone, hour)
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
        today = study_day(utc(now), timezone, hour)
        return await member_stats(self._store, learner, today, self.catalogue.deck)

    async def leaderboard(self, guild_id: int, *, now: datetime, period: Period = "week", metric: Metric = "points",
                          limit: int = 10, min_attempts: int = 10) -> Leaderboard:
        if period not in ("week", "month", "all") or metric not in ("points", "streak", "accuracy"):
            raise InvalidSetting(N_("Choose a period of week, month or all, and points, streak or accuracy."))
        now = utc(now)
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
            for rank, r, value in zip(_shared_ranks(values), rows, values, strict=True)
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
            raise InvalidSetting(error.args[0]) from error  # a Marked sentence of the core
        await self._store.set_guild_settings(guild_id, name, hour)
        return GuildSettings(guild_id, name, hour)

    async def leaderboard_opt_out(self, user_id: int) -> bool:
        return (await self._store.member(user_id))[1]

    async def set_leaderboard_opt_out(self, user_id: int, opted_out: bool) -> None:
        await self._store.set_opt_out(user_id, bool(opted_out))

    # --- the member's own data (bot.services.member_data) -----------------------------------------
    async def study_calendar(self, learner: Learner, *, now: datetime) -> StudyCalendar:
        now = utc(now)
        timezone, hour = await self._timezone_for(learner)
        streak = await self.streak(learner, now=now)
        return await member_data.study_calendar(self._member_data, learner, now=now, timezone=timezone,
                                                day_start_hour=hour, streak=streak)

    async def export_data(self, *, guild_id: int | None, user_id: int | None, now: datetime,
                          with_answers: bool) -> DataExport:
        return await member_data.export_data(self._member_data, guild_id=guild_id, user_id=user_id, now=utc(now),
                                             with_answers=with_answers)

    async def missed_cards(self, learner: Learner, *, now: datetime) -> MissedCards:
        return await member_data.missed_cards(self._member_data, self.catalogue, learner, now=utc(now))

    async def delete_member_data(self, user_id: int) -> DataDeletion:
        return await member_data.delete_member_data(self._member_data, user_id)


def _shared_ranks(values: list[float]) -> list[int]:
    """Ranks for values sorted best first, equal values sharing one (1, 1, 3): a tie is shown as a tie."""
    ranks: list[int] = []
    for index, value in enumerate(values):
        ranks.append(ranks[-1] if index and value == values[index - 1] else index + 1)
    return ranks


def _valid_timezone(name: str) -> str:
    """The canonical IANA name (`europe/paris` -> `Europe/Paris`), by the rule /settings timezone uses too.

    `UnknownTimezone` (an `InvalidTimezone`, with suggestions) for anything else, including tz database
    entries that are not places (`Factory`, `posixrules`, `localtime`, `right/...`, `posix/...`).
    """
    return parse_timezone(str(name))
