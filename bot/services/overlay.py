"""Each server's overlay on the decks it sees: the keywords and misconceptions its admins added.

Grading for a server goes through `ServerOverlay.card_for`, which hands the grader the deck's card with
that server's additions merged in (bot/core/overlay.py). The overlay belongs to the server where the
answer is given; a DM answer on a server's own upload gets the overlay of that server (the only server
that can show it in a DM), and a DM answer on a built-in deck gets none. No other server's rows are ever
read for a card, so one server's additions can't change another's grading.

The merged card is kept (per server and card, the newest 2,048) and handed out as the same object while
neither the deck's card nor the overlay changes, so the grader's per-card memo (keyed by card identity)
keeps working. Servers with no overlay at all (the common case) cost one set look-up per answer.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from datetime import datetime
from typing import TypeVar, cast

from bot.core.deck import AnyCard, Misconception, OpenCard
from bot.core.errors import InvalidSetting
from bot.core.instants import to_ms
from bot.core.limits import MAX_OVERLAY_KEYWORDS_PER_SERVER
from bot.core.messages import N_, Marked
from bot.core.overlay import apply_overlay, keyword_problem, misconception_problem, normal_keyword
from bot.services.api import BUILT_IN, DeckRef
from bot.services.records import CardOverlay, OverlayCardKey, OverlayMisconceptionRow
from bot.services.server_ports import OverlayStore

CACHED_CARDS = 2048
CardT = TypeVar("CardT", bound=AnyCard)


def overlay_server(guild_id: int | None, deck: DeckRef) -> int | None:
    """Whose overlay applies to an answer given in `guild_id` (None: a DM) on `deck`."""
    if guild_id is not None:
        return guild_id
    return deck.owner if deck.owner != BUILT_IN else None


class ServerOverlay:
    def __init__(self, store: OverlayStore) -> None:
        self._store = store
        self._servers: set[int] | None = None  # servers with any overlay row (loaded on first use)
        self._cards: OrderedDict[OverlayCardKey, tuple[CardOverlay, AnyCard, AnyCard]] = OrderedDict()
        self._locks: dict[int, asyncio.Lock] = {}

    async def _has_overlay(self, guild_id: int) -> bool:
        if self._servers is None:
            self._servers = await self._store.servers_with_overlay()
        return guild_id in self._servers

    async def card_for(self, guild_id: int | None, deck: DeckRef, card: CardT) -> CardT:
        """The card as that place grades it: the deck's card plus the overlay of the server that applies."""
        server = overlay_server(guild_id, deck)
        if server is None or not isinstance(card, OpenCard) or not await self._has_overlay(server):
            return card
        key = OverlayCardKey(server, deck.owner, deck.deck_id, card.id)
        cached = self._cards.get(key)
        if cached is not None and cached[1] is card:
            self._cards.move_to_end(key)
            return cast(CardT, cached[2])
        rows = await self._store.card_overlay(key)  # first use, or the deck changed (a re-upload, a removal)
        merged = apply_overlay(card, rows.keywords, [
            Misconception(triggers=list(m.triggers), correction=m.correction, contradicts=m.contradicts)
            for m in rows.misconceptions])
        self._cards[key] = (rows, card, merged)
        if len(self._cards) > CACHED_CARDS:
            self._cards.popitem(last=False)
        return cast(CardT, merged)

    def _changed(self, key: OverlayCardKey) -> None:
        self._cards.pop(key, None)
        if self._servers is not None:
            self._servers.add(key.guild_id)

    def lock(self, guild_id: int) -> asyncio.Lock:
        """Additions to one server's overlay are checked and stored one at a time (so two clicks at once
        can't together pass a limit each one alone respects)."""
        return self._locks.setdefault(guild_id, asyncio.Lock())

    async def add_keywords(self, guild_id: int, deck: DeckRef, card: OpenCard, keywords: list[tuple[str, str]], *,
                           added_by: int, now: datetime) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
        """Add (concept, keyword) pairs to the server's copy of `card` (visible there: the caller checked).

        Returns (added, refused with why); a keyword already there is refused as such, so a replayed
        click adds nothing."""
        key = OverlayCardKey(guild_id, deck.owner, deck.deck_id, card.id)
        async with self.lock(guild_id):
            current = await self.card_for(guild_id, deck, card)
            room = MAX_OVERLAY_KEYWORDS_PER_SERVER - await self._store.keyword_count(guild_id)
            accepted: list[tuple[str, str]] = []
            refused: list[tuple[str, str, str]] = []
            for concept, keyword in keywords:
                text = normal_keyword(keyword)
                problem = keyword_problem(current, concept, text)
                if problem is None and len(accepted) >= room:
                    problem = Marked(N_("this server's decks already have {count} added keywords, the most a server "
                                        "may add"), count=MAX_OVERLAY_KEYWORDS_PER_SERVER)
                if problem is not None:
                    refused.append((concept, text, problem))
                    continue
                accepted.append((concept, text))
                current = apply_overlay(current, [(concept, text)])
            if accepted:
                # (Fewer rows are new only if another process added the same words meanwhile: there either way.)
                await self._store.add_keywords(key, accepted, added_by, to_ms(now))
                self._changed(key)
        return accepted, refused

    async def add_misconception(self, guild_id: int, deck: DeckRef, card: OpenCard, misconception: Misconception, *,
                                added_by: int, now: datetime) -> None:
        """Add a misconception to the server's copy of `card`; `InvalidSetting` says why it can't be."""
        key = OverlayCardKey(guild_id, deck.owner, deck.deck_id, card.id)
        async with self.lock(guild_id):
            current = await self.card_for(guild_id, deck, card)
            problem = misconception_problem(current, misconception)
            if problem is not None:
                raise InvalidSetting(N_("That misconception was not added: {problem}."), problem=problem)
            row = OverlayMisconceptionRow(tuple(normal_keyword(t) for t in misconception.triggers),
                                          misconception.correction.strip(), misconception.contradicts)
            await self._store.add_misconception(key, row, added_by, to_ms(now))
            self._changed(key)
