"""Picking the next drill card: random, filtered, and no repeat until the matching cards run out."""

from __future__ import annotations

import random
from datetime import datetime

from bot.core.deck import AnyCard, Deck, Kind, Level
from bot.core.errors import InvalidAnswer, UnknownCard
from bot.services.api import DrillCard, Learner
from bot.services.ports import Store


def drill_scope(deck_id: str | None, level: str | None, kind: str | None) -> str:
    """Rounds are per filter combination: a drill of open cards doesn't use up the flashcards' round."""
    return f"deck={deck_id or ''}|level={level or ''}|kind={kind or ''}"


class DrillPicker:
    def __init__(self, store: Store, decks: dict[str, Deck]) -> None:
        self._store = store
        self._decks = decks

    def pool(self, deck_id: str | None, level: str | None, kind: str | None) -> list[tuple[str, AnyCard]]:
        if deck_id is not None and deck_id not in self._decks:
            raise UnknownCard(f"There is no deck called {deck_id[:40]!r}. /decks lists them.")
        decks = [self._decks[deck_id]] if deck_id else sorted(self._decks.values(), key=lambda d: d.id)
        return [
            (deck.id, card)
            for deck in decks
            for card in deck.cards
            if (level is None or card.level == level) and (kind is None or card.kind == kind)
        ]

    async def next_card(self, learner: Learner, *, now: datetime, rng: random.Random, deck_id: str | None,
                        level: Level | None, kind: Kind | None) -> DrillCard:
        pool = self.pool(deck_id, level, kind)
        if not pool:
            wanted = " ".join(part for part in (level, kind) if part) or "matching"
            raise InvalidAnswer(f"No {wanted} cards in {'that deck' if deck_id else 'any deck'}.")
        scope = drill_scope(deck_id, level, kind)
        served = await self._store.served(learner.user_id, scope)
        served_keys = {(d, c) for d, c, _ in served}
        unseen = [(d, card) for d, card in pool if (d, card.id) not in served_keys]
        new_round = not unseen
        if new_round:
            latest = max(served, key=lambda row: row[2]) if served else None
            unseen = [(d, card) for d, card in pool if latest is None or (d, card.id) != latest[:2]] or pool
        chosen_deck, card = rng.choice(unseen)
        await self._store.mark_served(learner.user_id, scope, chosen_deck, card.id, now, new_round)
        remaining = len(unseen) - 1 if not new_round else len(pool) - 1
        return DrillCard(chosen_deck, self._decks[chosen_deck].title, card, remaining, new_round)
