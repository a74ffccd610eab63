"""The deck catalogue: which decks each place sees, and the card a button names, scoped.

A deck is named by its owner and its id (`DeckRef`): owner 0 is a built-in deck, any other owner is the
server that uploaded it. Two servers may each upload a deck called `shared`; they are two decks. An
upload may not take a built-in deck's id, so inside one server a deck id names one deck at most: the
server's own upload, else the built-in deck of that id unless the server hid it.

One catalogue serves the learning service (what a learner may draw and answer), the admin service
(uploads, removals, hidden decks, appeals' prompts) and the scheduling and poll services (a post's card
as its server sees it now). It lives in memory; the admin service fills it from storage at start.

A server's overlay CARDS (issue 16: accepted suggestions, admins' edits; bot/core/overlay_cards.py) are
merged here, the one place every command, schedule, round and button finds its cards: whatever asks for a
deck or a card *as a server sees it* gets that server's copy (`visible`, `deck_for`, `card`, `find_card`,
and `deck`/`deck_card` given the `viewer`). An upload is seen by its owner only, so its copy is always the
owner's; a built-in deck's copy is the viewer's, and without a viewer (a DM) the deck as shipped. The
merged decks are kept per (server, deck) and rebuilt when the deck or the overlay changes (the suggestion
service sets the overlay: `set_overlay_cards`).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.deck import AnyCard, ClozeCard, Deck
from bot.core.errors import UnknownCard
from bot.core.overlay_cards import OverlayCard, merge_cards
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
        self._overlay_cards: dict[tuple[int, DeckRef], tuple[OverlayCard, ...]] = {}  # (viewer, deck) -> its cards
        self._merged: dict[tuple[int, DeckRef], tuple[Deck, Deck]] = {}  # (viewer, deck) -> (deck, its copy)

    # --- what a place sees ---------------------------------------------------------------------------
    @property
    def has_server_decks(self) -> bool:
        """Whether any server uploaded, hid or added cards to a deck (else every place sees exactly the built-in
        decks)."""
        return any(self._uploads.values()) or any(self._hidden.values()) or bool(self._overlay_cards)

    def visible(self, guild_id: int | None) -> list[tuple[DeckRef, Deck]]:
        """What a place sees: built-in decks (minus those the server hid) plus the server's uploads; in a DM
        (None) the built-in decks only."""
        hidden = self._hidden.get(guild_id, set()) if guild_id is not None else set()
        seen = [(DeckRef(BUILT_IN, deck_id), self._copy(guild_id, DeckRef(BUILT_IN, deck_id), deck))
                for deck_id, deck in self._builtin.items() if deck_id not in hidden]
        if guild_id is not None:
            seen += [(DeckRef(guild_id, deck_id), self._copy(guild_id, DeckRef(guild_id, deck_id), deck))
                     for deck_id, deck in self._uploads.get(guild_id, {}).items()]
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
        return self.deck(ref, viewer=guild_id) if ref is not None else None

    def is_hidden(self, guild_id: int, deck_id: str) -> bool:
        return deck_id in self._hidden.get(guild_id, set())

    # --- decks and cards by owner ----------------------------------------------------------------------
    def deck(self, ref: DeckRef, *, viewer: int | None = None) -> Deck | None:
        """The deck as server `viewer` sees it (its overlay cards merged; callers check who may see it). An
        upload's copy is its owner's whoever asks; a built-in deck without a viewer is the deck as shipped."""
        base = self.base_deck(ref)
        if base is None:
            return None
        return self._copy(viewer if ref.owner == BUILT_IN else ref.owner, ref, base)

    def base_deck(self, ref: DeckRef) -> Deck | None:
        """The deck without any server's overlay cards (what an edit's fingerprint is taken of)."""
        if ref.owner == BUILT_IN:
            return self._builtin.get(ref.deck_id)
        return self._uploads.get(ref.owner, {}).get(ref.deck_id)

    def deck_card(self, owner: int, deck_id: str, card_id: str, *, viewer: int | None = None) -> AnyCard | None:
        """A card of a deck named by its owner (0: built-in), for rows that store the owner (appeals), as
        server `viewer` sees it."""
        deck = self.deck(DeckRef(owner, deck_id), viewer=viewer)
        return deck.card(card_id) if deck is not None else None

    # --- a server's overlay cards ------------------------------------------------------------------
    def _copy(self, viewer: int | None, ref: DeckRef, base: Deck) -> Deck:
        if viewer is None or (viewer, ref) not in self._overlay_cards:
            return base
        cached = self._merged.get((viewer, ref))
        if cached is not None and cached[0] is base:
            return cached[1]
        merged = merge_cards(base, self._overlay_cards[(viewer, ref)])
        self._merged[(viewer, ref)] = (base, merged)
        return merged

    def set_overlay_cards(self, guild_id: int, ref: DeckRef, cards: tuple[OverlayCard, ...]) -> None:
        """Server `guild_id`'s overlay cards on `ref`, oldest first (the suggestion service, after storage)."""
        self._merged.pop((guild_id, ref), None)
        if cards:
            self._overlay_cards[(guild_id, ref)] = cards
        else:
            self._overlay_cards.pop((guild_id, ref), None)

    def overlay_cards(self, guild_id: int, ref: DeckRef) -> tuple[OverlayCard, ...]:
        return self._overlay_cards.get((guild_id, ref), ())

    def overlay_cards_by_server(self) -> list[tuple[tuple[int, DeckRef], tuple[OverlayCard, ...]]]:
        return list(self._overlay_cards.items())

    def credit(self, guild_id: int | None, ref: DeckRef, card_id: str) -> str | None:
        """Who wrote a card of the server's copy of a deck (an accepted suggestion), if it is credited."""
        viewer = guild_id if ref.owner == BUILT_IN else ref.owner
        if viewer is None:
            return None
        for overlay in self._overlay_cards.get((viewer, ref), ()):
            if overlay.card.id == card_id and overlay.author_name:
                deck = self.deck(ref, viewer=viewer)
                return overlay.author_name if deck is not None and deck.card(card_id) is overlay.card else None
        return None

    # --- scoped card look-ups --------------------------------------------------------------------------
    def card(self, guild_id: int | None, deck_id: str, card_id: str) -> AnyCard:
        """The card as server `guild_id` sees its deck id (its own upload, else a built-in deck it didn't
        hide; None: a DM, built-in decks only), or `UnknownCard` (e.g. the deck was removed)."""
        ref = self.resolve(guild_id, deck_id)
        card = self.deck_card(ref.owner, ref.deck_id, card_id, viewer=guild_id) if ref is not None else None
        if card is None:
            raise UnknownCard(UNAVAILABLE)
        return card

    async def find_card(self, learner: Learner, deck_id: str, card_id: str, *,
                        deck_guild: int | None = None) -> FoundCard:
        """The card a button names, if the learner may see it, else `UnknownCard(UNAVAILABLE)`
        (the rules are `Recall.find_card`'s)."""
        ref = await self._visible_ref(learner, str(deck_id), deck_guild)
        deck = self.deck(ref, viewer=learner.guild_id) if ref is not None else None
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
        self.set_overlay_cards(guild_id, DeckRef(guild_id, deck_id), ())  # storage dropped them with the deck
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
