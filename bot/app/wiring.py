"""The composition root: a database URL and the decks in, the bundle of services out.

Every front end opens its services here (the bot's runner, `practice`, `export`), and the operator
commands read the schema facts of a database from here (`doctor`, `restore`). It is the one place
outside `bot/storage` that names a storage backend: `BACKENDS` maps the backend a URL names
(`bot.database_url.parse_database_url(url).backend`) to what serves it, and hands that backend's
implementations of the services' ports to the services. Nothing under `bot/services` imports storage.

Storage and the services are imported when a backend or the services are first needed, not with this
module: `doctor --quick` (the Docker healthcheck) asks for the schema version only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from bot.core.deck import Deck
from bot.database_url import DatabaseUrlError, not_supported_yet, parse_database_url, resolve_database_url

if TYPE_CHECKING:
    from bot.app.shard_supervisor import Keeper
    from bot.services.bundle import Services
    from bot.services.card_report_ports import ReportStore
    from bot.services.deck_checks import DeckChecker
    from bot.services.deck_report_ports import DeckReportStore
    from bot.services.deck_study_ports import DeckStudyStore
    from bot.services.language_ports import LanguageStore
    from bot.services.ports import MemberDataStore, Store
    from bot.services.reward_ports import RewardStore
    from bot.services.round_ports import RoundStore
    from bot.services.server_ports import (
        AdminStore,
        DeckCheckStore,
        MediaStore,
        OverlayStore,
        PollStore,
        ScheduleStore,
    )
    from bot.services.suggestion_ports import SuggestionStore

log = logging.getLogger("recall.services")


@dataclass(frozen=True)
class Stores:
    """One backend's implementations of the services' ports, on one open database."""

    learning: Store
    member_data: MemberDataStore
    admin: AdminStore
    deck_checks: DeckCheckStore
    polls: PollStore
    schedules: ScheduleStore
    overlay: OverlayStore
    rewards: RewardStore
    rounds: RoundStore
    media: MediaStore  # the media files of servers' uploaded decks
    card_reports: ReportStore  # members' reports of a problem with a card
    deck_reports: DeckReportStore  # /deck report's reads
    deck_study: DeckStudyStore  # per-deck retention and exam (/deck retention, /deck exam)
    suggestions: SuggestionStore  # members' suggested cards, servers' overlay cards, reviewer roles
    languages: LanguageStore  # servers' chosen reply languages, members' last seen ones
    close: Callable[[], Awaitable[None]]  # commit what is pending, then close the database


@dataclass(frozen=True)
class Backend:
    """A storage backend as the composition root and the operator commands see it."""

    name: str
    open_stores: Callable[[str], Awaitable[Stores]]  # open (creating and migrating) the database a URL names
    schema_version: Callable[[], int]  # the newest schema version this code knows
    schema_tables: Callable[[int], frozenset[str]]  # the tables a database of that schema version has

    @property
    def latest_version(self) -> int:
        return self.schema_version()


# --- SQLite and PostgreSQL -------------------------------------------------------------------------------
async def _open_stores(url: str) -> Stores:
    """The same stores on either backend: on PostgreSQL they run through the facade of bot/storage/postgres."""
    from bot.storage.card_reports import SqliteReportStore
    from bot.storage.database import Database
    from bot.storage.deck_checks import SqliteDeckChecks
    from bot.storage.deck_report import SqliteDeckReportStore
    from bot.storage.deck_study import SqliteDeckStudyStore
    from bot.storage.guild_decks import SqliteAdminStore
    from bot.storage.languages import SqliteLanguageStore
    from bot.storage.overlay import SqliteOverlayStore
    from bot.storage.polls import SqlitePollStore
    from bot.storage.role_rewards import SqliteRewardStore
    from bot.storage.rounds import SqliteRoundStore
    from bot.storage.schedules import SqliteScheduleStore
    from bot.storage.server_media import SqliteMediaStore
    from bot.storage.suggestions import SqliteSuggestionStore

    db = await Database.open(url)
    return Stores(learning=db, member_data=db, admin=SqliteAdminStore(db), deck_checks=SqliteDeckChecks(db),
                  polls=SqlitePollStore(db), schedules=SqliteScheduleStore(db), overlay=SqliteOverlayStore(db),
                  rewards=SqliteRewardStore(db), rounds=SqliteRoundStore(db), media=SqliteMediaStore(db),
                  card_reports=SqliteReportStore(db), deck_reports=SqliteDeckReportStore(db),
                  deck_study=SqliteDeckStudyStore(db),
                  suggestions=SqliteSuggestionStore(db), languages=SqliteLanguageStore(db),
                  close=db.close)


def _sqlite_version() -> int:
    from bot.storage.sqlite import LATEST_VERSION

    return LATEST_VERSION


def _sqlite_tables(version: int) -> frozenset[str]:
    from bot.storage.sqlite import schema_tables

    return schema_tables(version)


def _postgresql_version() -> int:
    from bot.storage.postgres.migrate import latest_version

    return latest_version()


# backend name (`DatabaseUrl.backend`) -> the backend that serves it. PostgreSQL's tables are SQLite's
# (tests/storage/postgres/test_schema_parity.py holds the two migration sets equal).
BACKENDS: dict[str, Backend] = {
    "sqlite": Backend("sqlite", _open_stores, _sqlite_version, _sqlite_tables),
    "postgresql": Backend("postgresql", _open_stores, _postgresql_version, _sqlite_tables),
}


def backend_for(url: str) -> Backend:
    """The backend serving `url`; `DatabaseUrlError` (the one database-URL message) if none does."""
    parsed = parse_database_url(url)
    backend = BACKENDS.get(parsed.backend)
    if backend is None:
        raise DatabaseUrlError(parsed.url, not_supported_yet(parsed.backend))
    return backend


# --- the services ----------------------------------------------------------------------------------------
def build_services(stores: Stores, decks: Mapping[str, Deck], deck_checker: DeckChecker | None = None) -> Services:
    """The bundle, each service given the ports it needs and the one deck catalogue they share."""
    from bot.content.isolated import check_texts_here
    from bot.i18n.languages import CATALOGUE_LANGUAGES
    from bot.services.admin import AdminService
    from bot.services.bundle import Services
    from bot.services.card_reports import ReportService
    from bot.services.catalogue import DeckCatalogue
    from bot.services.deck_report import DeckReportService
    from bot.services.deck_study import DeckStudyService
    from bot.services.languages import LanguageService
    from bot.services.learning import LearningService
    from bot.services.overlay import ServerOverlay
    from bot.services.polls import PollService
    from bot.services.rewards import RewardService
    from bot.services.rounds import RoundService
    from bot.services.scheduling import SchedulingService
    from bot.services.suggestions import SuggestionService

    catalogue = DeckCatalogue(decks, stores.learning)
    overlay = ServerOverlay(stores.overlay)
    rewards = RewardService(stores.rewards)
    learning = LearningService(stores.learning, stores.member_data, catalogue, overlay,
                               after_record=rewards.attempt_recorded)
    deck_study = DeckStudyService(stores.deck_study, catalogue, learning)
    return Services(
        recall=learning,
        catalogue=catalogue,
        admin=AdminService(stores.admin, catalogue, learning, stores.deck_checks, deck_checker, overlay=overlay,
                           overlay_store=stores.overlay, media=stores.media),
        polls=PollService(stores.polls, learning, catalogue),
        scheduling=SchedulingService(stores.schedules, catalogue.deck_for, catalogue.resolve),
        rounds=RoundService(stores.rounds, catalogue, overlay, after_record=rewards.attempt_recorded),
        rewards=rewards,
        card_reports=ReportService(stores.card_reports, catalogue),
        deck_reports=DeckReportService(stores.deck_reports, catalogue, exam_outlook=deck_study.group_exam_outlook),
        deck_study=deck_study,
        languages=LanguageService(stores.languages, CATALOGUE_LANGUAGES),
        suggestions=SuggestionService(stores.suggestions, catalogue, deck_checker or check_texts_here),
        closer=stores.close,
    )


async def open_services(database_url: str | None, decks: Mapping[str, Deck],
                        deck_checker: DeckChecker | None = None) -> Services:
    """Open the database (None: `RECALL_DATABASE_URL`, else ./data/recall.db), migrate it, serve `decks`
    plus every server's stored uploads.

    `deck_checker` checks the decks servers uploaded (the bot passes one that works in a child process).
    Raises a `StorageError` with a user-safe message for a corrupt, read-only, full or newer database,
    and `DatabaseUrlError` for a URL no backend serves.
    """
    url = resolve_database_url(database_url)
    stores = await backend_for(url).open_stores(url)
    try:
        services = build_services(stores, decks, deck_checker)
        problems = await services.admin.load_server_decks()
        await services.rewards.load()
        await services.suggestions.load()
    except BaseException:
        await stores.close()
        raise
    for problem in problems:
        log.warning("%s", problem)
    return services


# --- moving a group from SQLite to PostgreSQL, and probing a server ----------------------------------------
def move_up_tools() -> ModuleType:
    """`bot.storage.move_up`, the SQLite-to-PostgreSQL copier that `python -m bot migrate` drives."""
    from bot.storage import move_up

    return move_up


def postgres_probe() -> ModuleType:
    """`bot.storage.postgres_probe`: `doctor`'s connection and schema-version check of a PostgreSQL URL."""
    from bot.storage import postgres_probe

    return postgres_probe


# --- shard leases (standby takeover) --------------------------------------------------------------------
def shard_lease_keeper(database_url: str, wanted: Iterable[int],
                       on_gained: Callable[[frozenset[int]], Awaitable[None]],
                       on_lost: Callable[[frozenset[int]], Awaitable[None]]) -> Keeper | None:
    """The lease keeper of a shard process (`bot.storage.postgres.shard_lease.LeaseKeeper`: one PostgreSQL
    advisory lock per shard), or None for a backend without leases (SQLite runs one process, unsharded)."""
    parsed = parse_database_url(database_url)
    if parsed.backend != "postgresql" or parsed.dsn is None:
        return None
    from bot.storage.postgres.shard_lease import LeaseKeeper

    return LeaseKeeper(parsed.dsn, wanted, on_gained, on_lost)
