"""Accepted appeals offer the member's words as new keywords; one click adds them to the server's overlay.

When an admin accepts an appeal, the answer is graded again as that server grades it (overlay included)
and the words of the answer that could have earned each missed concept are offered
(`bot.core.overlay.keyword_candidates`). The offer is stored (`OverlayStore.save_offer`): a click names
the appeal, a concept's slot and positions in the offer, never a word, so only a word that was offered can
be added, to the concept it was offered for. Each click is checked again in full: the appeal was answered
in the clicking server and accepted there, the deck is still the one that server sees, and the card and
concept still exist. A replayed click finds its words already there and adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.deck import OpenCard
from bot.core.errors import InvalidSetting, UnknownCard
from bot.core.messages import N_
from bot.core.overlay import keyword_candidates
from bot.services.api import UNAVAILABLE, DeckRef
from bot.services.catalogue import DeckCatalogue
from bot.services.grading_worker import grade_off_loop
from bot.services.overlay import ServerOverlay
from bot.services.records import OfferedKeyword
from bot.services.server_ports import OverlayStore

OFFERED_CONCEPTS = 4  # one select menu each, under the message's five rows


@dataclass(frozen=True, slots=True)
class KeywordsAdded:
    added: tuple[tuple[str, str], ...]  # (concept, keyword) now in the server's overlay
    refused: tuple[tuple[str, str, str], ...]  # (concept, keyword, why not)


class AppealKeywords:
    def __init__(self, store: OverlayStore, overlay: ServerOverlay, catalogue: DeckCatalogue) -> None:
        self._store = store
        self._overlay = overlay
        self._catalogue = catalogue

    def _visible_card(self, guild_id: int, deck: DeckRef, card_id: str) -> OpenCard | None:
        """The card, if that server still sees this deck (its upload, or a built-in deck it didn't hide)."""
        if self._catalogue.resolve(guild_id, deck.deck_id) != deck:
            return None
        card = self._catalogue.deck_card(deck.owner, deck.deck_id, card_id, viewer=guild_id)
        return card if isinstance(card, OpenCard) and card.concepts else None

    async def offer(self, guild_id: int, attempt_id: int, deck: DeckRef, card_id: str,
                    answer: str) -> tuple[tuple[str, ...], tuple[OfferedKeyword, ...]]:
        """(the candidate words, the stored offer) for an appeal just accepted in `guild_id`."""
        card = self._visible_card(guild_id, deck, card_id)
        if card is None:
            return (), ()
        graded_card = await self._overlay.card_for(guild_id, deck, card)
        grade = await grade_off_loop(answer, graded_card)
        names = {concept.name for concept in graded_card.concepts}
        missed = [v.name for v in grade.concepts if not v.hit and v.name in names][:OFFERED_CONCEPTS]
        credited = [v.matched for v in grade.concepts if v.hit and v.matched]
        words = keyword_candidates(graded_card, answer, credited)
        if not missed or not words:
            return words, ()
        offer = tuple(OfferedKeyword(slot, position, concept, word)
                      for slot, concept in enumerate(missed) for position, word in enumerate(words))
        if not await self._store.save_offer(guild_id, attempt_id, offer):
            return words, ()
        return words, offer

    async def add(self, guild_id: int, attempt_id: int, slot: int, positions: Sequence[int], *, reviewer: int,
                  now: datetime) -> KeywordsAdded:
        """Add the offered words at `positions` of `slot` to the server's copy of the card.

        `UnknownCard` ("This card is no longer available.") when the appeal isn't one accepted in this
        server or its card is gone from what the server sees; nothing is recorded then."""
        offer = await self._store.offer(guild_id, int(attempt_id))
        if offer is None:
            raise UnknownCard(UNAVAILABLE)
        deck = DeckRef(offer.deck_guild, offer.deck_id)
        card = self._visible_card(guild_id, deck, offer.card_id)
        if card is None:
            raise UnknownCard(UNAVAILABLE)
        wanted = set(positions)
        chosen = [(w.concept, w.keyword) for w in offer.words if w.slot == slot and w.position in wanted]
        if not chosen:
            raise InvalidSetting(N_("Those words were not offered for that concept; nothing was added."))
        added, refused = await self._overlay.add_keywords(guild_id, deck, card, chosen, added_by=reviewer, now=now)
        return KeywordsAdded(tuple(added), tuple(refused))
