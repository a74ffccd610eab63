"""A round's next step, decided from the database: wait, post the next question, show a close, post the
final scores, or nothing more to do. The round loop (`bot.app.round_loop`) performs the step and reports
it back (`question_posted`, `close_was_shown`, `final_posted`).

Claims make each step happen once across restarts: a question is claimed (`begin_question`) before it
is sent and its message id stored after; a question claimed but never recorded as sent is looked for in
the channel first (`Post.maybe_sent`), and only sent again, with new times, if it isn't there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core import rounds as rules
from bot.core.deck import AnyCard
from bot.core.instants import to_ms, utc
from bot.core.shards import ShardSet, serves
from bot.services.api import DeckRef
from bot.services.catalogue import DeckCatalogue
from bot.services.round_ports import RoundStore
from bot.services.round_records import QuestionRow, RoundRow
from bot.services.round_views import (
    CloseView,
    FinalView,
    MissedQuestion,
    QuestionView,
    Scoreboard,
    final_marker,
    missed_counts,
    question_marker,
    scoreboard,
)

MAX_STEPS = 8  # claims within one call (close, then begin the next); the loop calls again after


@dataclass(frozen=True, slots=True)
class Wait:
    until_ms: int


@dataclass(frozen=True, slots=True)
class Post:
    view: QuestionView
    maybe_sent: bool  # claimed earlier but not recorded as sent: look for it before sending


@dataclass(frozen=True, slots=True)
class Close:
    view: CloseView


@dataclass(frozen=True, slots=True)
class Final:
    view: FinalView


@dataclass(frozen=True, slots=True)
class Done:
    pass


Step = Wait | Post | Close | Final | Done


class RoundSteps:
    def __init__(self, store: RoundStore, catalogue: DeckCatalogue) -> None:
        self.store = store
        self.catalogue = catalogue

    def _card(self, found: RoundRow, card_id: str) -> AnyCard | None:
        return self.catalogue.deck_card(found.deck_guild, found.deck_id, card_id, viewer=found.guild_id)

    def deck_title(self, found: RoundRow) -> str:
        deck = self.catalogue.deck(DeckRef(found.deck_guild, found.deck_id), viewer=found.guild_id)
        return deck.title if deck is not None else found.deck_id

    async def expected(self, found: RoundRow, position: int) -> frozenset[int]:
        """Who must answer before a question closes early: the joined members, or (without teams) those
        who answered the previous question."""
        if found.teams:
            return frozenset(await self.store.players(found.id))
        if position <= 0:
            return frozenset()
        return await self.store.answered(found.id, position - 1)

    async def resumable(self, servers: ShardSet | None = None) -> list[int]:
        """Rounds a starting bot must drive: running ones, and ended ones with messages still to send;
        `servers`: only those shards' servers (a shard process's own; None: every server)."""
        return [found.id for found in await self.store.active_rounds() if serves(servers, found.guild_id)]

    # --- the next step -----------------------------------------------------------------------------
    async def next_step(self, round_id: int, now: datetime) -> Step:
        now_ms = to_ms(utc(now))
        for _ in range(MAX_STEPS):
            found = await self.store.round(round_id)
            if found is None:
                return Done()
            questions = await self.store.questions(round_id)
            step = await self._step(found, questions, now_ms)
            if step is not None:
                return step
        return Wait(now_ms)  # claims moved on: the loop asks again at once

    async def _step(self, found: RoundRow, questions: list[QuestionRow], now_ms: int) -> Step | None:
        """A step to perform, or None after a claim (then the state is read again)."""
        if not found.active:
            return await self._ending(found, questions)
        if found.current < 0:
            if found.state == "joining" and found.join_ends_at_ms is not None and now_ms < found.join_ends_at_ms:
                return Wait(found.join_ends_at_ms)
            if found.teams and not await self.store.players(found.id):
                await self.store.claim_final(found.id, "stopped", now_ms)  # nobody joined
                return None
            return await self._begin(found, 0, now_ms)
        question = questions[found.current]
        if question.closed_at_ms is None:
            if question.message_id is None:
                return Post(self._question_view(found, question), maybe_sent=True)
            assert question.deadline_ms is not None
            answered = await self.store.answered(found.id, question.position)
            if now_ms >= question.deadline_ms or rules.closes_early(answered, await self.expected(found, question.position)):
                await self.store.close_question(found.id, question.position, now_ms)
                return None
            return Wait(question.deadline_ms)
        if not question.close_shown:
            return Close(await self.close_view(found, question))
        next_at = question.closed_at_ms + rules.REVEAL_SECONDS * 1000
        if now_ms < next_at:
            return Wait(next_at)
        if found.current + 1 < len(questions):
            return await self._begin(found, found.current + 1, now_ms)
        await self.store.claim_final(found.id, "finished", now_ms)
        return None

    async def _ending(self, found: RoundRow, questions: list[QuestionRow]) -> Step:
        for question in questions:
            if question.closed_at_ms is not None and question.message_id is not None and not question.close_shown:
                return Close(await self.close_view(found, question))
        if found.final_message_id is None:
            return Final(await self.final_view(found))
        return Done()

    async def _begin(self, found: RoundRow, position: int, now_ms: int) -> Post | None:
        """Claim the question at `position`: the post to send (None if another caller claimed it)."""
        if not await self.store.begin_question(found.id, position, now_ms, now_ms + found.seconds * 1000):
            return None
        refreshed = await self.store.round(found.id)
        assert refreshed is not None
        question = (await self.store.questions(found.id))[position]
        return Post(self._question_view(refreshed, question), maybe_sent=False)

    # --- what the loop reports back ----------------------------------------------------------------
    async def question_posted(self, round_id: int, position: int, message_id: int) -> None:
        await self.store.question_posted(round_id, position, message_id)

    async def retimed_question(self, round_id: int, position: int, now: datetime) -> QuestionView:
        """New times for a claimed question found not to have been sent; the view to send now."""
        found = await self.store.round(round_id)
        assert found is not None
        now_ms = to_ms(utc(now))
        await self.store.retime_question(round_id, position, now_ms, now_ms + found.seconds * 1000)
        question = (await self.store.questions(round_id))[position]
        return self._question_view(found, question)

    async def abandon(self, round_id: int, *, now: datetime) -> None:
        """The channel is gone: end the round with nothing more to send."""
        await self.store.claim_final(round_id, "stopped", to_ms(utc(now)))
        for question in await self.store.questions(round_id):
            await self.store.close_shown(round_id, question.position)
        await self.store.final_posted(round_id, 0)

    async def close_was_shown(self, round_id: int, position: int) -> None:
        await self.store.close_shown(round_id, position)

    async def final_posted(self, round_id: int, message_id: int) -> None:
        await self.store.final_posted(round_id, message_id)

    # --- views -------------------------------------------------------------------------------------
    def _question_view(self, found: RoundRow, question: QuestionRow) -> QuestionView:
        card = self._card(found, question.card_id)  # None: it left the deck mid-round (its timer closes it)
        return QuestionView(found, question, card, self.deck_title(found), question_marker(found.id, question.position))

    async def board(self, found: RoundRow) -> Scoreboard:
        questions = await self.store.questions(found.id)
        closed = sum(1 for q in questions if q.closed_at_ms is not None)
        return scoreboard(found, await self.store.players(found.id), await self.store.answers(found.id), closed)

    async def close_view(self, found: RoundRow, question: QuestionRow) -> CloseView:
        players = await self.store.players(found.id)
        answers = await self.store.answers(found.id)
        here = [a for a in answers if a.position == question.position]
        right = tuple((players.get(a.user_id, (0, ""))[1], a.points)
                      for a in sorted(here, key=lambda a: (a.answered_at_ms, a.user_id)) if a.correct)
        closed = sum(1 for q in await self.store.questions(found.id) if q.closed_at_ms is not None)
        return CloseView(found, question, self._card(found, question.card_id), right, len(here),
                         scoreboard(found, players, answers, closed))

    async def final_view(self, found: RoundRow) -> FinalView:
        questions = await self.store.questions(found.id)
        players = await self.store.players(found.id)
        answers = await self.store.answers(found.id)
        closed = sum(1 for q in questions if q.closed_at_ms is not None)
        counts = missed_counts(questions, players, answers)
        worst = tuple(MissedQuestion(pos, self._card(found, questions[pos].card_id), n)
                      for pos, n in rules.most_missed(counts))
        return FinalView(found, scoreboard(found, players, answers, closed), worst, final_marker(found.id))

    # --- members' reads ----------------------------------------------------------------------------
    async def scores(self, guild_id: int, channel_id: int) -> Scoreboard | None:
        """The channel's running round's board, else its latest round's."""
        found = await self.store.active_round(guild_id, channel_id) or await self.store.latest_round(guild_id, channel_id)
        return await self.board(found) if found is not None else None

    async def missed_cards(self, guild_id: int | None, channel_id: int | None, round_id: int,
                           user_id: int) -> list[tuple[DeckRef, str, AnyCard]] | None:
        """The round's asked cards the member didn't get right, for a private review drill; None when the
        member didn't play it (or the round isn't this channel's)."""
        found = await self.store.round(int(round_id))
        if found is None or found.guild_id != guild_id or found.channel_id != channel_id:
            return None
        if user_id not in await self.store.players(found.id):
            return None
        right = {a.position for a in await self.store.answers(found.id) if a.user_id == user_id and a.correct}
        ref, title = DeckRef(found.deck_guild, found.deck_id), self.deck_title(found)
        cards = []
        for question in await self.store.questions(found.id):
            card = self._card(found, question.card_id)
            if question.opens_at_ms is not None and question.position not in right and card is not None:
                cards.append((ref, title, card))
        return cards
