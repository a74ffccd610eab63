"""`/deck report`'s exam line: the group's predicted share of the deck recalled on exam day (the mean over
the members who answered the deck in this server, each one's share computed here from the stored states)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import fsrs
import pytest

from bot.core.instants import from_ms
from bot.core.srs import FlashRating
from bot.core.study_day import day_start
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services import stored
from tests.services.conftest import NOW

GUILD, OTHER, ALICE, BOB, CAROL = 10, 11, 101, 102, 103


def recall_on(url: str, user_id: int, card_id: str, at: datetime) -> float:
    found = stored.one(url, "SELECT stability, last_review FROM srs_cards WHERE user_id = ? AND card_id = ?",
                       (user_id, card_id))
    assert found is not None
    stability, last = found
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, due=from_ms(last), last_review=from_ms(last))
    return float(fsrs.Scheduler().get_card_retrievability(card, at))


async def test_the_report_shows_the_groups_predicted_share_on_exam_day(services: Services, backend_url: str) -> None:
    for user, card, rating, days_ago in ((ALICE, "f1", FlashRating.EASY, 3), (BOB, "f2", FlashRating.HARD, 1),
                                         (BOB, "f1", FlashRating.EASY, 2)):
        await services.recall.rate_flashcard(Learner(user, GUILD), "tiny", card, rating,
                                             now=NOW - timedelta(days=days_ago), rng=random.Random(3))
    await services.recall.rate_flashcard(Learner(CAROL, OTHER), "tiny", "f2", FlashRating.EASY, now=NOW,
                                         rng=random.Random(3))  # another server's member: not in the group
    assert (await services.deck_reports.deck_report(GUILD, "tiny", "month", NOW)).exam is None  # no exam yet

    await services.deck_study.set_exam(GUILD, "tiny", "2026-03-23", None, now=NOW)
    exam_at = day_start(date(2026, 3, 23), "UTC", 4)
    report = await services.deck_reports.deck_report(GUILD, "tiny", "month", NOW)
    alice = recall_on(backend_url, ALICE, "f1", exam_at) / 4  # 4 cards in the deck; unseen ones count 0
    bob = (recall_on(backend_url, BOB, "f1", exam_at) + recall_on(backend_url, BOB, "f2", exam_at)) / 4
    assert report.exam is not None and (report.exam.exam_day, report.exam.members) == (date(2026, 3, 23), 2)
    assert report.exam.predicted_share == pytest.approx((alice + bob) / 2, rel=1e-12)
    assert (await services.deck_reports.deck_report(OTHER, "tiny", "month", NOW)).exam is None  # GUILD's exam only
    assert (await services.deck_reports.deck_report(GUILD, "tiny", "month", exam_at)).exam is None  # exam day came
