"""The due-cards read with an exam (migration 018): overdue cards first, then the cards the exam puts at risk
(listed as due now), paged without gaps or repeats; other servers' exams and inactive exams add nothing; the
SQL's at-risk test agrees with the core's (`bot.core.exam.at_risk`)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.core.exam import ExamPlan, at_risk
from bot.core.instants import from_ms, to_ms
from bot.core.srs import days_per_stability
from bot.storage.database import Database
from tests.backends import execute_on

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
EXAM = NOW + timedelta(days=10)
USER, GUILD, OTHER = 5, 10, 11


async def seed(url: str) -> list[tuple[str, float, datetime, datetime]]:
    rng = random.Random(4)
    cards = []
    for n in range(60):
        stability = rng.uniform(0.5, 60)
        last = NOW - timedelta(days=rng.uniform(0, 20))
        due = last + timedelta(days=rng.uniform(0.2, 60))
        cards.append((f"c{n:02d}", stability, due, last))
        await execute_on(url, "INSERT INTO srs_cards VALUES (?, 0, 'deck', ?, 2, NULL, ?, 5.0, ?, ?)",
                         (USER, f"c{n:02d}", stability, to_ms(due), to_ms(last)))
    for guild, exam_at in ((GUILD, EXAM), (OTHER, NOW + timedelta(days=2))):
        await execute_on(url, "INSERT INTO deck_study (guild_id, deck_guild, deck_id, exam_day, exam_at, exam_target,"
                         " exam_risk_days, updated_at) VALUES (?, 0, 'deck', 1, ?, 0.93, ?, 0)",
                         (guild, to_ms(exam_at), days_per_stability(0.93)))
    return cards


async def test_overdue_then_at_risk_paged_and_scoped(backend_url: str) -> None:
    db = await Database.open(backend_url)
    await db.close()
    cards = await seed(backend_url)
    db = await Database.open(backend_url)
    try:
        plan = ExamPlan(EXAM, 0.93)
        overdue = sorted((due, card) for card, _s, due, _l in cards if due <= NOW)
        risky = sorted(card for card, stability, due, last in cards if at_risk(stability, last, due, plan, NOW))
        assert len(overdue) >= 5 and len(risky) >= 5  # the seed exercises both parts

        whole = await db.due(USER, to_ms(NOW), 1000, guild_id=GUILD)
        assert [r.card_id for r in whole] == [card for _due, card in overdue] + risky
        assert all(r.due_ms == to_ms(NOW) for r in whole[len(overdue):])
        for size in (1, 3, 7):
            paged = []
            for offset in range(0, len(whole) + 2 * size, size):
                paged += await db.due(USER, to_ms(NOW), size, guild_id=GUILD, offset=offset)
            assert paged == whole

        assert [r.card_id for r in await db.due(USER, to_ms(NOW), 1000)] == [card for _d, card in overdue]  # a DM
        later = await db.due(USER, to_ms(EXAM), 1000, guild_id=GUILD)  # exam day: overdue cards only
        assert all(from_ms(r.due_ms) <= EXAM for r in later) and len(later) == sum(due <= EXAM for _c, _s, due, _l in cards)
    finally:
        await db.close()
