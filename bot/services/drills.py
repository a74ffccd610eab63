"""Picking the next drill card: random, filtered, and no repeat until the matching cards run out."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

from bot.core.deck import Deck, Kind, Level, StudyCard
from bot.core.errors import InvalidAnswer, UnknownCard
from bot.services.api import DeckRef, DrillCard, Learner
from bot.services.ports import Store

_KINDS_FOR = {"flashcard": ("flashcard", "cloze")}


def drill_scope(deck_id: str | None, level: str | None, kind: str | None) -> str:
    """Rounds are per filter combination: a drill of open cards doesn't use up the flashcards' round."""
    return f"deck={deck_id or ''}|level={level or ''}|kind={kind or ''}"


class DrillPicker:
    """Draws from the decks the learner's place sees (`decks`), never from any other."""

    def __init__(self, store: Store, decks: Sequence[tuple[DeckRef, Deck]]) -> None:
        self._store = store
        self._decks = {ref: deck for ref, deck in decks}

    def pool(self, deck_id: str | None, level: str | None, kind: str | None) -> list[tuple[DeckRef, StudyCard]]:
        """The cards that match, each cloze card as its gaps; `flashcard` takes cloze gaps too (a gap is
        revealed and rated like a flashcard), `cloze` only them."""
        chosen = sorted(ref for ref in self._decks if deck_id is None or ref.deck_id == deck_id)
        if deck_id is not None and not chosen:
            raise UnknownCard(f"There is no deck called {deck_id[:40]!r}. /decks lists them.")
        return [
            (ref, card)
            for ref in chosen
            for card in self._decks[ref].study_cards()
            if (level is None or card.level == level) and (kind is None or card.kind in _KINDS_FOR.get(kind, (kind,)))
        ]

    async def next_card(self, learner: Learner, *, now: datetime, rng: random.Random, deck_id: str | None,
                        level: Level | None, kind: Kind | None) -> DrillCard:
        pool = self.pool(deck_id, level, kind)
        if not pool:
            wanted = " ".join(part for part in (level, kind) if part) or "matching"
            raise InvalidAnswer(f"No {wanted} cards in {'that deck' if deck_id else 'any deck'}.")
        scope = drill_scope(deck_id, level, kind)
        served = await self._store.served(learner.user_id, scope)
        served_keys = {(DeckRef(owner, d), c) for owner, d, c, _ in served}
        unseen = [(ref, card) for ref, card in pool if (ref, card.id) not in served_keys]
        new_round = not unseen
        if new_round:
            latest = max(served, key=lambda row: row[3]) if served else None
            last = (DeckRef(latest[0], latest[1]), latest[2]) if latest else None
            unseen = [(ref, card) for ref, card in pool if (ref, card.id) != last] or pool
        chosen, card = rng.choice(unseen)
        await self._store.mark_served(learner.user_id, scope, chosen.owner, chosen.deck_id, card.id, now, new_round)
        remaining = len(unseen) - 1 if not new_round else len(pool) - 1
        return DrillCard(chosen.deck_id, self._decks[chosen].title, card, remaining, new_round, chosen.owner)
