"""A member's stats: attempts and accuracy by deck and level, weakest concepts, recent study days.

In a server every figure is what the member did in that server (tallies and study days of its attempts,
concept tallies of answers given there). In a DM it is the member's own record everywhere, and decks are
named by title only: a server's deck ids are that server's business.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bot.core.deck import Deck
from bot.core.messages import N_, Marked
from bot.services.api import BUILT_IN, ConceptMiss, DeckRef, Learner, MemberStats, Tally
from bot.services.ports import Store

STUDY_DAYS_WINDOW = 84  # 12 weeks, today included
WEAKEST = 5
REMOVED_DECK = N_("Removed deck")


def _add(tallies: dict[Any, Tally], key: object, attempts: int, correct: int) -> None:
    old = tallies.get(key, Tally(0, 0))
    tallies[key] = Tally(old.attempts + attempts, old.correct + correct)


def deck_label(ref: DeckRef, deck: Deck | None, in_server: bool) -> str:
    """A deck's title; for a deck no longer loaded, its id in a server, else (a DM) a neutral label (`Marked`)."""
    if deck is not None:
        return deck.title
    return ref.deck_id if in_server or ref.owner == BUILT_IN else Marked(REMOVED_DECK)  # translated where shown


async def member_stats(reads: Store, learner: Learner, today: date,
                       deck_of: Callable[[DeckRef], Deck | None]) -> MemberStats:
    by_deck: dict[DeckRef, Tally] = {}
    by_level: dict[str, Tally] = {}
    by_deck_level: dict[tuple[DeckRef, str], Tally] = {}
    total_attempts = total_correct = 0
    for row in await reads.tallies(learner.user_id, learner.guild_id):
        correct = int(row.correct or 0)
        ref = DeckRef(row.deck_guild, row.deck_id)
        _add(by_deck, ref, row.attempts, correct)
        _add(by_level, row.level, row.attempts, correct)
        _add(by_deck_level, (ref, row.level), row.attempts, correct)
        total_attempts += row.attempts
        total_correct += correct
    in_server = learner.guild_id is not None
    titles = {ref: deck_label(ref, deck_of(ref), in_server) for ref in by_deck}
    # Concept tallies record where the answers were given; a DM (0) has no server of its own.
    concepts = await reads.weakest_concepts(learner.user_id, WEAKEST, learner.guild_id)
    weakest = tuple(ConceptMiss(c.deck_id, c.card_id, c.concept, c.missed, c.seen, c.deck_guild) for c in concepts)
    since = today - timedelta(days=STUDY_DAYS_WINDOW - 1)
    days = tuple(day for day in await reads.study_days(learner.user_id, learner.guild_id, since) if day <= today)
    return MemberStats(Tally(total_attempts, total_correct), by_deck, by_level, by_deck_level, weakest, days, titles)
