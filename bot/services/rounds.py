"""Live rounds: start, join, answer, and the next step of a running round (`next_step`), over `RoundStore`.

The round loop (`bot.app.round_loop`) asks `next_step` what to do and reports back what it sent; every
decision is made from the database with the `now` it is given, so a restarted bot carries on where the
stopped one was. Answers are stored like any other attempt (source "round": streaks, review state,
leaderboards with the usual points) together with the round's own points (`bot.core.rounds`).

A cloze card is asked as its gaps (as `Deck.study_cards` lists them): a question's card id is then the gap's id
(`card:c2`), read back through `Deck.card`, so a question only ever names a gap its card really has.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core import points as attempt_points
from bot.core import rounds as rules
from bot.core.cloze import gap_ids, split_gap_id
from bot.core.cloze_grading import ClozeGrade, grade_gap
from bot.core.deck import AnyCard, ChoiceCard, ClozeCard, ClozeGap, Deck, DeckCard, Flashcard, OpenCard
from bot.core.grading import GradeResult
from bot.core.instants import to_ms, utc
from bot.core.messages import N_
from bot.core.srs import FlashRating, rating_for_verdict
from bot.services.api import DeckRef
from bot.services.catalogue import DeckCatalogue
from bot.services.errors import RecallError
from bot.services.grading_worker import grade_off_loop
from bot.services.overlay import ServerOverlay
from bot.services.records import NewAttempt, StoredAttempt
from bot.services.round_ports import RoundStore
from bot.services.round_records import NewQuestion, NewRound, QuestionRow, RoundRow
from bot.services.round_steps import RoundSteps

QUESTION_KINDS = ("choice", "flashcard", "open", "cloze")
MAX_ANSWER_CHARS = 4000


class RoundError(RecallError):
    """A round request that can't be done (the message says why); nothing was changed."""


CLOSED = N_("This question is closed. Watch for the next one!")
GONE = N_("This round is over.")


def _no_cards(deck: str, kind: str, level: str | None) -> RoundError:
    """A deck with no card a round of `kind` (at `level`) could ask."""
    if kind == "mixed":
        if level:
            return RoundError(N_("**{deck}** has no cards at level {level} for a round."), deck=deck, level=level)
        return RoundError(N_("**{deck}** has no cards for a round."), deck=deck)
    if level:
        return RoundError(N_("**{deck}** has no {kind} cards at level {level} for a round."), deck=deck, kind=kind,
                          level=level)
    return RoundError(N_("**{deck}** has no {kind} cards for a round."), deck=deck, kind=kind)


@dataclass(frozen=True, slots=True)
class RoundAnswer:
    card: AnyCard
    correct: bool
    points: int  # the round's points for this answer
    duplicate: bool  # already answered: the first answer stands
    all_in: bool  # everyone expected has answered: the question may close now
    grade: GradeResult | None = None
    cloze: ClozeGrade | None = None  # a typed gap: each expected word, matched or not


