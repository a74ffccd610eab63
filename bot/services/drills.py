"""Picking the next drill card: random, filtered, and no repeat until the matching cards run out."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

from bot.core.cloze import gap_ids
from bot.core.deck import ClozeCard, ClozeGap, Deck, DeckCard, Kind, Level, StudyCard
from bot.core.errors import InvalidAnswer, UnknownCard
from bot.core.messages import N_
from bot.services.api import DeckRef, DrillCard, Learner
from bot.services.ports import Store

_KINDS_FOR = {"flashcard": ("flashcard", "cloze")}
PoolEntry = tuple[DeckRef, DeckCard, tuple[str, ...]]  # a card and the ids it is studied under


def drill_scope(deck_id: str | None, level: str | None, kind: str | None) -> str:
    """Rounds are per filter combination: a drill of open cards doesn't use up the flashcards' round."""
    return f"deck={deck_id or ''}|level={level or ''}|kind={kind or ''}"


class DrillPicker:
    """Draws from the decks the learner's place sees (`decks`), never from any other."""

    def __init__(self, store: Store, decks: Sequence[tuple[DeckRef, Deck]]) -> None:
        self._store = store
        self._decks = {ref: deck for ref, deck in decks}

    def pool(self, deck_id: str | None, level: str | None, kind: str | None) -> list[PoolEntry]:
        """The cards that match, each with the ids it is studied under: its own, or a cloze card's gap ids
        (`flashcard` takes cloze gaps too: a gap is revealed and rated like a flashcard; `cloze` only
        them). Gaps stay ids until one is drawn: a deck of 2,000 cloze cards may have 40,000 gaps, and
        the work per draw follows the cards, not the gaps."""
        chosen = sorted(ref for ref in self._decks if deck_id is None or ref.deck_id == deck_id)
        if deck_id is not None and not chosen:
            raise UnknownCard(N_("There is no deck called {deck}. /decks lists them."), deck=repr(deck_id[:40]))
        kinds = _KINDS_FOR.get(kind, (kind,)) if kind is not None else None
        return [
            (ref, card, gap_ids(card) if isinstance(card, ClozeCard) else (card.id,))
            for ref in chosen
            for card in self._decks[ref].cards
            if (level is None or card.level == level) and (kinds is None or card.kind in kinds)
        ]

    async def next_card(self, learner: Learner, *, now: datetime, rng: random.Random, deck_id: str | None,
                        level: Level | None, kind: Kind | None) -> DrillCard:
        pool = self.pool(deck_id, level, kind)
        if not pool:
            wanted = " ".join(part for part in (level, kind) if part)
            if wanted:
                raise InvalidAnswer(N_("No {wanted} cards in that deck.") if deck_id else N_("No {wanted} cards in any deck."),
                                    wanted=wanted)
            raise InvalidAnswer(N_("No matching cards in that deck.") if deck_id else N_("No matching cards in any deck."))
        scope = drill_scope(deck_id, level, kind)
        served = await self._store.served(learner.user_id, scope)
        seen: dict[DeckRef, set[str]] = {}
        for owner, served_deck, served_card, _ in served:
            seen.setdefault(DeckRef(owner, served_deck), set()).add(served_card)
        unseen = _without(pool, seen)
        new_round = not unseen
        if new_round:
            latest = max(served, key=lambda row: row[3]) if served else None
            last = {DeckRef(latest[0], latest[1]): {latest[2]}} if latest else {}
            unseen = _without(pool, last) or pool
        total = sum(len(ids) for _ref, _card, ids in unseen)
        chosen, whole, card_id = _nth(unseen, rng.randrange(total))  # (as rng.choice over every id would)
        card: StudyCard = (ClozeGap(card=whole, number=int(card_id.rsplit(":c", 1)[1]))
                           if isinstance(whole, ClozeCard) else whole)
        await self._store.mark_served(learner.user_id, scope, chosen.owner, chosen.deck_id, card_id, now, new_round)
        remaining = total - 1 if not new_round else sum(len(ids) for _ref, _card, ids in pool) - 1
        return DrillCard(chosen.deck_id, self._decks[chosen].title, card, remaining, new_round, chosen.owner)


def _without(pool: list[PoolEntry], seen: dict[DeckRef, set[str]]) -> list[PoolEntry]:
    """The pool without the ids already seen (cards left with none are dropped)."""
    if not seen:
        return list(pool)
    kept: list[PoolEntry] = []
    for entry in pool:
        ref, card, ids = entry
        done = seen.get(ref)
        if not done or (len(ids) == 1 and ids[0] not in done):
            kept.append(entry)
        elif len(ids) > 1 and (left := tuple(card_id for card_id in ids if card_id not in done)):
            kept.append((ref, card, left))
    return kept


def _nth(pool: list[PoolEntry], index: int) -> tuple[DeckRef, DeckCard, str]:
    for ref, card, ids in pool:
        if index < len(ids):
            return ref, card, ids[index]
        index -= len(ids)
    raise IndexError(index)
