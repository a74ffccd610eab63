"""Members suggest cards; reviewers accept, edit or reject them; a server's overlay cards (issue 16, part 1).

- `suggest`: a member's form (bot/core/card_forms.py) is checked by the deck file's rules
  (bot/services/card_checks.py: a one-card deck through the deck checker, in the bot a child process);
  problems come back in the form's words (`SuggestionRejected`, with the text typed, to try again). At most
  `MAX_PENDING_PER_MEMBER` pending per member per server, counted in the storing transaction.
- `queue`/`accept`/`reject`: the review of one deck's suggestions, by server. Accepting stores the card as an
  added overlay card (bot/core/overlay_cards.py) crediting its author, in one transaction with the verdict;
  a stale item (decided by someone else, the deck gone) changes nothing. Rejecting claims the author's one
  DM in the same UPDATE (`RejectDecision.notify`): only the call that changed the row sends it.
- `edit_card`/`save_card`: THE seam for changing any card of a server's copy of a deck (built-in or its
  upload): the edit is stored as an overlay card replacing the deck's card while the deck's card stays as it
  was edited (its fingerprint); added cards are simply replaced. `card_form_of` gives the filled-in form.
- The reviewer role: who besides Manage Server may review (`reviewer_role`, `set_reviewer_role`).

Every method takes the server asking and resolves the deck as that server sees it; ids from buttons are
attacker input and only ever find rows of that server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from bot.core.card_codec import card_data, card_from_data, fingerprint
from bot.core.card_forms import (
    FORM_KINDS,
    INPUT_MAX,
    FormKind,
    card_form,
)
from bot.core.concept_extraction import derive_concepts
from bot.core.deck import DEFAULT_LANGUAGE, LEVELS, ClozeCard, ClozeGap, Concept, DeckCard, OpenCard
from bot.core.errors import RecallError
from bot.core.instants import to_ms
from bot.core.limits import MAX_CARDS_PER_DECK
from bot.core.messages import N_, Marked
from bot.core.overlay_cards import MAX_OVERLAY_CARDS_PER_DECK, OverlayCard, suggested_card_id
from bot.services.api import UNAVAILABLE, DeckRef
from bot.services.card_checks import FormToCheck, SuggestionRejected, check_forms
from bot.services.catalogue import DeckCatalogue
from bot.services.deck_checks import DeckChecker
from bot.services.suggestion_ports import OverlayCardRow, SuggestionRow, SuggestionStore

MAX_PENDING_PER_MEMBER = 10
QUEUE_SHOWN = 5
SHOWN_CONCEPTS = 8  # concepts derived from a model answer, shown to the reviewer (as `suggest-concepts` does)
DEFAULT_LEVEL = "intermediate"
_CHECK_ID = "suggested"  # the card id a form is checked under before it has its own


@dataclass(frozen=True, slots=True)
class QueueItem:
    row: SuggestionRow
    card: DeckCard | None  # the card as it would be accepted (None: it no longer passes the deck's rules)
    problems: tuple[str, ...]
    derived: tuple[Concept, ...]  # an open card's concepts from its model answer, for the reviewer


@dataclass(frozen=True, slots=True)
class SuggestionQueue:
    deck: DeckRef
    deck_title: str
    items: tuple[QueueItem, ...]
    pending: int


@dataclass(frozen=True, slots=True)
class AcceptDecision:
    accepted: bool
    message: str
    card_id: str | None = None
    deck_id: str | None = None


@dataclass(frozen=True, slots=True)
class RejectDecision:
    notify: SuggestionRow | None  # set only for the call that rejected it: send this author one DM
    message: str


def _already_decided(suggestion_id: int, status: str) -> Marked:
    if status == "accepted":
        return Marked(N_("Suggestion #{suggestion} was already accepted; nothing was changed."), suggestion=str(suggestion_id))
    if status == "rejected":
        return Marked(N_("Suggestion #{suggestion} was already rejected; nothing was changed."), suggestion=str(suggestion_id))
    return Marked(N_("Suggestion #{suggestion} was already {status}; nothing was changed."), suggestion=str(suggestion_id),
                  status=status)


def _gone_or_decided(suggestion_id: int, row: SuggestionRow | None) -> Marked:
    if row is None:
        return Marked(N_("Suggestion #{suggestion} doesn't exist in this server; nothing was changed."),
                      suggestion=str(suggestion_id))
    return _already_decided(suggestion_id, row.status)


def _clean(values: Mapping[str, Any]) -> dict[str, str]:
    return {str(k)[:40]: str(v)[:INPUT_MAX] for k, v in list(values.items())[:8]}


class SuggestionService:
    def __init__(self, store: SuggestionStore, catalogue: DeckCatalogue, check: DeckChecker) -> None:
        self.store = store
        self.catalogue = catalogue
        self.check = check

    async def load(self) -> int:
        """Put every server's overlay cards into the catalogue (at start); a row that can't be read is skipped."""
        grouped: dict[tuple[int, DeckRef], list[OverlayCard]] = {}
        for row in await self.store.overlay_cards():
            try:
                card = card_from_data(row.card)
            except ValueError:
                continue
            grouped.setdefault((row.guild_id, DeckRef(row.deck_guild, row.deck_id)), []).append(
                OverlayCard(card, row.base, row.authored_by, row.author_name))
        for (guild_id, ref), cards in grouped.items():
            self.catalogue.set_overlay_cards(guild_id, ref, tuple(cards))
        return sum(map(len, grouped.values()))

    # --- checking a form ------------------------------------------------------------------------------
    async def checked_card(self, ref: DeckRef, kind: FormKind, values: Mapping[str, str], *, card_id: str,
                           level: str, base: DeckCard | None = None) -> DeckCard:
        """The card a form describes, checked by the deck file's rules; `SuggestionRejected` says what to fix."""
        [result] = await self._check_forms(ref, [(kind, values, card_id, level, base)])
        if isinstance(result, SuggestionRejected):
            raise result
        return result

    async def _check_forms(self, ref: DeckRef, forms: list[FormToCheck]) -> list[DeckCard | SuggestionRejected]:
        return await check_forms(self.check, ref.deck_id, forms)

    def _ref(self, guild_id: int, deck_id: str) -> DeckRef:
        ref = self.catalogue.resolve(guild_id, str(deck_id))
        if ref is None:
            raise RecallError(N_("I don't know that deck in this server. Pick one from the list, or see /decks."))
        return ref

    # --- members --------------------------------------------------------------------------------------
    async def suggest(self, guild_id: int, user_id: int, author_name: str, deck_id: str, kind: str,
                      values: Mapping[str, str], *, level: str | None, now: datetime) -> SuggestionRow:
        if kind not in FORM_KINDS:
            raise RecallError(N_("Kind must be flashcard, choice or open."))
        chosen = level if level in LEVELS else DEFAULT_LEVEL
        typed = _clean(values)
        ref = self._ref(guild_id, deck_id)
        if await self.store.pending_count(guild_id, user_id) >= MAX_PENDING_PER_MEMBER:
            raise self._too_many()
        await self.checked_card(ref, kind, typed, card_id=_CHECK_ID, level=chosen)
        form = {"values": typed, "level": chosen, "author_name": author_name[:100]}
        stored = await self.store.add_suggestion(guild_id, ref.owner, ref.deck_id, user_id, kind, form, to_ms(now),
                                                 max_pending=MAX_PENDING_PER_MEMBER)
        if stored is None:
            raise self._too_many()
        return stored

    async def may_suggest(self, guild_id: int, user_id: int) -> None:
        """`RecallError` if the member already has the most suggestions pending there (before opening a form)."""
        if await self.store.pending_count(guild_id, user_id) >= MAX_PENDING_PER_MEMBER:
            raise self._too_many()

    @staticmethod
    def _too_many() -> RecallError:
        return RecallError(N_("You already have {count} suggestions waiting for review in this server, the most a member "
                              "may have; suggest more once some are reviewed."), count=MAX_PENDING_PER_MEMBER)

    # --- review ---------------------------------------------------------------------------------------
    async def queue(self, guild_id: int, deck_id: str) -> SuggestionQueue:
        ref = self._ref(guild_id, deck_id)
        deck = self.catalogue.deck(ref, viewer=guild_id)
        rows, pending = await self.store.pending(guild_id, ref.owner, ref.deck_id, QUEUE_SHOWN)
        items = []
        for row, result in zip(rows, await self._suggested_cards(ref, [(row, row.values) for row in rows]), strict=True):
            card = result if not isinstance(result, SuggestionRejected) else None
            problems = tuple(result.problems) if isinstance(result, SuggestionRejected) else ()
            derived = card.concepts if isinstance(card, OpenCard) else ()
            items.append(QueueItem(row, card, problems, tuple(derived)))
        return SuggestionQueue(ref, deck.title if deck else ref.deck_id, tuple(items), pending)

    async def _suggested_card(self, ref: DeckRef, row: SuggestionRow, values: Mapping[str, str]) -> DeckCard:
        [result] = await self._suggested_cards(ref, [(row, values)])
        if isinstance(result, SuggestionRejected):
            raise result
        return result

    async def _suggested_cards(self, ref: DeckRef, rows: list[tuple[SuggestionRow, Mapping[str, str]]]
                               ) -> list[DeckCard | SuggestionRejected]:
        checked = await self._check_forms(ref, [
            (cast(FormKind, row.kind), values, suggested_card_id(row.id), str(row.form.get("level") or DEFAULT_LEVEL),
             None) for row, values in rows])
        deck = self.catalogue.base_deck(ref)
        language = deck.language if deck is not None and deck.language != DEFAULT_LANGUAGE else None
        done: list[DeckCard | SuggestionRejected] = []
        for card in checked:
            if not isinstance(card, SuggestionRejected) and language is not None and card.language is None:
                card = replace(card, language=language)  # graded by the deck's language, as its own cards are
            if isinstance(card, OpenCard) and not card.concepts and card.model_answer:
                # What the reviewer is shown is what grades: the model answer's concepts, kept with the card.
                derived = derive_concepts(card.model_answer, card.prompt, max_concepts=SHOWN_CONCEPTS,
                                          language=card.language).concepts
                card = replace(card, concepts=list(derived)) if derived else card
            done.append(card)
        return done

    async def suggestion(self, guild_id: int, suggestion_id: int) -> SuggestionRow:
        row = await self.store.suggestion(guild_id, suggestion_id)
        if row is None:
            raise RecallError(N_("That suggestion doesn't exist in this server."))
        return row

    async def review_form(self, guild_id: int, suggestion_id: int) -> tuple[SuggestionRow, dict[str, str]]:
        """A pending suggestion and its form as the reviewer's Edit opens it (an open card's concepts added)."""
        row = await self.suggestion(guild_id, suggestion_id)
        if row.status != "pending":
            decided = _already_decided(row.id, row.status)
            raise RecallError(decided.template, **decided.params)
        values = dict(row.values)
        if row.kind == "open":
            try:
                card = await self._suggested_card(self._ref(guild_id, row.deck_id), row, values)
                values["concepts"] = "\n".join(f"{c.name}: {', '.join(c.keywords)}"
                                               for c in (card.concepts if isinstance(card, OpenCard) else []))
            except SuggestionRejected:
                values["concepts"] = ""
        return row, values

    async def accept(self, guild_id: int, suggestion_id: int, *, reviewer: int, now: datetime,
                     values: Mapping[str, str] | None = None) -> AcceptDecision:
        """Accept a pending suggestion (as the reviewer edited it, when `values` is given)."""
        row = await self.store.suggestion(guild_id, suggestion_id)
        if row is None or row.status != "pending":
            return AcceptDecision(False, _gone_or_decided(suggestion_id, row))
        ref = self.catalogue.resolve(guild_id, row.deck_id)
        deck = self.catalogue.deck(ref, viewer=guild_id) if ref is not None else None
        if ref is None or deck is None or ref.owner != row.deck_guild:
            return AcceptDecision(False, Marked(N_("The deck `{deck}` is gone from this server; nothing was changed."),
                                                deck=row.deck_id))
        typed = _clean(values) if values is not None else row.values
        card = await self._suggested_card(ref, row, typed)
        if deck.card(card.id) is None and len(deck.cards) >= MAX_CARDS_PER_DECK:
            return AcceptDecision(False, Marked(N_("This server's copy of the deck has {count} cards, the most a deck "
                                                   "may have; nothing was changed."), count=MAX_CARDS_PER_DECK))
        overlay = OverlayCardRow(guild_id, ref.owner, ref.deck_id, card.id, card_data(card), None, row.user_id,
                                 str(row.form.get("author_name") or "") or None)
        outcome = await self.store.accept(guild_id, row.id, overlay, reviewer, to_ms(now),
                                          max_cards=MAX_OVERLAY_CARDS_PER_DECK)
        if outcome == "stale":
            return AcceptDecision(False, Marked(N_("Suggestion #{suggestion} was decided meanwhile; nothing was changed."),
                                                suggestion=str(row.id)))
        if outcome == "full":
            return AcceptDecision(False, Marked(N_("This server already added {count} cards to this deck, the most it "
                                                   "may; nothing was changed."), count=MAX_OVERLAY_CARDS_PER_DECK))
        self._install(guild_id, ref, OverlayCard(card, None, overlay.authored_by, overlay.author_name))
        return AcceptDecision(True, Marked(N_("Suggestion #{suggestion} accepted: card `{card}` is now in this server's "
                                              "copy of `{deck}`."), suggestion=str(row.id), card=card.id, deck=ref.deck_id),
                              card.id, ref.deck_id)

    async def reject(self, guild_id: int, suggestion_id: int, *, reason: str, reviewer: int,
                     now: datetime) -> RejectDecision:
        rejected = await self.store.reject(guild_id, suggestion_id, reason.strip()[:1000], reviewer, to_ms(now))
        if rejected is None:
            row = await self.store.suggestion(guild_id, suggestion_id)
            return RejectDecision(None, _gone_or_decided(suggestion_id, row))
        return RejectDecision(rejected, Marked(N_("Suggestion #{suggestion} rejected."), suggestion=str(rejected.id)))

    async def dm_done(self, suggestion_id: int, sent: bool) -> None:
        await self.store.dm_done(suggestion_id, sent)

    # --- the overlay-card seam (edits of any card the server sees) ---------------------------------------
    def _editable(self, guild_id: int, deck_id: str, card_id: str) -> tuple[DeckRef, DeckCard, OverlayCard | None]:
        ref = self.catalogue.resolve(guild_id, str(deck_id))
        deck = self.catalogue.deck(ref, viewer=guild_id) if ref is not None else None
        card = deck.card(str(card_id)) if deck is not None else None
        if ref is None or card is None:
            raise RecallError(UNAVAILABLE)
        if isinstance(card, ClozeCard | ClozeGap):
            raise RecallError(N_("Cloze cards can't be edited with a form yet; change the deck file."))
        mine = next((o for o in self.catalogue.overlay_cards(guild_id, ref) if o.card is card), None)
        return ref, card, mine

    def card_form_of(self, guild_id: int, deck_id: str, card_id: str) -> tuple[DeckCard, dict[str, str]]:
        """A card of the server's copy of a deck and its form filled in (the Edit card button)."""
        _ref, card, _mine = self._editable(guild_id, deck_id, card_id)
        return card, card_form(card, with_concepts=True)

    async def edit_card(self, guild_id: int, deck_id: str, card_id: str, values: Mapping[str, str], *,
                        editor: int, now: datetime) -> DeckCard:
        """Save an admin's edit of a card of the server's copy of a deck (built-in or its upload), checked by
        the deck's rules; `SuggestionRejected` says what to fix. Only that server's copy changes."""
        ref, card, mine = self._editable(guild_id, deck_id, card_id)
        edited = await self.checked_card(ref, card.kind, _clean(values), card_id=card.id,  # type: ignore[arg-type]
                                         level=card.level, base=card)
        return await self.save_card(guild_id, ref, edited, editor=editor, now=now, replacing=mine)

    async def save_card(self, guild_id: int, ref: DeckRef, card: DeckCard, *, editor: int, now: datetime,
                        replacing: OverlayCard | None = None) -> DeckCard:
        """Store `card` (already checked) in server `guild_id`'s copy of `ref`, in place of the card of its id."""
        base_deck = self.catalogue.base_deck(ref)
        original = base_deck.card(card.id) if base_deck is not None else None
        if replacing is not None and replacing.base is None:
            base = None  # an added card stays an added card (and keeps its author)
        elif original is not None and not isinstance(original, ClozeGap):
            base = fingerprint(original)
        else:
            base = None
        row = OverlayCardRow(guild_id, ref.owner, ref.deck_id, card.id, card_data(card), base, None, None)
        if not await self.store.save_card(row, editor, to_ms(now), max_cards=MAX_OVERLAY_CARDS_PER_DECK):
            raise RecallError(N_("This server already changed {count} cards of this deck, the most it may; nothing was "
                                 "changed."), count=MAX_OVERLAY_CARDS_PER_DECK)
        kept = replacing if replacing is not None and replacing.base is None else None
        self._install(guild_id, ref, OverlayCard(card, base, kept.authored_by if kept else None,
                                                 kept.author_name if kept else None))
        return card

    def _install(self, guild_id: int, ref: DeckRef, overlay: OverlayCard) -> None:
        cards = [o for o in self.catalogue.overlay_cards(guild_id, ref) if o.card.id != overlay.card.id]
        self.catalogue.set_overlay_cards(guild_id, ref, (*cards, overlay))

    def forget_author(self, user_id: int) -> None:
        """After a member's data deletion: their name leaves the credits kept in memory (storage cleared it)."""
        for (guild_id, ref), cards in list(self.catalogue.overlay_cards_by_server()):
            if any(o.authored_by == user_id for o in cards):
                self.catalogue.set_overlay_cards(guild_id, ref, tuple(
                    replace(o, authored_by=None, author_name=None) if o.authored_by == user_id else o for o in cards))

    # --- who reviews ------------------------------------------------------------------------------------
    async def reviewer_role(self, guild_id: int) -> int | None:
        return await self.store.reviewer_role(guild_id)

    async def set_reviewer_role(self, guild_id: int, role_id: int | None) -> None:
        await self.store.set_reviewer_role(guild_id, role_id)
