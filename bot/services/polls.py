"""Native polls of scheduled choice questions: votes as they arrive, and the end (expiry or an admin).

At the end the final voters are read from the API (events are missed while the bot is down), each
voter is credited through the answer service with source "poll" and the question key
`poll:<message id>` (the attempts table's unique key makes crediting exactly once, also across
restarts), and one reply reveals the answer: the reveal is claimed in the database first, so two
processes or a restart never reply twice; a claim whose reply id was not recorded is resolved by
looking for the reply in the channel.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime

from bot.core.deck import ChoiceCard
from bot.core.errors import InvalidSetting, RecallError
from bot.core.instants import from_ms, to_ms, utc
from bot.core.messages import N_, Marked, plain
from bot.core.shards import ShardSet, serves
from bot.services.api import Learner, Recall
from bot.services.catalogue import DeckCatalogue
from bot.services.ports import ChannelGone, Publisher
from bot.services.schedule_records import PostRow
from bot.services.server_ports import PollStore

log = logging.getLogger("recall.polls")


@dataclass(frozen=True, slots=True)
class PollResult:
    post_id: int
    voters: int
    correct: int
    credited: int  # attempts recorded now (0 when an earlier run already credited everyone)
    revealed: bool  # this call sent the reveal


def reveal_text(card: ChoiceCard, voters: int, correct: int) -> Marked:
    """The reveal posted under a poll, clipped to Discord's 2,000 characters."""
    answer, explanation = card.options[card.correct_index].text, card.explanation
    if not voters:
        text = Marked(N_("**Answer:** {answer}\n{explanation}\nNobody voted. Every voter earned a study day."),
                      answer=answer, explanation=explanation)
    elif voters == 1:
        text = Marked(N_("**Answer:** {answer}\n{explanation}\n{correct} of 1 voter got it right. Every voter earned a "
                         "study day."), answer=answer, explanation=explanation, correct=correct)
    else:
        text = Marked(N_("**Answer:** {answer}\n{explanation}\n{correct} of {voters} voters got it right. Every voter "
                         "earned a study day."), answer=answer, explanation=explanation, correct=correct, voters=voters)
    return text if len(text) <= 2000 else plain(text[:2000])


class PollService:
    def __init__(self, store: PollStore, answers: Recall, catalogue: DeckCatalogue) -> None:
        """`answers` credits the voters (source "poll"); `catalogue` reads each post's card."""
        self.store = store
        self.answers = answers
        self.catalogue = catalogue

    async def on_vote(self, message_id: int, user_id: int, answer_id: int, *, added: bool, now: datetime) -> bool:
        """Record a vote event; False when the message is not one of our polls (or already ended)."""
        post = await self.store.post_by_message(message_id)
        if post is None or post.form != "poll" or post.poll_ended_at_ms is not None:
            return False
        await self.store.record_vote(post.id, user_id, answer_id, added=added, now_ms=to_ms(utc(now)))
        return True

    async def close_due(self, publisher: Publisher, *, now: datetime, rng: random.Random,
                        servers: ShardSet | None = None) -> list[PollResult]:
        """End the polls whose expiry has passed (Discord closed them): reconcile, credit, reveal. `servers`:
        only those shards' servers (None: every server)."""
        results = []
        for post in await self.store.polls_to_close(to_ms(utc(now))):
            if not serves(servers, post.guild_id):
                continue
            result = await self._finish(post, publisher, now=now, rng=rng)
            if result is not None:
                results.append(result)
        return results

    async def end_now(self, guild_id: int, schedule_id: int, publisher: Publisher, *, now: datetime,
                      rng: random.Random) -> PollResult:
        """/schedule end-poll: end the schedule's open poll early (Message.end_poll) and reveal."""
        post = await self.store.open_poll_of(guild_id, int(schedule_id))
        if post is None or post.message_id is None:
            raise InvalidSetting(N_("Schedule #{schedule} has no open poll."), schedule=str(schedule_id))
        try:
            await publisher.end_poll(post.channel_id, post.message_id)
        except ChannelGone as gone:
            raise InvalidSetting(N_("I can't reach that poll any more ({reason})."), reason=gone.reason) from gone
        result = await self._finish(post, publisher, now=now, rng=rng)
        if result is None:
            raise InvalidSetting(N_("That poll was already ended."))
        return result

    async def _finish(self, post: PostRow, publisher: Publisher, *, now: datetime, rng: random.Random) -> PollResult | None:
        assert post.message_id is not None
        card = self._card(post)
        try:
            voters = await publisher.poll_voters(post.channel_id, post.message_id)
        except ChannelGone as gone:
            log.warning("poll of post %d is gone (%s): no reveal", post.id, gone.reason)
            await self.store.set_final_votes(post.id, {}, to_ms(utc(now)))
            await self.store.claim_reveal(post.id)
            return None
        await self.store.set_final_votes(post.id, voters, to_ms(utc(now)))
        credited = correct = 0
        votes = await self.store.votes(post.id)
        seen_users: set[int] = set()
        for user_id, answer_id, voted_at in votes:
            if user_id in seen_users or card is None:
                continue  # one answer per member (a poll without multiselect has one anyway)
            seen_users.add(user_id)
            index = answer_id - 1  # answers are posted in the deck's order, answer ids from 1
            if not 0 <= index < len(card.options):
                continue
            try:
                outcome = await self.answers.answer_choice(
                    Learner(user_id, post.guild_id), post.deck_id, post.card_id, index,
                    now=min(from_ms(voted_at), utc(now)), rng=rng, source="poll",
                    question_key=f"poll:{post.message_id}")
            except RecallError as error:
                log.warning("poll %d: could not credit %d: %s", post.id, user_id, error.user_message)
                continue
            credited += 0 if outcome.duplicate else 1
            correct += int(outcome.correct)
        revealed = False
        if card is not None and await self.store.claim_reveal(post.id):
            reply_id = await publisher.reply(post.channel_id, post.message_id, reveal_text(card, len(seen_users), correct))
            await self.store.set_reveal_message(post.id, reply_id)
            revealed = True
        elif card is None:
            await self.store.claim_reveal(post.id)
        return PollResult(post.id, len(seen_users), correct, credited, revealed)

    def _card(self, post: PostRow) -> ChoiceCard | None:
        try:
            card = self.catalogue.card(post.guild_id, post.deck_id, post.card_id)  # as the poll's server sees it
        except RecallError:
            return None
        return card if isinstance(card, ChoiceCard) else None

    async def reconcile(self, publisher: Publisher, *, now: datetime, servers: ShardSet | None = None) -> int:
        """Reveals claimed but not recorded (a crash in between): found in the channel, else sent now.
        `servers`: only those shards' servers (None: every server)."""
        sent = 0
        for post in await self.store.unrevealed_claims():
            card = self._card(post)
            if card is None or post.message_id is None or not serves(servers, post.guild_id):
                continue
            try:
                found = await publisher.find_reply(post.channel_id, post.message_id)
                if found is None:
                    votes = await self.store.votes(post.id)
                    voters = len({user for user, _a, _t in votes})
                    right = len({user for user, answer, _t in votes if answer - 1 == card.correct_index})
                    found = await publisher.reply(post.channel_id, post.message_id, reveal_text(card, voters, right))
                    sent += 1
            except ChannelGone:
                continue
            await self.store.set_reveal_message(post.id, found)
        return sent
