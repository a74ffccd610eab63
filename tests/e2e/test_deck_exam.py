"""End to end: an exam countdown and a deck's retention through the fake Discord, the bot's clock set by its
test clock (`RECALL_TEST_MODE=1` + `RECALL_TEST_NOW`, bot/app/clock.py). An admin sets an exam; a member's
flashcard rating is then scheduled no later than the cap, a card rated before the exam comes up in /review,
and /stats shows the predicted share of the deck recalled on exam day, checked against the stored state."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fsrs

from bot.content.loader import load_decks
from bot.core.exam import last_day_at_target
from bot.core.study_day import day_start
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import REPO_ROOT
from tests.e2e.test_schedule import FakeClock, bot_at, start

DECK = "model-optimization-nlp"
START = datetime(2026, 3, 2, 12, tzinfo=UTC)  # the server keeps the defaults: UTC, study days from 04:00
EXAM_DAY = date(2026, 3, 6)
EXAM_AT = day_start(EXAM_DAY, "UTC", 4)


def review_state(tmp_path: Path, user_id: int) -> tuple[float, datetime, datetime]:
    """(stability, due, last review) of the member's one reviewed card of the deck."""
    with sqlite3.connect(tmp_path / "data" / "recall.db") as conn:
        (stability, due, last), = conn.execute(
            "SELECT stability, due, last_review FROM srs_cards WHERE user_id = ? AND deck_id = ?",
            (user_id, DECK)).fetchall()
    return stability, datetime.fromtimestamp(due / 1000, UTC), datetime.fromtimestamp(last / 1000, UTC)


def recall_on_exam_day(stability: float, last_review: datetime) -> float:
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, due=last_review, last_review=last_review)
    return float(fsrs.Scheduler().get_card_retrievability(card, EXAM_AT))


async def rate_a_flashcard_easy(fake: FakeDiscord, user: dict[str, str]) -> None:
    card = await fake.slash("flashcard", {"deck": DECK}, user=user)
    (reveal,) = [cid for cid in card.custom_ids() if cid.startswith("recall:flash:reveal:")]
    back = await fake.click(card, reveal, user=user)
    easy = next(cid for cid in back.custom_ids() if ":easy:" in cid)
    rated = await fake.click(back, easy, user=user)
    assert "Rated **Easy**" in rated.text(), rated.text()


async def test_an_exam_caps_a_members_next_review_and_stats_shows_the_predicted_share(
        fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    dana, alice, bob = fake.users["dana"], fake.users["alice"], fake.users["bob"]
    clock = FakeClock(START)
    bot = bot_at(fake, tmp_path, clock)
    await start(bot, fake, clock)
    try:
        await rate_a_flashcard_easy(fake, bob)  # before any exam: scheduled ~8 days out, past exam day

        refused = await fake.slash("deck exam", {"deck": DECK, "date": "06/03/2026"}, user=dana)
        assert refused.ephemeral and "YYYY-MM-DD" in refused.text()
        forged = await fake.slash("deck exam", {"deck": "no-such-deck", "date": "2026-03-06"}, user=dana)
        assert "no deck" in forged.text()
        exam = await fake.slash("deck exam", {"deck": DECK, "date": "2026-03-06", "target": 0.97}, user=dana)
        assert exam.ephemeral and "Exam for" in exam.text() and "2026-03-06" in exam.text(), exam.text()
        assert f"<t:{int(EXAM_AT.timestamp())}:F>" in exam.text() and "97%" in exam.text()

        await rate_a_flashcard_easy(fake, alice)
        stability, due, last_review = review_state(tmp_path, int(alice["id"]))
        cap = last_review + timedelta(days=max(1, last_day_at_target(stability, 0.97)))
        assert last_review < due <= min(cap, EXAM_AT)  # the cap: due by the day recall falls to the target
        assert recall_on_exam_day(stability, last_review) < 0.97  # ... because left alone it would fall short

        bob_stability, bob_due, bob_last = review_state(tmp_path, int(bob["id"]))
        assert bob_due > EXAM_AT and recall_on_exam_day(bob_stability, bob_last) < 0.97  # at risk
        review = await fake.slash("review", user=bob)
        assert "Nothing is due" not in review.text(), review.text()

        stats = await fake.slash("stats", user=alice)
        deck = load_decks([REPO_ROOT / "content"]).decks[DECK]
        share = recall_on_exam_day(stability, last_review) / len(deck.study_cards())  # one card seen of all
        expected = (f"📅 Exam 2026-03-06 (target 97%): predicted {round(share * 100)}% of the deck recalled on exam "
                    "day if you stop reviewing now (cards you haven't reviewed count 0)")
        assert expected in stats.text(), stats.text()
        assert "reviews a day at 90% retention (1 card)" in stats.text()

        retention = await fake.slash("deck retention", {"deck": DECK, "value": "95%"}, user=dana)
        assert "95%" in retention.text() and "was 90%" in retention.text(), retention.text()
        again = await fake.slash("stats", user=alice)
        assert "reviews a day at 95% retention" in again.text(), again.text()

        cleared = await fake.slash("deck exam", {"deck": DECK, "date": "clear"}, user=dana)
        assert "cleared" in cleared.text()
        assert "📅 Exam" not in (await fake.slash("stats", user=alice)).text()
        assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
    finally:
        await bot.stop()
