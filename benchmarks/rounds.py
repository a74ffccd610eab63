"""`python -m benchmarks.rounds [--quick] [--players N] [--questions N] [--json-out FILE]`: Discord requests
of a live round.

A round of 50 questions with 200 players (quick: 10 and 50) in 4 teams runs through the real services on
a temporary SQLite file and the real round loop (`bot.app.round_loop.RoundLoop`: the same steps the bot
takes), with a counting publisher in place of Discord, on simulated time: the loop's waits advance a
virtual clock, and the players answer inside them at their own moments. So a 50-question round takes
seconds, and every timing the rate limits care about is the round's own, not this machine's.

Players: everyone joins during the 30 s join phase (one click each); each question, every player answers
at a random moment in the first 80 % of its time, then again all within 1.5 s of the post (the burst
case); a right answer 70 % of the time; on every 10th question 5 % don't answer and it closes on its
timer. Each answer is one interaction callback. The deck is synthetic (60 multiple-choice cards).

Counted, per question and in all: the bot's own requests (question posts, the close's edit, the final
message, the history read that guards the final against a double post: the requests under the global
50/s limit) and the interaction callbacks (answers and joins; Discord doesn't count these against the
global limit). Reported against Discord's limits: at most 5 messages per 5 s in a channel (posts and
edits counted together, the strictest reading) and 50 requests/s overall (peaks over any 1 s window).
The wall-clock time of the whole run and the answers stored per second are printed for information.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app.round_loop import RoundLoop
from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core import rounds as rules
from bot.core.deck import ChoiceCard, Deck
from bot.services.round_views import CloseView, FinalView, QuestionView
from bot.services.rounds import RoundService

START = datetime(2026, 3, 2, 19, tzinfo=UTC)
GUILD, CHANNEL, HOST = 1, 2, 3
DECK = "bench-round"
SECONDS = 20


def bench_deck(cards: int = 60) -> Deck:
    """A deck with enough multiple-choice cards for 50 questions (the shipped decks have at most 9)."""
    return validate_deck({"id": DECK, "title": "Round benchmark", "cards": [
        {"id": f"q{n}", "kind": "choice", "level": "beginner", "question": f"Question {n}?", "explanation": "Because.",
         "options": [{"text": "right", "correct": True}, {"text": "wrong"}, {"text": "close"}, {"text": "far"}]}
        for n in range(cards)]})


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def seconds(self) -> float:
        return (self.now - START).total_seconds()


@dataclass
class CountingPublisher:
    """Records each request the bot would make, with the simulated second it is made at."""

    clock: Clock
    bot_requests: list[tuple[float, str]] = field(default_factory=list)
    posted: list[QuestionView] = field(default_factory=list)
    next_id: int = 1000

    def _record(self, what: str) -> int:
        self.bot_requests.append((self.clock.seconds(), what))
        self.next_id += 1
        return self.next_id

    async def send_question(self, view: object) -> int:
        assert isinstance(view, QuestionView)
        self.posted.append(view)
        return self._record("post")

    async def find_question(self, channel_id: int, marker: str) -> int | None:
        self._record("history")
        return None

    async def show_close(self, view: object) -> None:
        assert isinstance(view, CloseView)
        self._record("edit")

    async def send_final(self, view: object) -> int:
        assert isinstance(view, FinalView)
        return self._record("final")

    async def find_final(self, channel_id: int, marker: str) -> int | None:
        self._record("history")
        return None


class Players:
    """The simulated channel: answers each posted question at the players' own moments."""

    def __init__(self, service: RoundService, clock: Clock, publisher: CountingPublisher, round_id: int,
                 players: list[int], rng: random.Random, window: float) -> None:
        self.window = window
        self.service, self.clock, self.publisher = service, clock, publisher
        self.round_id, self.players, self.rng = round_id, players, rng
        self.pending: list[tuple[float, int, int]] = []  # (simulated second, player, option)
        self.seen = 0
        self.callbacks: list[float] = []
        self.stored = 0
        self.answer_seconds = 0.0

    def _schedule_new_questions(self) -> None:
        while self.seen < len(self.publisher.posted):
            view = self.publisher.posted[self.seen]
            self.seen += 1
            card = view.card
            assert isinstance(card, ChoiceCard) and view.question.opens_at_ms is not None
            opens = self.clock.seconds()
            skip = set(self.rng.sample(self.players, len(self.players) // 20)) if (view.question.position + 1) % 10 == 0 else set()
            wrong = [i for i in range(len(card.options)) if i != card.correct_index]
            for player in self.players:
                if player in skip:
                    continue
                at = opens + self.rng.uniform(0.5, 0.5 + self.window)
                option = card.correct_index if self.rng.random() < 0.7 else self.rng.choice(wrong)
                bisect.insort(self.pending, (at, player, option))

    async def wait(self, wake: asyncio.Event, seconds: float) -> None:
        """The loop's wait on simulated time: answers due before it ends are made, in order."""
        self._schedule_new_questions()
        until = self.clock.seconds() + seconds
        while self.pending and self.pending[0][0] <= until and not wake.is_set():
            at, player, option = self.pending.pop(0)
            self.clock.now = START + timedelta(seconds=at)
            position = self.publisher.posted[-1].question.position
            started = time.perf_counter()
            result = await self.service.answer_choice(GUILD, CHANNEL, self.round_id, position, player,
                                                      f"player {player}", option, now=self.clock(), rng=self.rng)
            self.answer_seconds += time.perf_counter() - started
            self.stored += 1
            self.callbacks.append(at)
            if result.all_in:
                wake.set()
        if not wake.is_set():
            self.clock.now = START + timedelta(seconds=until)


def peak_in_window(times: list[float], window: float) -> int:
    ordered, best, first = sorted(times), 0, 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


async def run(players_count: int, questions: int, seed: int, window: float) -> dict[str, Any]:
    """One round; each player answers `window` seconds or less after the question is posted."""
    decks = {DECK: bench_deck()}
    rng = random.Random(seed)
    clock = Clock()
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        services = await open_services(f"sqlite:///{folder}/recall.db", decks)
        try:
            rounds = services.rounds
            started = await rounds.start(GUILD, CHANNEL, HOST, deck_id=DECK, kind="choice", questions=questions,
                                         seconds=SECONDS, teams=4, now=clock(), rng=rng)
            asked = started.question_count
            publisher = CountingPublisher(clock)
            players = list(range(10_000, 10_000 + players_count))
            joins = []
            for player in players:
                clock.now = START + timedelta(seconds=rng.uniform(0, rules.JOIN_SECONDS - 1))
                joins.append(clock.seconds())
                await rounds.join(GUILD, CHANNEL, started.id, player, 1 + player % 4, f"player {player}", now=clock())
            clock.now = START
            crowd = Players(rounds, clock, publisher, started.id, players, rng, window)
            loop = RoundLoop(rounds, publisher, clock=clock, wait=crowd.wait)
            steps = 0
            while await loop.step(started.id):
                steps += 1
                if steps > 100_000:
                    raise RuntimeError("the round did not finish")
            board = await rounds.scores(GUILD, CHANNEL)
            assert board is not None and board.round.state == "finished"
        finally:
            await services.close()
    wall = time.perf_counter() - wall
    bot_times = [at for at, _what in publisher.bot_requests]
    channel_messages = [at for at, what in publisher.bot_requests if what in ("post", "edit", "final")]
    callbacks = crowd.callbacks + joins
    per_question_bot = (len(publisher.bot_requests)) / asked
    per_question_callbacks = len(crowd.callbacks) / asked
    duration = max(bot_times) if bot_times else 0.0
    return {
        "players": players_count, "questions": asked, "answer_window_s": window, "seconds_per_question": SECONDS,
        "answers": crowd.stored, "bot_requests": len(publisher.bot_requests),
        "bot_requests_by_kind": {kind: sum(1 for _a, w in publisher.bot_requests if w == kind)
                                 for kind in ("post", "edit", "final", "history")},
        "bot_requests_per_question": round(per_question_bot, 2),
        "callbacks_per_question": round(per_question_callbacks, 1),
        "all_requests_per_question": round(per_question_bot + per_question_callbacks, 1),
        "peak_bot_requests_per_1s": peak_in_window(bot_times, 1.0),
        "peak_channel_messages_per_5s": peak_in_window(channel_messages, 5.0),
        "peak_callbacks_per_1s": peak_in_window(callbacks, 1.0),
        "peak_all_requests_per_1s": peak_in_window(bot_times + callbacks, 1.0),
        "round_minutes_simulated": round(duration / 60, 1),
        "wall_seconds": round(wall, 1),
        "answers_stored_per_wall_second": round(crowd.stored / crowd.answer_seconds) if crowd.answer_seconds else 0,
    }


def rows(result: dict[str, Any]) -> list[dict[str, str]]:
    size = (f"{result['questions']} questions x {result['players']} players, answers spread over "
            f"{result['answer_window_s']:g} s")
    return [
        {"figure": f"{size}: Discord requests per question",
         "value": f"{result['bot_requests_per_question']} by the bot + {result['callbacks_per_question']} "
                  f"interaction callbacks = {result['all_requests_per_question']}",
         "note": "bot: 1 post + 1 edit per question (+ final and its history check once per round)"},
        {"figure": f"{size}: peak bot requests per second",
         "value": f"{result['peak_bot_requests_per_1s']}/s (global limit 50/s)",
         "note": f"callbacks peak {result['peak_callbacks_per_1s']}/s (not under the global limit); "
                 f"all together {result['peak_all_requests_per_1s']}/s"},
        {"figure": f"{size}: peak channel messages in any 5 s",
         "value": f"{result['peak_channel_messages_per_5s']} (limit 5)",
         "note": "posts, close edits and the final counted together"},
        {"figure": f"{size}: answers stored per second (wall clock)",
         "value": str(result["answers_stored_per_wall_second"]),
         "note": f"{result['answers']} answers one after another through the services, real SQLite; "
                 f"run {result['wall_seconds']} s"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10 questions x 50 players")
    parser.add_argument("--players", type=int, default=None)
    parser.add_argument("--questions", type=int, default=None)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument("--via", choices=("service", "fake"), default="service",
                        help="service: the services and round loop on simulated time (default); fake: the real bot "
                             "process against the fake Discord, in real time (benchmarks/rounds_fake.py)")
    parser.add_argument("--window", type=float, default=4.0, help="--via fake: seconds within which everyone answers")
    args = parser.parse_args()
    players = args.players or (50 if args.quick else 200)
    questions = args.questions or (10 if args.quick else 50)
    if args.via == "fake":
        from benchmarks.rounds_fake import run_fake

        result = asyncio.run(run_fake(players, questions, SECONDS, args.window, args.seed))
        print(json.dumps(result, indent=2))
        if args.json_out:
            args.json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        return
    table = []
    for window in (0.8 * SECONDS, 1.0):  # from 0.5 s after the post: over 16 s, or all within 1.5 s (a burst)
        result = asyncio.run(run(players, questions, args.seed, window))
        print(json.dumps(result, indent=2))
        table += rows(result)
    for row in table:
        print(f"{row['figure']}: {row['value']}  ({row['note']})")
    if args.json_out:
        args.json_out.write_text(json.dumps(table, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
