"""A member's stats: attempts and accuracy by deck and level, weakest concepts, recent study days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.services.api import ConceptMiss, Learner, MemberStats, Tally
from bot.services.ports import Store

STUDY_DAYS_WINDOW = 84  # 12 weeks, today included
WEAKEST = 5


def _add(tallies: dict[Any, Tally], key: object, attempts: int, correct: int) -> None:
    old = tallies.get(key, Tally(0, 0))
    tallies[key] = Tally(old.attempts + attempts, old.correct + correct)


async def member_stats(reads: Store, learner: Learner, today: date) -> MemberStats:
    by_deck: dict[str, Tally] = {}
    by_level: dict[str, Tally] = {}
    by_deck_level: dict[tuple[str, str], Tally] = {}
    total_attempts = total_correct = 0
    for row in await reads.tallies(learner.user_id, learner.guild_id):
        correct = int(row.correct or 0)
        _add(by_deck, row.deck_id, row.attempts, correct)
        _add(by_level, row.level, row.attempts, correct)
        by_deck_level[(row.deck_id, row.level)] = Tally(row.attempts, correct)
        total_attempts += row.attempts
        total_correct += correct
    weakest = tuple(ConceptMiss(*row) for row in await reads.weakest_concepts(learner.user_id, WEAKEST))
    since = today - timedelta(days=STUDY_DAYS_WINDOW - 1)
    days = tuple(day for day in await reads.study_days(learner.user_id, learner.guild_id, since) if day <= today)
    return MemberStats(Tally(total_attempts, total_correct), by_deck, by_level, by_deck_level, weakest, days)
