"""The deck catalogue: which decks each place sees, and the card a button names, scoped.

A deck is named by its owner and its id (`DeckRef`): owner 0 is a built-in deck, any other owner is the
server that uploaded it. Two servers may each upload a deck called `shared`; they are two decks. An
upload may not take a built-in deck's id, so inside one server a deck id names one deck at most: the
server's own upload, else the built-in deck of that id unless the server hid it.

One catalogue serves the learning service (what a learner may draw and answer), the admin service
(uploads, removals, hidden decks, appeals' prompts) and the scheduling and poll services (a post's card
as its server sees it now). It lives in memory; the admin service fills it from storage at start.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.deck import AnyCard, ClozeCard, Deck
from bot.core.errors import UnknownCard
from bot.services.api import BUILT_IN, UNAVAILABLE, DeckRef, DeckSummary, FoundCard, Learner
from bot.services.ports import StudyPlaces


class DeckCatalogue:
    def __init__(self, builtin: Mapping[str, Deck], places: StudyPlaces) -> None:
        """`places` tells where a member studies (a DM may name only those servers' decks)."""
        self._builtin = dict(builtin)
        self._uploads: dict[int, dict[str, Deck]] = {}  # server -> its decks by id
        self._hidden: dict[int, set[str]] = {}  # server -> built-in decks it hid
        self._places = places
        self.builtin_ids = frozenset(self._builtin)

    # --- what a place sees ---------------------------------------------------------------------------
    @property
    def has_server_decks(self) -> bool:
        """Whether any server uploaded or hid a deck (else every place sees exactly the built-in decks)."""
        return any(self._uploads.values()) or any(self._hidden.values())

    def visible(self, guild_id: int | None) -> list[tuple[DeckRef, Deck]]:
        """What a place sees: built-in decks (minus those the server hid) plus the server's uploads; in a DM
        (None) the built-in decks only."""
        hidden = self._hidden.get(guild_id, set()) if guild_id is not None else set()
        seen = [(DeckRef(BUILT_IN, deck_id), deck) for deck_id, deck in self._builtin.items() if deck_id not in hidden]
        if guild_id is not None:
            seen += [(DeckRef(guild_id, deck_id), deck) for deck_id, deck in self._uploads.get(guild_id, {}).items()]
        return seen

    def visible_decks(self, guild_id: int | None) -> list[Deck]:
        return [deck for _ref, deck in self.visible(guild_id)]

    def decks(self, guild_id: int | None = None) -> list[DeckSummary]:
        """The decks a place sees, sorted by title, with counts by kind and level.

        Without `guild_id`: the built-in decks. With it: what that server sees (the built-in decks it did
        not hide, plus the decks its admins uploaded)."""
        summaries = []
        for deck in self.visible_decks(guild_id):
            by_kind: dict[str, int] = {}
            by_level: dict[str, int] = {}
            for card in deck.cards:
                by_kind[card.kind] = by_kind.get(card.kind, 0) + 1
                by_level[card.level] = by_level.get(card.level, 0) + 1
            summaries.append(DeckSummary(deck.id, deck.title, deck.description, len(deck.cards), by_kind, by_level))
        return sorted(summaries, key=lambda summary: summary.title.casefold())

    def resolve(self, guild_id: int | None, deck_id: str) -> DeckRef | None:
        """The deck a place means by an id: its server's upload, else a built-in deck it didn't hide."""
        if guild_id is not None:
            if deck_id in self._uploads.get(guild_id, {}):
                return DeckRef(guild_id, deck_id)
            if deck_id in self._hidden.get(guild_id, set()):
                return None
        return DeckRef(BUILT_IN, deck_id) if deck_id in self._builtin else None

    def deck_for(self, guild_id: int | None, deck_id: str) -> Deck | None:
        """The deck a server means by `deck_id` (its upload, else a built-in deck it didn't hide)."""
        ref = self.resolve(guild_id, deck_id)
        return self.deck(ref) if ref is not None else None

    def is_hidden(self, guild_id: int, deck_id: str) -> bool:
        return deck_id in self._hidden.get(guild_id, set())

    # --- decks and cards by owner ----------------------------------------------------------------------
    def deck(self, ref: DeckRef) -> Deck | None:
        """The deck itself, wherever it is visible (callers check who may see it)."""
        if ref.owner == BUILT_IN:
            return self._builtin.get(ref.deck_id)
        return self._uploads.get(ref.owner, {}).get(ref.deck_id)

    def deck_card(self, owner: int, deck_id: str, card_id: str) -> AnyCard | None:
        """A card of a deck named by its owner (0: built-in), for rows that store the owner (appeals)."""
        deck = self.deck(DeckRef(owner, deck_id))
        return deck.card(card_id) if deck is not None else None

    # --- scoped card look-ups --------------------------------------------------------------------------
    def card(self, guild_id: int | None, deck_id: str, card_id: str) -> AnyCard:
        """The card as server `guild_id` sees its deck id (its own upload, else a built-in deck it didn't
        hide; None: a DM, built-in decks only), or `UnknownCard` (e.g. the deck was removed)."""
        ref = self.resolve(guild_id, deck_id)
        card = self.deck_card(ref.owner, ref.deck_id, card_id) if ref is not None else None
        if card is None:
            raise UnknownCard(UNAVAILABLE)
        return card

    async def find_card(self, learner: Learner, deck_id: str, card_id: str, *,
                        deck_guild: int | None = None) -> FoundCard:
        """The card a button names, if the learner may see it, else `UnknownCard(UNAVAILABLE)`
        (the rules are `Recall.find_card`'s)."""
        ref = await self._visible_ref(learner, str(deck_id), deck_guild)
        deck = self.deck(ref) if ref is not None else None
        card = deck.card(str(card_id)) if deck is not None else None
        if ref is None or deck is None or card is None or isinstance(card, ClozeCard):
            raise UnknownCard(UNAVAILABLE)  # (a cloze card is studied as its gaps, `card:c<n>`, never whole)
        return FoundCard(ref, deck.title, card)

    async def _visible_ref(self, learner: Learner, deck_id: str, deck_guild: int | None) -> DeckRef | None:
        if learner.guild_id is not None:
            if deck_guild is not None and deck_guild not in (BUILT_IN, learner.guild_id):
                return None  # another server's deck, named in this one
            ref = self.resolve(learner.guild_id, deck_id)
            if ref is not None and deck_guild is not None and ref.owner != deck_guild:
                return None  # the button named the other one of the two decks this id could mean here
            return ref
        if deck_guild is None or deck_guild == BUILT_IN:
            return self.resolve(None, deck_id)
        ref = DeckRef(int(deck_guild), deck_id)
        if self.deck(ref) is None or not await self._places.studies_in(learner.user_id, ref.owner):
            return None
        return ref

    # --- changes (the admin service, after storage committed them) -------------------------------------
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
