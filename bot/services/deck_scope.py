"""Which decks each place sees: the built-in decks, and each server's own uploads.

A deck is named by its owner and its id (`DeckRef`): owner 0 is a built-in deck, any other owner is the
server that uploaded it. Two servers may each upload a deck called `shared`; they are two decks. An
upload may not take a built-in deck's id, so inside one server a deck id names one deck at most: the
server's own upload, else the built-in deck of that id unless the server hid it.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.deck import AnyCard, Deck
from bot.services.api import BUILT_IN, DeckRef


class DeckScope:
    def __init__(self, builtin: Mapping[str, Deck]) -> None:
        self._builtin = dict(builtin)
        self._uploads: dict[int, dict[str, Deck]] = {}  # server -> its decks by id
        self._hidden: dict[int, set[str]] = {}  # server -> built-in decks it hid
        self.builtin_ids = frozenset(self._builtin)

    @property
    def has_server_decks(self) -> bool:
        """Whether any server uploaded or hid a deck (else every place sees exactly the built-in decks)."""
        return any(self._uploads.values()) or any(self._hidden.values())

    def builtin(self) -> dict[str, Deck]:
        return self._builtin

    def visible(self, guild_id: int | None) -> list[tuple[DeckRef, Deck]]:
        """What a place sees: built-in decks (minus those the server hid) plus the server's uploads; in a DM
        (None) the built-in decks only."""
        hidden = self._hidden.get(guild_id, set()) if guild_id is not None else set()
        seen = [(DeckRef(BUILT_IN, deck_id), deck) for deck_id, deck in self._builtin.items() if deck_id not in hidden]
        if guild_id is not None:
            seen += [(DeckRef(guild_id, deck_id), deck) for deck_id, deck in self._uploads.get(guild_id, {}).items()]
        return seen

    def resolve(self, guild_id: int | None, deck_id: str) -> DeckRef | None:
        """The deck a place means by an id: its server's upload, else a built-in deck it didn't hide."""
        if guild_id is not None:
            if deck_id in self._uploads.get(guild_id, {}):
                return DeckRef(guild_id, deck_id)
            if deck_id in self._hidden.get(guild_id, set()):
                return None
        return DeckRef(BUILT_IN, deck_id) if deck_id in self._builtin else None

    def deck(self, ref: DeckRef) -> Deck | None:
        """The deck itself, wherever it is visible (callers check who may see it)."""
        if ref.owner == BUILT_IN:
            return self._builtin.get(ref.deck_id)
        return self._uploads.get(ref.owner, {}).get(ref.deck_id)

    def card(self, ref: DeckRef, card_id: str) -> AnyCard | None:
        deck = self.deck(ref)
        return deck.card(card_id) if deck is not None else None

    def is_hidden(self, guild_id: int, deck_id: str) -> bool:
        return deck_id in self._hidden.get(guild_id, set())

    def install(self, guild_id: int, deck: Deck) -> None:
        self._uploads.setdefault(guild_id, {})[deck.id] = deck

    def uninstall(self, guild_id: int, deck_id: str) -> None:
        decks = self._uploads.get(guild_id)
        if decks is not None:
            decks.pop(deck_id, None)
            if not decks:
                del self._uploads[guild_id]

    def set_hidden(self, guild_id: int, deck_id: str, hidden: bool) -> None:
        group = self._hidden.setdefault(guild_id, set())
        if hidden:
            group.add(deck_id)
        else:
            group.discard(deck_id)
