"""Live rounds through the services on each backend (SQLite, PostgreSQL): teams, points, closes, restarts, scoping."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.core.instants import to_ms
from bot.services.api import Learner
from bot.services.bundle import Services
from bot.services.round_steps import Close, Done, Final, Post, Wait
from bot.services.rounds import RoundError

GUILD, OTHER_GUILD, CHANNEL, CHANNEL_2 = 10, 11, 30, 31
HOST, ALICE, BOB, CAROL, DAN = 100, 101, 102, 103, 104
START = datetime(2026, 3, 2, 12, tzinfo=UTC)


def round_deck() -> Deck:
    cards: list[dict[str, object]] = [
        {"id": f"c{n}", "kind": "choice", "level": "beginner", "question": f"Q{n}?", "explanation": f"E{n}",
         "options": [{"text": "right", "correct": True}, {"text": "wrong"}, {"text": "also wrong"}]}
        for n in range(6)
    ]
    cards += [
        {"id": "f1", "kind": "flashcard", "level": "beginner", "front": "F1?", "back": "B1"},
        {"id": "o1", "kind": "open", "level": "beginner", "prompt": "Explain",
         "concepts": [{"name": "alpha", "keywords": ["alpha"]}, {"name": "beta", "keywords": ["beta"]}]},
    ]
    return validate_deck({"id": "roundy", "title": "Roundy", "cards": cards})


@pytest.fixture
def url(backend_url: str) -> str:
    return backend_url


@pytest.fixture
async def services(url: str) -> Services:
    return await open_services(url, {"roundy": round_deck()})


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


async def post_next(services: Services, round_id: int, now: datetime, message_id: int) -> Post:
    step = await services.rounds.next_step(round_id, now)
    assert isinstance(step, Post), step
    await services.rounds.question_posted(round_id, step.view.question.position, message_id)
    return step


def right_option(step: Post) -> int:
    return 0  # every card of the deck has its right answer first (the shown order is shuffled, not the indexes)


async def test_a_team_round_scores_exactly_and_closes_early(services: Services) -> None:
    rng = random.Random(5)
    rounds = services.rounds
    started = await rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", kind="choice", questions=5, seconds=20,
                                 teams=2, now=START, rng=rng)
    assert started.state == "joining" and started.question_count == 5
    assert await rounds.next_step(started.id, at(1)) == Wait(to_ms(at(30)))
    assert await rounds.join(GUILD, CHANNEL, started.id, ALICE, 1, "alice", now=at(2)) == 1
    await rounds.join(GUILD, CHANNEL, started.id, BOB, 1, "bob", now=at(3))
    await rounds.join(GUILD, CHANNEL, started.id, BOB, 2, "bob", now=at(4))  # switched
    await rounds.join(GUILD, CHANNEL, started.id, CAROL, 1, "carol", now=at(5))
    with pytest.raises(RoundError):
        await rounds.join(GUILD, CHANNEL, started.id, DAN, 3, "dan", now=at(6))  # no third team
    with pytest.raises(RoundError):
        await rounds.join(OTHER_GUILD, CHANNEL, started.id, DAN, 1, "dan", now=at(6))  # forged from elsewhere

    first = await post_next(services, started.id, at(30), 900)
    assert first.view.question.position == 0 and not first.maybe_sent
    with pytest.raises(RoundError):
        await rounds.join(GUILD, CHANNEL, started.id, DAN, 1, "dan", now=at(31))  # joining is over
    with pytest.raises(RoundError):  # didn't join: doesn't play
        await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, DAN, "dan", 0, now=at(31), rng=rng)
    a = await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, ALICE, "alice", 0, now=at(30), rng=rng)
    assert (a.correct, a.points, a.all_in) == (True, 100, False)
    b = await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, BOB, "bob", 0, now=at(40), rng=rng)
    assert b.points == 75
    again = await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, BOB, "bob", 1, now=at(41), rng=rng)
    assert again.duplicate and again.points == 75 and again.correct  # the first answer stands
    c = await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, CAROL, "carol", 2, now=at(45), rng=rng)
    assert (c.correct, c.points, c.all_in) == (False, 0, True)
    close = await rounds.next_step(started.id, at(45))
    assert isinstance(close, Close)
    assert close.view.right == (("alice", 100), ("bob", 75)) and close.view.answered == 3
    assert [(line.rank, line.name, line.points) for line in close.view.board.members] == [
        (1, "alice", 100), (2, "bob", 75), (3, "carol", 0)]
    assert [(t.rank, t.team, t.points, t.members) for t in close.view.board.teams] == [(1, 1, 100, 2), (2, 2, 75, 1)]
    with pytest.raises(RoundError):  # closed
        await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, CAROL, "carol", 0, now=at(46), rng=rng)
    await rounds.close_was_shown(started.id, 0)

    # Question 2: only alice answers; it closes when its time is up.
    assert await rounds.next_step(started.id, at(46)) == Wait(to_ms(at(48)))  # 3 s to read the answer
    second = await post_next(services, started.id, at(48), 901)
    assert second.view.question.position == 1
    await rounds.answer_choice(GUILD, CHANNEL, started.id, 1, ALICE, "alice", 0, now=at(58), rng=rng)  # 10 s left
    assert await rounds.next_step(started.id, at(60)) == Wait(to_ms(at(68)))
    with pytest.raises(RoundError):  # past its time, not yet closed by the loop: refused all the same
        await rounds.answer_choice(GUILD, CHANNEL, started.id, 1, BOB, "bob", 0, now=at(68.5), rng=rng)
    assert isinstance(await rounds.next_step(started.id, at(68)), Close)
    await rounds.close_was_shown(started.id, 1)
    for position in range(2, 5):
        step = await post_next(services, started.id, at(70 + 30 * position), 900 + position)
        assert step.view.question.position == position
        now = at(70 + 30 * position)
        for user, name in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")):
            await rounds.answer_choice(GUILD, CHANNEL, started.id, position, user, name, 0, now=now, rng=rng)
        assert isinstance(await rounds.next_step(started.id, now), Close)
        await rounds.close_was_shown(started.id, position)
    final = await rounds.next_step(started.id, at(200))
    assert isinstance(final, Final)
    board = final.view.board
    assert [(m.rank, m.name, m.points, m.correct, m.answered) for m in board.members] == [
        (1, "alice", 475, 5, 5), (2, "bob", 375, 4, 4), (3, "carol", 300, 3, 4)]
    assert [(t.team, t.points) for t in board.teams] == [(1, 775), (2, 375)]
    assert [(m.position, m.missed) for m in final.view.most_missed] == [(1, 2), (0, 1)]
    await rounds.final_posted(started.id, 999)
    assert isinstance(await rounds.next_step(started.id, at(201)), Done)

    # Answers are attempts like any other: streaks and points count them.
    streak = await services.recall.streak(Learner(ALICE, GUILD), now=at(200))
    assert streak is not None and streak.current == 1 and streak.points == 50  # 5 right choices x 10
    missed = await rounds.missed_cards(GUILD, CHANNEL, started.id, CAROL)
    assert len(missed) == 2
    assert await rounds.missed_cards(OTHER_GUILD, CHANNEL, started.id, CAROL) is None  # another server asking
    assert await rounds.missed_cards(GUILD, CHANNEL, started.id, DAN) is None  # didn't play
    assert await rounds.missed_cards(GUILD, CHANNEL, started.id, ALICE) == []  # right every time
    await services.close()


async def test_a_restart_resumes_the_question_and_keeps_its_answers(url: str) -> None:
    rng = random.Random(7)
    services = await open_services(url, {"roundy": round_deck()})
    started = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", questions=5, seconds=20,
                                          now=START, rng=rng)
    assert started.state == "running"
    await post_next(services, started.id, START, 900)
    await services.rounds.answer_choice(GUILD, CHANNEL, started.id, 0, ALICE, "alice", 0, now=at(5), rng=rng)
    await services.close()

    services = await open_services(url, {"roundy": round_deck()})
    assert await services.rounds.resumable() == [started.id]
    assert await services.rounds.next_step(started.id, at(8)) == Wait(to_ms(at(20)))  # same deadline, not re-posted
    await services.rounds.answer_choice(GUILD, CHANNEL, started.id, 0, BOB, "bob", 1, now=at(9), rng=rng)
    close = await services.rounds.next_step(started.id, at(20))
    assert isinstance(close, Close) and close.view.answered == 2 and close.view.right == (("alice", 88),)
    await services.rounds.close_was_shown(started.id, 0)
    # The next question is claimed, then the bot dies before recording that it was sent.
    claimed = await services.rounds.next_step(started.id, at(23))
    assert isinstance(claimed, Post) and not claimed.maybe_sent
    await services.close()

    services = await open_services(url, {"roundy": round_deck()})
    again = await services.rounds.next_step(started.id, at(40))
    assert isinstance(again, Post) and again.maybe_sent and again.view.question.position == 1
    view = await services.rounds.retimed_question(started.id, 1, at(40))  # not found in the channel: new times
    assert view.question.deadline_ms == to_ms(at(60))
    await services.rounds.question_posted(started.id, 1, 901)
    assert await services.rounds.next_step(started.id, at(41)) == Wait(to_ms(at(60)))
    await services.close()


async def test_one_round_per_channel_and_two_channels_at_once(services: Services) -> None:
    rng = random.Random(3)
    one = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", questions=5, now=START, rng=rng)
    with pytest.raises(RoundError, match="already running"):
        await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", questions=5, now=START, rng=rng)
    two = await services.rounds.start(GUILD, CHANNEL_2, HOST, deck_id="roundy", kind="mixed", questions=8, now=START,
                                      rng=rng)
    assert one.id != two.id and two.question_count == 8
    await post_next(services, one.id, START, 900)
    await post_next(services, two.id, START, 901)
    with pytest.raises(RoundError):  # round one's button clicked in channel two: refused
        await services.rounds.answer_choice(GUILD, CHANNEL_2, one.id, 0, ALICE, "alice", 0, now=at(1), rng=rng)
    stopped = await services.rounds.stop(GUILD, CHANNEL, now=at(2))
    assert stopped.state == "stopped"
    step = await services.rounds.next_step(one.id, at(2))
    assert isinstance(step, Close)  # the open question's close is still shown, then the final
    await services.rounds.close_was_shown(one.id, 0)
    assert isinstance(await services.rounds.next_step(one.id, at(3)), Final)
    with pytest.raises(RoundError):
        await services.rounds.stop(GUILD, CHANNEL, now=at(3))
    again = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", questions=5, now=at(4), rng=rng)
    assert again.id not in (one.id, two.id)
    await services.close()


async def test_flashcard_and_open_answers(services: Services) -> None:
    rng = random.Random(9)
    flash = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", kind="flashcard", questions=5,
                                        now=START, rng=rng)
    assert flash.question_count == 1  # the deck has one flashcard
    await post_next(services, flash.id, START, 900)
    knew = await services.rounds.answer_flashcard(GUILD, CHANNEL, flash.id, 0, ALICE, "alice", True, now=at(19), rng=rng)
    assert (knew.points, knew.correct) == (50, True)
    nope = await services.rounds.answer_flashcard(GUILD, CHANNEL, flash.id, 0, BOB, "bob", False, now=at(1), rng=rng)
    assert (nope.points, nope.correct) == (0, False)
    await services.rounds.stop(GUILD, CHANNEL, now=at(2))

    opened = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", kind="open", questions=5, seconds=40,
                                         now=at(10), rng=rng)
    await post_next(services, opened.id, at(10), 901)
    graded = await services.rounds.answer_open(GUILD, CHANNEL, opened.id, 0, ALICE, "alice", "alpha only",
                                               now=at(30), rng=rng)
    assert graded.grade is not None and (graded.grade.hits, graded.grade.total) == (1, 2)
    assert graded.points == round(100 * 1 / 2 * 0.75)  # 37.5 -> 38
    await services.close()


async def test_bad_settings_are_refused(services: Services) -> None:
    rng = random.Random(1)
    for kwargs in ({"questions": 4}, {"seconds": 121}, {"teams": 1}, {"kind": "cloze"}, {"deck_id": "nope"}):
        arguments: dict[str, object] = {"deck_id": "roundy", **kwargs}
        with pytest.raises(RoundError):
            await services.rounds.start(GUILD, CHANNEL, HOST, now=START, rng=rng, **arguments)  # type: ignore[arg-type]
    assert await services.rounds.scores(GUILD, CHANNEL) is None
    await services.close()


async def test_round_answers_reach_after_record_and_the_round_role_decides(services: Services) -> None:
    """Answers are told to the same hook as every other attempt (role rewards count them)."""
    from bot.services.rounds import RoundService

    seen: list[tuple[str, int, bool]] = []
    rounds = RoundService(services.rounds.store, services.catalogue,
                          after_record=lambda attempt, stored: seen.append((attempt.source, attempt.user_id,
                                                                           stored.duplicate)))
    rng = random.Random(2)
    started = await rounds.start(GUILD, CHANNEL, HOST, deck_id="roundy", questions=5, now=START, rng=rng)
    step = await rounds.next_step(started.id, START)
    assert isinstance(step, Post)
    await rounds.question_posted(started.id, 0, 900)
    await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, ALICE, "alice", 0, now=at(1), rng=rng)
    await rounds.answer_choice(GUILD, CHANNEL, started.id, 0, ALICE, "alice", 1, now=at(2), rng=rng)
    assert seen == [("round", ALICE, False), ("round", ALICE, True)]

    assert not await rounds.may_run(GUILD, [555], manage_server=False)  # no role set: Manage Server only
    assert await rounds.may_run(GUILD, [], manage_server=True)
    await rounds.set_round_role(GUILD, 555)
    assert await rounds.round_role(GUILD) == 555
    assert await rounds.may_run(GUILD, [1, 555], manage_server=False)
    assert not await rounds.may_run(OTHER_GUILD, [555], manage_server=False)  # another server's setting
    await rounds.set_round_role(GUILD, None)
    assert not await rounds.may_run(GUILD, [555], manage_server=False)
    await services.close()