class RoundService(RoundSteps):
    def __init__(self, store: RoundStore, catalogue: DeckCatalogue, overlay: ServerOverlay | None = None,
                 after_record: Callable[[NewAttempt, StoredAttempt], None] | None = None) -> None:
        """`after_record`: told of each stored attempt, as the learning service tells it (role rewards)."""
        super().__init__(store, catalogue)
        self._overlay = overlay
        self._after_record = after_record

    # --- who may run rounds ------------------------------------------------------------------------
    async def round_role(self, guild_id: int) -> int | None:
        return await self.store.round_role(guild_id)

    async def set_round_role(self, guild_id: int, role_id: int | None) -> None:
        await self.store.set_round_role(guild_id, role_id)

    async def may_run(self, guild_id: int, member_role_ids: list[int], manage_server: bool) -> bool:
        return rules.may_start(await self.store.round_role(guild_id), member_role_ids, manage_server)

    # --- start and stop ----------------------------------------------------------------------------
    async def start(self, guild_id: int, channel_id: int, user_id: int, *, deck_id: str, kind: str = "choice",
                    questions: int = rules.DEFAULT_QUESTIONS, seconds: int = rules.DEFAULT_SECONDS,
                    level: str | None = None, teams: int = 0, now: datetime, rng: random.Random) -> RoundRow:
        problem = rules.valid_settings(int(questions), int(seconds), int(teams))
        if problem:
            raise RoundError(problem)
        if kind not in rules.ROUND_KINDS:
            raise RoundError(N_("Kind must be choice, flashcard, open, cloze or mixed."))
        ref = self.catalogue.resolve(guild_id, str(deck_id))
        deck = self.catalogue.deck(ref, viewer=guild_id) if ref is not None else None
        if ref is None or deck is None:
            raise RoundError(N_("I don't know that deck here. Pick one from the list, or see /decks."))
        pool = _question_pool(deck, QUESTION_KINDS if kind == "mixed" else (kind,), level)
        if not pool:
            raise _no_cards(deck.title, kind, level)
        chosen = [_asked(pool[card_id], card_id) for card_id in rules.pick_cards(list(pool), int(questions), rng)]
        asked = tuple(NewQuestion(card.id, card.kind, _shuffled_options(card, rng)) for card in chosen)
        now_ms = to_ms(utc(now))
        join_ends = now_ms + rules.JOIN_SECONDS * 1000 if teams else None
        new = NewRound(guild_id, channel_id, user_id, ref.owner, ref.deck_id, kind, level, int(seconds), int(teams),
                       now_ms, join_ends, asked)
        round_id = await self.store.create_round(new)
        if round_id is None:
            raise RoundError(N_("A round is already running in this channel. Wait for it to end, or /round stop it."))
        started = await self.store.round(round_id)
        assert started is not None
        return started

    async def stop(self, guild_id: int, channel_id: int, *, now: datetime) -> RoundRow:
        current = await self.store.active_round(guild_id, channel_id)
        if current is None or not await self.store.claim_final(current.id, "stopped", to_ms(utc(now))):
            raise RoundError(N_("There is no round running in this channel."))
        stopped = await self.store.round(current.id)
        assert stopped is not None
        return stopped

    # --- members -----------------------------------------------------------------------------------
    async def round_here(self, guild_id: int | None, channel_id: int | None, round_id: int) -> RoundRow:
        """The round a button names, only if it belongs to the channel (and server) it was clicked in."""
        found = await self.store.round(int(round_id))
        if found is None or guild_id is None or found.guild_id != guild_id or found.channel_id != channel_id:
            raise RoundError(GONE)
        return found

    async def join(self, guild_id: int | None, channel_id: int | None, round_id: int, user_id: int, team: int,
                   name: str, *, now: datetime) -> int:
        found = await self.round_here(guild_id, channel_id, round_id)
        if not found.teams or not 1 <= int(team) <= found.teams:
            raise RoundError(N_("That team isn't part of this round."))
        if not await self.store.join(found.id, user_id, int(team), to_ms(utc(now)), str(name)):
            raise RoundError(N_("Joining is closed: the questions have started."))
        return int(team)

    async def current_question(self, guild_id: int | None, channel_id: int | None, round_id: int, position: int,
                               *, now: datetime) -> tuple[RoundRow, QuestionRow, AnyCard]:
        """The open question a button names (refused when closed, past its time, or not the current one)."""
        found = await self.round_here(guild_id, channel_id, round_id)
        if found.state != "running" or found.current != position:
            raise RoundError(CLOSED if found.active else GONE)
        question = next((q for q in await self.store.questions(found.id) if q.position == position), None)
        now_ms = to_ms(utc(now))
        if (question is None or question.closed_at_ms is not None or question.deadline_ms is None
                or question.message_id is None or now_ms > question.deadline_ms):
            raise RoundError(CLOSED)
        card = self.catalogue.deck_card(found.deck_guild, found.deck_id, question.card_id, viewer=found.guild_id)
        if card is None:
            raise RoundError(N_("This question's card has left the deck; it can't be answered."))
        return found, question, card

    async def answer_choice(self, guild_id: int | None, channel_id: int | None, round_id: int, position: int,
                            user_id: int, name: str, option_index: int, *, now: datetime,
                            rng: random.Random) -> RoundAnswer:
        found, question, card = await self.current_question(guild_id, channel_id, round_id, position, now=now)
        if not isinstance(card, ChoiceCard) or not 0 <= int(option_index) < len(card.options):
            raise RoundError(CLOSED)
        correct = int(option_index) == card.correct_index
        left, total = _time_left(question, now)
        return await self._store_answer(found, question, card, user_id, name, now=now, rng=rng, correct=correct,
                                        points=rules.choice_points(correct, left, total),
                                        attempt_points=attempt_points.choice_points(correct),
                                        srs=rating_for_verdict(correct), choice=int(option_index))

    async def answer_flashcard(self, guild_id: int | None, channel_id: int | None, round_id: int, position: int,
                               user_id: int, name: str, knew_it: bool, *, now: datetime,
                               rng: random.Random) -> RoundAnswer:
        found, question, card = await self.current_question(guild_id, channel_id, round_id, position, now=now)
        if not isinstance(card, Flashcard):
            raise RoundError(CLOSED)
        rating = FlashRating.GOOD if knew_it else FlashRating.AGAIN
        return await self._store_answer(found, question, card, user_id, name, now=now, rng=rng, correct=bool(knew_it),
                                        points=rules.flashcard_points(bool(knew_it)),
                                        attempt_points=attempt_points.flashcard_points(rating), srs=rating,
                                        rating=rating)

    async def answer_open(self, guild_id: int | None, channel_id: int | None, round_id: int, position: int,
                          user_id: int, name: str, text: str, *, now: datetime, rng: random.Random) -> RoundAnswer:
        found, question, card = await self.current_question(guild_id, channel_id, round_id, position, now=now)
        if not isinstance(card, OpenCard):
            raise RoundError(CLOSED)
        await self._players_if_playing(found, user_id)  # before grading: a non-player's answer costs nothing
        text = str(text)[:MAX_ANSWER_CHARS]
        ref = DeckRef(found.deck_guild, found.deck_id)
        graded_card = card if self._overlay is None else await self._overlay.card_for(found.guild_id, ref, card)
        grade = await grade_off_loop(text, graded_card)  # the grading thread, as /explain
        correct = attempt_points.open_correct(grade.hits, grade.total)
        left, total = _time_left(question, now)
        return await self._store_answer(
            found, question, card, user_id, name, now=now, rng=rng, correct=correct,
            points=rules.open_points(grade.hits, grade.total, left, total),
            attempt_points=attempt_points.open_points(grade.hits, grade.total), srs=rating_for_verdict(correct),
            text=text, hits=grade.hits, total=grade.total, grade=grade,
            concepts=tuple((v.name, v.hit) for v in grade.concepts))

    async def answer_cloze(self, guild_id: int | None, channel_id: int | None, round_id: int, position: int,
                           user_id: int, name: str, text: str, *, now: datetime, rng: random.Random) -> RoundAnswer:
        """The words typed for a cloze gap, graded as /flashcard's Type it grades them (typos allowed)."""
        found, question, card = await self.current_question(guild_id, channel_id, round_id, position, now=now)
        if not isinstance(card, ClozeGap):
            raise RoundError(CLOSED)
        await self._players_if_playing(found, user_id)
        text = str(text)[:MAX_ANSWER_CHARS]
        grade = grade_gap(text, card.answers, card.language)  # bounded work whatever is typed
        left, total = _time_left(question, now)
        return await self._store_answer(
            found, question, card, user_id, name, now=now, rng=rng, correct=grade.correct,
            points=rules.cloze_points(grade.correct, left, total),
            attempt_points=attempt_points.choice_points(grade.correct), srs=rating_for_verdict(grade.correct),
            text=text, cloze=grade)

    async def _players_if_playing(self, found: RoundRow, user_id: int) -> frozenset[int] | None:
        """With teams, the joined members (refused unless `user_id` is one); without, None (anyone plays)."""
        if not found.teams:
            return None
        players = frozenset(await self.store.players(found.id))
        if user_id not in players:
            raise RoundError(N_("Only members who joined a team play this round. Join the next one!"))
        return players

    async def _store_answer(self, found: RoundRow, question: QuestionRow, card: AnyCard, user_id: int, name: str, *,
                            now: datetime, rng: random.Random, correct: bool, points: int, attempt_points: int,
                            srs: FlashRating, choice: int | None = None, rating: FlashRating | None = None,
                            text: str | None = None, hits: int | None = None, total: int | None = None,
                            grade: GradeResult | None = None, cloze: ClozeGrade | None = None,
                            concepts: tuple[tuple[str, bool], ...] = ()) -> RoundAnswer:
        players = await self._players_if_playing(found, user_id)
        attempt = NewAttempt(
            user_id=user_id, guild_id=found.guild_id, deck_id=found.deck_id, card_id=card.id, kind=card.kind,
            level=card.level, source="round", question_key=f"round:{found.id}:{question.position}", choice=choice,
            answer_text=text, rating=int(rating) if rating is not None else None, correct=correct,
            concepts_hit=hits, concepts_total=total, points=attempt_points, answered_at=utc(now),
            srs_rating=int(srs), srs_seed=rng.getrandbits(32), concepts=concepts, deck_guild=found.deck_guild)
        recorded = await self.store.record_answer(attempt, found.id, question.position, points, to_ms(utc(now)),
                                                  str(name))
        if recorded.refused or recorded.stored is None:
            raise RoundError(CLOSED)
        if self._after_record is not None:
            self._after_record(attempt, recorded.stored)
        expected = players if players is not None else await self.expected(found, question.position)
        return RoundAnswer(card, recorded.correct, recorded.points, recorded.stored.duplicate,
                           rules.closes_early(recorded.answered, expected), grade, cloze)


