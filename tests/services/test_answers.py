"""Answering: verdicts, points, duplicates by question_key, appeals, DMs, bad and hostile input."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.app.wiring import open_services
from bot.services.api import FlashRating, Learner
from bot.services.bundle import Services
from bot.services.errors import InvalidAnswer, NotAppealable, UnknownCard
from tests.services.conftest import NOW
from tests.services.stored import one

MEMBER = Learner(user_id=11, guild_id=500)


async def test_choice_right_and_wrong(services: Services, rng: random.Random) -> None:
    right = await services.recall.answer_choice(MEMBER, "tiny", "c1", 0, now=NOW, rng=rng)
    wrong = await services.recall.answer_choice(MEMBER, "tiny", "c1", 1, now=NOW, rng=rng)
    assert (right.correct, right.points, right.correct_index, right.chosen_index) == (True, 10, 0, 0)
    assert (wrong.correct, wrong.points, wrong.chosen_index) == (False, 1, 1)
    assert right.attempt_id != wrong.attempt_id
    assert wrong.streak is not None and wrong.streak.current == 1 and wrong.streak.points == 11
    assert wrong.next_review is not None and wrong.next_review - NOW <= timedelta(minutes=10)  # Again


async def test_open_answer_is_graded_by_concepts(services: Services, rng: random.Random) -> None:
    half = await services.recall.answer_open(MEMBER, "tiny", "o1", "only alpha here", now=NOW, rng=rng)
    assert half.grade is not None and (half.grade.hits, half.grade.total) == (1, 2)
    assert half.correct  # at least half of the concepts
    none = await services.recall.answer_open(MEMBER, "tiny", "o1", "nothing", now=NOW, rng=rng)
    assert not none.correct and none.points == 1


async def test_flashcard_rating(services: Services, rng: random.Random) -> None:
    again = await services.recall.rate_flashcard(MEMBER, "tiny", "f1", FlashRating.AGAIN, now=NOW, rng=rng)
    easy = await services.recall.rate_flashcard(MEMBER, "tiny", "f2", FlashRating.EASY, now=NOW, rng=rng)
    assert (again.correct, again.points, again.rating) == (False, 1, FlashRating.AGAIN)
    assert (easy.correct, easy.points) == (True, 5)
    assert easy.next_review is not None and again.next_review is not None and easy.next_review > again.next_review


async def test_same_question_key_counts_once(services: Services, rng: random.Random, backend_url: str) -> None:
    first = await services.recall.answer_choice(MEMBER, "tiny", "c1", 1, now=NOW, rng=rng, source="poll", question_key="m1")
    again = await services.recall.answer_choice(MEMBER, "tiny", "c1", 0, now=NOW, rng=rng, source="poll", question_key="m1")
    other = await services.recall.answer_choice(Learner(12, 500), "tiny", "c1", 0, now=NOW, rng=rng, question_key="m1")
    assert not first.duplicate and again.duplicate and not other.duplicate
    assert again.attempt_id == first.attempt_id and not again.correct and again.chosen_index == 1
    assert again.streak is not None and again.streak.points == 1
    assert one(backend_url, "SELECT COUNT(*) FROM attempts WHERE question_key = 'm1'") == (2,)


async def test_concurrent_duplicates_still_count_once(services: Services) -> None:
    import asyncio

    outcomes = await asyncio.gather(*(
        services.recall.answer_choice(MEMBER, "tiny", "c1", 0, now=NOW, rng=random.Random(i), question_key="same")
        for i in range(20)
    ))
    assert sum(not o.duplicate for o in outcomes) == 1
    assert len({o.attempt_id for o in outcomes}) == 1
    board = await services.recall.leaderboard(500, now=NOW, period="all")
    assert board.rows[0].value == 10


async def test_appeal_self_credits_an_open_answer(services: Services, rng: random.Random,
                                                   backend_url: str) -> None:
    wrong = await services.recall.answer_open(MEMBER, "tiny", "o1", "no idea", now=NOW, rng=rng)
    appealed = await services.recall.appeal(MEMBER, wrong.attempt_id, now=NOW)
    assert not appealed.already_credited and appealed.points == 10
    assert appealed.streak is not None and appealed.streak.points == 10
    with pytest.raises(NotAppealable, match="You already appealed this answer"):
        await services.recall.appeal(MEMBER, wrong.attempt_id, now=NOW)  # one appeal per answer, ever
    assert one(backend_url, "SELECT correct, self_credited FROM attempts WHERE id = ?", (wrong.attempt_id,)) == (1, 1)
    with pytest.raises(NotAppealable):
        await services.recall.appeal(Learner(99, 500), wrong.attempt_id, now=NOW)
    right = await services.recall.answer_open(MEMBER, "tiny", "o1", "alpha is first, then beta follows it", now=NOW, rng=rng,
                                       question_key="r")
    assert (await services.recall.appeal(MEMBER, right.attempt_id, now=NOW)).already_credited  # correct: nothing to credit
    choice = await services.recall.answer_choice(MEMBER, "tiny", "c1", 1, now=NOW, rng=rng)
    with pytest.raises(NotAppealable):
        await services.recall.appeal(MEMBER, choice.attempt_id, now=NOW)


async def test_dms_update_spaced_repetition_but_no_streak(services: Services, rng: random.Random) -> None:
    dm = Learner(11, None)
    outcome = await services.recall.rate_flashcard(dm, "tiny", "f1", FlashRating.AGAIN, now=NOW, rng=rng)
    assert outcome.streak is None
    assert await services.recall.streak(dm, now=NOW) is None
    guild_view = await services.recall.streak(MEMBER, now=NOW)
    assert guild_view is not None and guild_view.current == 0
    due = await services.recall.due_cards(11, now=NOW + timedelta(hours=1))
    assert [(d.deck_id, d.card_id, d.deck_title) for d in due] == [("tiny", "f1", "Tiny")]


@pytest.mark.parametrize("index", [-1, 2, 99, True])
async def test_bad_option_index(services: Services, rng: random.Random, index: int) -> None:
    with pytest.raises(InvalidAnswer, match="options"):
        await services.recall.answer_choice(MEMBER, "tiny", "c1", index, now=NOW, rng=rng)


async def test_wrong_kind_and_unknown_card(services: Services, rng: random.Random) -> None:
    with pytest.raises(InvalidAnswer, match="flashcard"):
        await services.recall.answer_choice(MEMBER, "tiny", "f1", 0, now=NOW, rng=rng)
    with pytest.raises(UnknownCard):
        await services.recall.answer_choice(MEMBER, "tiny", "gone", 0, now=NOW, rng=rng)
    with pytest.raises(UnknownCard):
        await services.recall.answer_open(MEMBER, "no-deck", "o1", "x", now=NOW, rng=rng)
    with pytest.raises(InvalidAnswer):
        await services.recall.rate_flashcard(MEMBER, "tiny", "f1", 9, now=NOW, rng=rng)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "x" * 5000, "<@123> @everyone **bold** ```code```", "\u202e\U0001f600\x00ok",
                                  "alpha " * 900])
async def test_hostile_text_never_raises(services: Services, rng: random.Random, text: str,
                                         backend_url: str, backend_name: str) -> None:
    outcome = await services.recall.answer_open(MEMBER, "tiny", "o1", text, now=NOW, rng=rng)
    kept = text[:4000]
    if backend_name == "postgresql":  # PostgreSQL's text can't hold NUL: the facade stores U+FFFD instead
        kept = kept.replace("\x00", "\ufffd")
    assert one(backend_url, "SELECT answer_text FROM attempts WHERE id = ?", (outcome.attempt_id,)) == (kept,)


async def test_services_reopen_with_the_data(backend_url: str, decks: dict, rng: random.Random) -> None:  # type: ignore[type-arg]
    url = backend_url
    first = await open_services(url, decks)
    await first.recall.answer_choice(MEMBER, "tiny", "c1", 0, now=NOW, rng=rng)
    await first.close()
    second = await open_services(url, decks)
    view = await second.recall.streak(MEMBER, now=NOW)
    await second.close()
    assert view is not None and view.current == 1 and view.points == 10
