"""Members report a problem with a card; a server's reviewers see the reports in the deck's queue.

A report goes to the server where the card was shown: the member's server, or for a server's own deck
shown in a DM, that server (built-in decks in a DM have no server to moderate them, so they can't be
reported there). It stays open while the card keeps the content it was reported on (its fingerprint,
bot/core/card_reports.py): the queue closes, as it reads them, the reports of cards that were changed or
taken out since, so a fix closes its reports whichever way it was made. A reviewer may also close a
card's reports without changing it (`dismiss`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from bot.core.card_reports import (
    MAX_OPEN_REPORTS_PER_MEMBER,
    MAX_OPEN_REPORTS_PER_SERVER,
    QUEUE_NOTES_SHOWN,
    REASONS,
    ReportedCard,
    ReportReason,
    card_fingerprint,
    clean_note,
    most_reported_first,
)
from bot.core.errors import InvalidSetting, RecallError
from bot.core.instants import to_ms
from bot.core.messages import N_, Marked
from bot.services.api import DeckRef, Learner
from bot.services.card_report_ports import NewReport, OpenReport, ReportStore
from bot.services.catalogue import DeckCatalogue
from bot.services.overlay import overlay_server

NOT_REPORTABLE_HERE = N_("Reports go to a server's reviewers, and this card isn't any server's own: "
                         "report it from a server where you study it.")


class ReportService:
    def __init__(self, store: ReportStore, catalogue: DeckCatalogue) -> None:
        self._store = store
        self._catalogue = catalogue

    async def report(self, learner: Learner, deck_id: str, card_id: str, reason: ReportReason, note: str | None,
                     *, now: datetime, deck_guild: int | None = None) -> str:
        """Store the member's report of the card a button names (if they may see it); the reply to show."""
        if reason not in REASONS:
            raise InvalidSetting(N_("That isn't a reason a card can be reported for."))
        found = await self._catalogue.find_card(learner, deck_id, card_id, deck_guild=deck_guild)
        guild_id = overlay_server(learner.guild_id, found.deck)
        if guild_id is None:
            raise RecallError(NOT_REPORTABLE_HERE)
        saved = await self._store.add(
            NewReport(guild_id, found.deck.owner, found.deck.deck_id, found.card.id, learner.user_id, reason,
                      clean_note(note) if reason == "other" else None, card_fingerprint(found.card), to_ms(now)),
            member_cap=MAX_OPEN_REPORTS_PER_MEMBER, server_cap=MAX_OPEN_REPORTS_PER_SERVER)
        if saved.refused is not None:
            raise saved.refused
        if saved.replaced:
            return Marked(N_("Your report was updated ({reason}). This server's reviewers see it in the deck's queue, "
                             "and it closes when the card is fixed."), reason=REASONS[reason])
        return Marked(N_("Thanks: reported ({reason}). This server's reviewers see it in the deck's queue, and it "
                         "closes when the card is fixed."), reason=REASONS[reason])

    async def queue(self, guild_id: int, deck_id: str, *, now: datetime) -> list[ReportedCard]:
        """The deck's reported cards in that server, most reported first; reports of cards changed or taken
        out since are closed on the way (and not listed)."""
        ref = self._deck(guild_id, deck_id)
        rows = await self._store.open_reports(guild_id, ref.owner, ref.deck_id, limit=MAX_OPEN_REPORTS_PER_SERVER)
        by_card: dict[str, list[OpenReport]] = defaultdict(list)
        for row in rows:
            by_card[row.card_id].append(row)
        deck = self._catalogue.deck(ref, viewer=guild_id)  # the server's copy: its overlay edits included
        changed: list[int] = []
        removed: list[int] = []
        cards: list[ReportedCard] = []
        for card_id, reports in by_card.items():
            card = deck.card(card_id) if deck is not None else None
            if card is None:
                removed += [report.id for report in reports]
                continue
            current = card_fingerprint(card)
            still = [report for report in reports if report.fingerprint == current]
            changed += [report.id for report in reports if report.fingerprint != current]
            if still:
                cards.append(_reported(card_id, card.title, still))
        stamp = to_ms(now)
        await self._store.close(guild_id, changed, "changed", stamp)
        await self._store.close(guild_id, removed, "removed", stamp)
        return most_reported_first(cards)

    async def dismiss(self, guild_id: int, deck_id: str, card_id: str, *, now: datetime) -> int:
        """Close the card's open reports without changing it; how many were closed."""
        ref = self._deck(guild_id, deck_id)
        return await self._store.close_card(guild_id, ref.owner, ref.deck_id, card_id, "dismissed", to_ms(now))

    def _deck(self, guild_id: int, deck_id: str) -> DeckRef:
        ref = self._catalogue.resolve(guild_id, deck_id)
        if ref is None:
            raise InvalidSetting(N_("This server has no deck of that id. See /decks."))
        return ref


def _reported(card_id: str, title: str, reports: list[OpenReport]) -> ReportedCard:
    """One card's open reports (`reports` newest first) as the queue shows them."""
    by_reason: dict[str, int] = {}
    for report in reports:
        by_reason[report.reason] = by_reason.get(report.reason, 0) + 1
    notes = tuple(report.note for report in reports if report.note)[:QUEUE_NOTES_SHOWN]
    return ReportedCard(card_id, title, len({report.user_id for report in reports}), by_reason, notes)