def _question_pool(deck: Deck, kinds: tuple[str, ...], level: str | None) -> dict[str, DeckCard]:
    """The ids a round may ask, each with its deck card: a cloze card stands for each of its gaps, which
    stay ids until drawn (a deck of 2,000 cloze cards may have 40,000 gaps)."""
    pool: dict[str, DeckCard] = {}
    for card in deck.cards:
        if (level is not None and card.level != level) or card.kind not in kinds:
            continue
        for card_id in gap_ids(card) if isinstance(card, ClozeCard) else (card.id,):
            pool[card_id] = card
    return pool


def _asked(card: DeckCard, card_id: str) -> AnyCard:
    """The card a drawn id asks: the gap it names for a cloze card."""
    gap = split_gap_id(card_id) if isinstance(card, ClozeCard) else None
    return ClozeGap(card=card, number=gap[1]) if gap is not None and isinstance(card, ClozeCard) else card


def _time_left(question: QuestionRow, now: datetime) -> tuple[int, int]:
    assert question.deadline_ms is not None and question.opens_at_ms is not None
    return question.deadline_ms - to_ms(utc(now)), question.deadline_ms - question.opens_at_ms


def _shuffled_options(card: AnyCard, rng: random.Random) -> tuple[int, ...]:
    if not isinstance(card, ChoiceCard):
        return ()
    order = list(range(len(card.options)))
    rng.shuffle(order)
    return tuple(order)
