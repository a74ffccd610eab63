"""The round loop (bot.app.round_loop) on a real SQLite file with a recording publisher and a settable clock:
a restart that finds a claimed question already in the channel doesn't post it again, one that doesn't
posts it once with new times, a question whose time ran out while the bot was down is closed at once,
and a deleted channel ends the round."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.round_loop import RoundLoop
from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.core.instants import to_ms
from bot.services.bundle import Services
from bot.services.ports import ChannelGone
from bot.services.round_steps import Post
from bot.services.round_views import CloseView, FinalView, QuestionView

GUILD, CHANNEL, HOST, ALICE = 10, 30, 100, 101
START = datetime(2026, 3, 2, 12, tzinfo=UTC)


def deck() -> Deck:
    return validate_deck({"id": "loopy", "title": "Loopy", "cards": [
        {"id": f"c{n}", "kind": "choice", "level": "beginner", "question": f"Q{n}?", "explanation": "E",
         "options": [{"text": "right", "correct": True}, {"text": "wrong"}]} for n in range(6)]})


@dataclass
class Recorder:
    sent: list[tuple[str, int]] = field(default_factory=list)  # (what, position)
    in_channel: dict[str, int] = field(default_factory=dict)  # marker -> message id
    gone: bool = False

    async def send_question(self, view: object) -> int:
        assert isinstance(view, QuestionView)
        if self.gone:
            raise ChannelGone("the channel was deleted")
        self.sent.append(("post", view.question.position))
        return 1000 + view.question.position

    async def find_question(self, channel_id: int, marker: str) -> int | None:
        return self.in_channel.get(marker)

    async def show_close(self, view: object) -> None:
        assert isinstance(view, CloseView)
        self.sent.append(("edit", view.question.position))

    async def send_final(self, view: object) -> int:
        assert isinstance(view, FinalView)
        self.sent.append(("final", -1))
        return 5000

    async def find_final(self, channel_id: int, marker: str) -> int | None:
        return self.in_channel.get(marker)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


async def no_wait(wake: asyncio.Event, seconds: float) -> None:
    return None


async def claimed_but_not_recorded(url: str) -> int:
    """A round whose first question was claimed by a bot that died before recording the post."""
    services = await open_services(url, {"loopy": deck()})
    started = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="loopy", questions=5, seconds=20, now=START,
                                          rng=random.Random(1))
    assert isinstance(await services.rounds.next_step(started.id, START), Post)
    await services.close()
    return started.id


async def test_a_claimed_question_found_in_the_channel_is_not_posted_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/recall.db"
    round_id = await claimed_but_not_recorded(url)
    services: Services = await open_services(url, {"loopy": deck()})
    recorder, clock = Recorder(in_channel={f"Round {round_id} · question 1": 777}), Clock(START + timedelta(seconds=5))
    loop = RoundLoop(services.rounds, recorder, clock=clock, wait=no_wait)
    assert await loop.step(round_id)
    assert recorder.sent == []  # found: recorded, not sent
    questions = await services.rounds.store.questions(round_id)
    assert questions[0].message_id == 777 and questions[0].deadline_ms == to_ms(START + timedelta(seconds=20))
    await services.close()


async def test_a_claimed_question_not_in_the_channel_is_posted_once_with_new_times(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/recall.db"
    round_id = await claimed_but_not_recorded(url)
    services = await open_services(url, {"loopy": deck()})
    recorder, clock = Recorder(), Clock(START + timedelta(seconds=50))
    loop = RoundLoop(services.rounds, recorder, clock=clock, wait=no_wait)
    assert await loop.step(round_id)
    assert await loop.step(round_id)  # now waiting for answers: nothing more is sent
    assert recorder.sent == [("post", 0)]
    (first, *_rest) = await services.rounds.store.questions(round_id)
    assert (first.opens_at_ms, first.deadline_ms) == (to_ms(clock.now), to_ms(clock.now + timedelta(seconds=20)))
    await services.close()


async def test_time_up_while_down_closes_the_question_and_the_round_goes_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/recall.db"
    services = await open_services(url, {"loopy": deck()})
    started = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="loopy", questions=5, seconds=20, now=START,
                                          rng=random.Random(1))
    recorder, clock = Recorder(), Clock()
    loop = RoundLoop(services.rounds, recorder, clock=clock, wait=no_wait)
    assert await loop.step(started.id)
    await services.rounds.answer_choice(GUILD, CHANNEL, started.id, 0, ALICE, "alice", 0, now=START, rng=random.Random())
    await services.close()

    services = await open_services(url, {"loopy": deck()})  # back 2 minutes later
    clock.now = START + timedelta(minutes=2)
    loop = RoundLoop(services.rounds, recorder, clock=clock, wait=no_wait)
    assert await loop.resume_all() == 1
    for _ in range(200):
        if ("final", -1) in recorder.sent:
            break
        await asyncio.sleep(0.01)
        clock.now += timedelta(seconds=30)  # every later question runs out of time too
    await loop.stop()
    posts = [position for what, position in recorder.sent if what == "post"]
    edits = [position for what, position in recorder.sent if what == "edit"]
    assert posts == [0, 1, 2, 3, 4] and edits == [0, 1, 2, 3, 4] and recorder.sent[-1] == ("final", -1)
    board = await services.rounds.scores(GUILD, CHANNEL)
    assert board is not None and [(m.name, m.points) for m in board.members] == [("alice", 100)]
    await services.close()


async def test_a_deleted_channel_ends_the_round(tmp_path: Path) -> None:
    services = await open_services(f"sqlite:///{tmp_path}/recall.db", {"loopy": deck()})
    started = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="loopy", questions=5, now=START,
                                          rng=random.Random(1))
    recorder = Recorder(gone=True)
    loop = RoundLoop(services.rounds, recorder, clock=Clock(), wait=no_wait)
    loop.drive(started.id)
    await asyncio.wait_for(loop.wait_done(started.id), timeout=10)
    ended = await services.rounds.store.round(started.id)
    assert ended is not None and ended.state == "stopped" and await services.rounds.resumable() == []
    await services.close()
