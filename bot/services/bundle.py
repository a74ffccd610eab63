"""The services a front end holds, as one bundle: learning, the deck catalogue, the server features.

Built by the composition root (`bot.app.wiring.open_services`), which also gives it the one way to
close what it opened (`close`: commit pending writes, then close the database).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.services.admin import AdminService
from bot.services.api import Recall
from bot.services.card_reports import ReportService
from bot.services.catalogue import DeckCatalogue
from bot.services.deck_report import DeckReportService
from bot.services.deck_study import DeckStudyService
from bot.services.languages import LanguageService
from bot.services.polls import PollService
from bot.services.rewards import RewardService
from bot.services.rounds import RoundService
from bot.services.scheduling import SchedulingService
from bot.services.suggestions import SuggestionService


@dataclass(frozen=True)
class Services:
    recall: Recall  # answers, drills, streaks, stats, leaderboards, settings, a member's data
    catalogue: DeckCatalogue  # the decks each place sees; the card a button names
    admin: AdminService  # uploads, hidden decks, appeal reviews, reminders, welcomes
    polls: PollService  # native polls of scheduled questions
    scheduling: SchedulingService  # scheduled questions
    rounds: RoundService  # live rounds in a channel (/round)
    rewards: RewardService  # roles earned by studying
    card_reports: ReportService  # members' reports of a problem with a card
    suggestions: SuggestionService  # members' suggested cards, their review, servers' overlay cards
    deck_reports: DeckReportService  # /deck report: what a server's members get right and wrong on a deck
    deck_study: DeckStudyService  # /deck retention and /deck exam, and their forecasts in /stats
    languages: LanguageService  # each server's chosen language, each member's last seen one
    closer: Callable[[], Awaitable[None]]

    async def close(self) -> None:
        """Finish pending writes (each acknowledged after commit), then close the database."""
        await self.closer()

    async def __aenter__(self) -> Services:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
