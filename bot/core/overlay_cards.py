"""A server's own cards on a deck, merged into its copy of the deck (issue 16: suggestions and edits).

Two kinds of overlay card, told apart by `base`:
- an added card (`base` None, e.g. an accepted suggestion): in the server's copy whatever the deck holds.
  If the deck (re-uploaded) now has a card of the same id, the server's card is the one shown: the
  deck's card of that id is hidden in that server (the decision: a member's accepted card never vanishes
  because of an upload, and the admin sees it in the queue's Edit);
- an edit of a deck card (`base`: the `fingerprint` of the deck's card when it was edited): shown in place
  of the deck's card only while the deck's card is unchanged; a re-upload that changes (or drops) the card
  makes the edit stale, and the deck's own card shows again (fixing the file wins over an older edit).

Bounds: at most `MAX_OVERLAY_CARDS_PER_DECK` per server per deck, and the merged deck keeps the deck's
limit of `MAX_CARDS_PER_DECK` cards (added cards past it, the newest, are left out).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.card_codec import fingerprint
from bot.core.deck import ClozeGap, Deck, DeckCard
from bot.core.limits import MAX_CARDS_PER_DECK

MAX_OVERLAY_CARDS_PER_DECK = 200
SUGGESTED_PREFIX = "suggested-"


@dataclass(frozen=True, slots=True)
class OverlayCard:
    card: DeckCard
    base: str | None  # None: an added card; else the fingerprint of the deck card it edits
    authored_by: int | None = None  # a suggestion's author (credited), None once they deleted their data
    author_name: str | None = None


def suggested_card_id(suggestion_id: int) -> str:
    return f"{SUGGESTED_PREFIX}{suggestion_id}"


def applies(deck: Deck, overlay: OverlayCard) -> bool:
    """Whether an overlay card shows in the server's copy of `deck` as it is now."""
    if overlay.base is None:
        return True
    current = deck.card(overlay.card.id)
    return current is not None and not isinstance(current, ClozeGap) and fingerprint(current) == overlay.base


def merge_cards(deck: Deck, overlays: Sequence[OverlayCard]) -> Deck:
    """The server's copy of `deck`: its cards with the overlay's edits in place and added cards at the end
    (oldest first), within the deck's card limit. The deck itself when nothing applies."""
    replacing: dict[str, DeckCard] = {}
    added: list[DeckCard] = []
    ids = {card.id for card in deck.cards}
    for overlay in overlays:
        if not applies(deck, overlay):
            continue
        if overlay.card.id in ids:
            replacing[overlay.card.id] = overlay.card
        elif len(deck.cards) + len(added) < MAX_CARDS_PER_DECK:
            added.append(overlay.card)
            ids.add(overlay.card.id)
    if not replacing and not added:
        return deck
    cards = [replacing.get(card.id, card) for card in deck.cards] + added
    return dataclasses.replace(deck, cards=cards)


__all__ = ["MAX_OVERLAY_CARDS_PER_DECK", "OverlayCard", "applies", "merge_cards", "suggested_card_id"]
