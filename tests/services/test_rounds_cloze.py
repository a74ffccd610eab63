"""Cloze gaps in live rounds, through the services on each backend (SQLite, PostgreSQL): a question per gap, typed
answers graded by the cloze grader (typos allowed) and scored by speed, once per member, stored as
cloze attempts; gaps a card doesn't have are refused."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core.deck import ClozeGap, Deck
from bot.services.bundle import Services
from bot.services.round_steps import Close, Post
from bot.services.rounds import RoundError
from tests.services import stored

GUILD, OTHER_GUILD, CHANNEL = 10, 11, 30
HOST, ALICE, BOB, CAROL, DAN = 100, 101, 102, 103, 104
START = datetime(2026, 3, 2, 12, tzinfo=UTC)
# Every hidden word has 8 letters or more, so one changed letter is a typo the grader accepts.
TEXTS = {
    "z1": "{{c1::Mitochondria}} release energy inside {{c2::eukaryotic}} cells.",
    "z2": "{{c1::Photosynthesis}} happens in the {{c2::chloroplasts}}.",
    "z3": "The capital of {{c1::Australia}} is {{c2::Canberra::a city}}.",
}
GAP_IDS = {f"{card}:c{n}" for card in TEXTS for n in (1, 2)}


def cloze_deck() -> Deck:
    cards: list[dict[str, object]] = [{"id": card, "kind": "cloze", "level": "beginner", "text": text}
                                      for card, text in TEXTS.items()]
    cards += [
        {"id": "q1", "kind": "choice", "level": "beginner", "question": "Q?", "explanation": "E",
         "options": [{"text": "right", "correct": True}, {"text": "wrong"}]},
        {"id": "f1", "kind": "flashcard", "level": "beginner", "front": "F?", "back": "B"},
    ]
    return validate_deck({"id": "clozy", "title": "Clozy", "cards": cards})


@pytest.fixture
def db(backend_url: str) -> str:
    return backend_url


@pytest.fixture
async def services(db: str) -> Services:
    return await open_services(db, {"clozy": cloze_deck()})


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def with_typo(word: str) -> str:
    """One letter changed in the middle (never the first: the grader's typos keep it)."""
    return word[:3] + ("x" if word[3] != "x" else "y") + word[4:]


async def post_next(services: Services, round_id: int, now: datetime, message_id: int) -> Post:
    step = await services.rounds.next_step(round_id, now)
    assert isinstance(step, Post), step
    await services.rounds.question_posted(round_id, step.view.question.position, message_id)
    return step


async def test_a_cloze_round_asks_gaps_and_scores_typed_words_by_speed(services: Services, db: str) -> None:
    rng = random.Random(4)
    rounds = services.rounds
    started = await rounds.start(GUILD, CHANNEL, HOST, deck_id="clozy", kind="cloze", questions=5, seconds=20,
                                 now=START, rng=rng)
    assert started.kind == "cloze" and started.question_count == 5
    questions = await rounds.store.questions(started.id)
    assert {q.kind for q in questions} == {"cloze"} and {q.card_id for q in questions} <= GAP_IDS

    first = await post_next(services, started.id, START, 900)
    gap = first.view.card
    assert isinstance(gap, ClozeGap) and gap.id == questions[0].card_id
    assert "[" in gap.blanked and gap.answers[0] not in gap.blanked
    word = gap.answers[0]
    typo = await rounds.answer_cloze(GUILD, CHANNEL, started.id, 0, ALICE, "alice", with_typo(word), now=at(5),
                                     rng=rng)
    assert typo.correct and typo.points == 88  # 15 s of 20 left: round(87.5)
    assert typo.cloze is not None and typo.cloze.words[0].typed == with_typo(word)
    wrong = await rounds.answer_cloze(GUILD, CHANNEL, started.id, 0, BOB, "bob", "no idea", now=at(1), rng=rng)
    assert (wrong.correct, wrong.points, wrong.duplicate) == (False, 0, False)
    again = await rounds.answer_cloze(GUILD, CHANNEL, started.id, 0, BOB, "bob", word, now=at(2), rng=rng)
    assert again.duplicate and (again.correct, again.points) == (False, 0)  # the first answer stands
    exact = await rounds.answer_cloze(GUILD, CHANNEL, started.id, 0, CAROL, "carol", word.upper(), now=at(0),
                                      rng=rng)
    assert (exact.correct, exact.points) == (True, 100)
    with pytest.raises(RoundError):  # an open answer's form on a cloze question: refused
        await rounds.answer_open(GUILD, CHANNEL, started.id, 0, DAN, "dan", word, now=at(3), rng=rng)
    with pytest.raises(RoundError):  # the same round named from another server
        await rounds.answer_cloze(OTHER_GUILD, CHANNEL, started.id, 0, DAN, "dan", word, now=at(3), rng=rng)

    close = await rounds.next_step(started.id, at(20))
    assert isinstance(close, Close)
    assert close.view.card == gap and close.view.answered == 3
    assert close.view.right == (("carol", 100), ("alice", 88))
    missed = await rounds.missed_cards(GUILD, CHANNEL, started.id, BOB)  # "Review these" drills the gap
    assert missed is not None and [card for _ref, _title, card in missed] == [gap]
    assert await rounds.missed_cards(GUILD, CHANNEL, started.id, ALICE) == []

    rows = stored.rows(db, "SELECT user_id, kind, source, card_id, correct, answer_text FROM attempts ORDER BY user_id")
    assert rows == [(ALICE, "cloze", "round", gap.id, 1, with_typo(word)),
                    (BOB, "cloze", "round", gap.id, 0, "no idea"), (CAROL, "cloze", "round", gap.id, 1, word.upper())]
    await services.close()


async def test_mixed_rounds_deal_gaps_and_a_gap_the_card_lacks_is_refused(services: Services, db: str) -> None:
    rng = random.Random(8)
    mixed = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="clozy", kind="mixed", questions=50,
                                        now=START, rng=rng)
    asked = {q.card_id: q.kind for q in await services.rounds.store.questions(mixed.id)}
    assert asked == {**dict.fromkeys(GAP_IDS, "cloze"), "q1": "choice", "f1": "flashcard"}  # never a whole cloze card
    await services.rounds.stop(GUILD, CHANNEL, now=at(1))

    started = await services.rounds.start(GUILD, CHANNEL, HOST, deck_id="clozy", kind="cloze", questions=5,
                                          now=at(2), rng=rng)
    # a question row naming gap 7 of z1, which has two: as a forged or stale id would
    stored.run_sql(db, ("UPDATE round_questions SET card_id = 'z1:c7' WHERE round_id = ? AND position = 0",
                        (started.id,)))
    step = await services.rounds.next_step(started.id, at(2))
    assert isinstance(step, Post) and step.view.card is None
    await services.rounds.question_posted(started.id, 0, 900)
    with pytest.raises(RoundError, match="left the deck"):
        await services.rounds.answer_cloze(GUILD, CHANNEL, started.id, 0, ALICE, "alice", "Mitochondria",
                                           now=at(3), rng=rng)
    with pytest.raises(RoundError):  # not the current question
        await services.rounds.answer_cloze(GUILD, CHANNEL, started.id, 1, ALICE, "alice", "Mitochondria",
                                           now=at(3), rng=rng)
    await services.close()
