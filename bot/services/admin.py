"""Server admins' use cases: deck uploads, hiding built-in decks, reviewing appeals; plus opt-in reminders
and the welcome message.

Uploaded decks are validated with the same loader as `content check` and stored as their YAML text in
the database (backups hold them; the content folder may be read-only). Each server has its own deck ids
(two servers may each upload `shared`; built-in ids stay reserved): members' histories are keyed by the
deck's owner, deck id and card id, so re-uploading a deck keeps every member's history for the card ids
that stay, and a deck removed by one server leaves its history to nobody else.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.content.isolated import check_texts_here
from bot.content.media import check_server_media, named_files
from bot.content.package_upload import PackageResult, convert_package_isolated, is_package
from bot.core import points as rules
from bot.core.deck import Deck, Misconception, OpenCard
from bot.core.errors import InvalidSetting, RecallError, UnknownCard
from bot.core.instants import from_ms, to_ms, utc
from bot.core.limits import server_media_problem, server_quota_problem
from bot.core.messages import N_, Marked
from bot.core.shards import ShardSet
from bot.core.study_day import day_start, study_day
from bot.services.api import UNAVAILABLE, DeckRef, Learner, Recall
from bot.services.appeal_keywords import AppealKeywords, KeywordsAdded
from bot.services.catalogue import DeckCatalogue
from bot.services.deck_checks import DeckChecker, check_stored_decks
from bot.services.grading_worker import grade_off_loop
from bot.services.marked_lines import marked_lines
from bot.services.overlay import ServerOverlay
from bot.services.records import AppealRow, DeckMedia, OfferedKeyword
from bot.services.server_ports import AdminStore, DeckCheckStore, MediaStore, OverlayStore

log = logging.getLogger("recall.admin")

MAX_DECK_BYTES = 1024 * 1024
SHOWN_PROBLEMS = 15
APPEALS_SHOWN = 10
REMIND_BEFORE_BREAK = timedelta(hours=4)  # "a few hours before their day ends"
PackageConverter = Callable[[bytes, str], Awaitable[PackageResult]]


class DeckRejected(RecallError):
    """The uploaded deck can't be used; the message lists the problems with their line numbers."""


@dataclass(frozen=True, slots=True)
class DeckUpload:
    deck: Deck
    replaced: bool
    dropped_card_ids: tuple[str, ...]  # in the previous version, not in this one (their history stays)
    warnings: tuple[str, ...]
    media_files: int = 0  # the picture and sound files its cards name (kept in the server's media)
    server_media_bytes: int = 0  # the server's media total after this upload (of MAX_MEDIA_BYTES_PER_SERVER)


@dataclass(frozen=True, slots=True)
class AppealItem:
    attempt_id: int
    user_id: int
    card_id: str
    prompt: str
    answer: str
    missed_concepts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AppealDecision:
    attempt_id: int
    accepted: bool
    suggested_keywords: tuple[str, ...]  # words of the answer worth adding to the missed concepts' keywords
    offer: tuple[OfferedKeyword, ...] = ()  # those words per missed concept, as stored: what a click may add


class AdminService:
    def __init__(self, store: AdminStore, catalogue: DeckCatalogue, learning: Recall, deck_checks: DeckCheckStore,
                 check: DeckChecker | None = None, *, overlay: ServerOverlay, overlay_store: OverlayStore,
                 convert_package: PackageConverter = convert_package_isolated, media: MediaStore | None = None) -> None:
        """`learning` answers the reminders' questions (streaks, due cards); `check`: the bot checks decks in
        a child process, by default (terminal, tests) in this one; `overlay` (with its store): the servers'
        additions to their decks, which appeals are graded with and accepted appeals offer words to;
        `convert_package`: an uploaded Anki package to deck YAML (always a child process but in tests);
        `media`: the servers' media files (None: uploads may name none)."""
        self.store = store
        self.overlay = overlay
        self.appeal_keywords = AppealKeywords(overlay_store, overlay, catalogue)
        self.catalogue = catalogue
        self.learning = learning
        self.deck_checks = deck_checks
        self.check = check or check_texts_here
        self.convert_package = convert_package
        self.media = media

    # --- decks -------------------------------------------------------------------------------------
    async def load_server_decks(self) -> list[str]:
        """At start: install every stored upload and hidden deck; returns problems (a deck that no longer parses).

        Each deck is checked on its own, and only if its text changed since it last passed (deck_checks)."""
        problems = []
        for stored in await check_stored_decks(self.deck_checks, self.check):
            deck, errors = stored.deck, stored.errors
            if deck is None or deck.id != stored.deck_id or stored.deck_id in self.catalogue.builtin_ids:
                why = "; ".join(errors[:3]) or "its id changed or a built-in deck now uses it"  # i18n: not shown (logged)
                problems.append(f"uploaded deck {stored.deck_id} (server {stored.guild_id}) is not loaded: "  # i18n: not shown (logged)
                                f"{why}")
                continue
            self.catalogue.install(stored.guild_id, deck)
        for guild_id, deck_id in await self.store.disabled_decks():
            self.catalogue.set_hidden(guild_id, deck_id, True)
        return problems

    async def upload_deck(self, guild_id: int, user_id: int, filename: str, data: bytes, *, now: datetime) -> DeckUpload:
        name = (filename or "deck.yaml")[:100]
        converted: list[str] = []
        brought: dict[str, bytes] = {}  # the media files a package brought, by stored name
        if is_package(name, data):  # an Anki package: one deck's YAML, then the same checks as a YAML upload
            result = await self.convert_package(data, name)
            if result.text is None:
                shown = result.errors[:SHOWN_PROBLEMS] or [Marked(N_("the package can't be read"))]
                raise DeckRejected(N_("`{name}` can't be imported; nothing was stored:\n{problems}"), name=name,
                                   problems=marked_lines(shown))
            data, name = result.text.encode("utf-8"), f"{name.rsplit('.', 1)[0]}.yaml"
            converted, brought = result.warnings, result.media
        if len(data) > MAX_DECK_BYTES:
            raise DeckRejected(N_("`{name}` is {size} KB; a deck may be at most 1 MB."), name=name,
                               size=str(len(data) // 1024))  # as before: no grouping
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DeckRejected(N_("`{name}` is not UTF-8 text (byte {byte}); save it as UTF-8 YAML."), name=name,
                               byte=str(error.start)) from error
        try:
            [(deck, errors, warnings)] = await self.check([(text, name)])
        except Exception as error:
            log.exception("the deck checker failed on an upload")
            raise DeckRejected(N_("Recall could not check `{name}` this time; nothing was stored. Try again in a "
                                  "minute; if it keeps failing, the bot's host will find why in its log."),
                               name=name) from error
        if deck is None:
            shown = errors[:SHOWN_PROBLEMS] or [Marked(N_("the deck is invalid"))]
            problems = marked_lines(shown)
            if len(errors) > SHOWN_PROBLEMS:
                raise DeckRejected(N_("`{name}` has {count} problems; nothing was stored:\n{problems}\n…and {more} more."),
                                   name=name, count=len(errors), problems=problems, more=len(errors) - SHOWN_PROBLEMS)
            if len(errors) == 1:
                raise DeckRejected(N_("`{name}` has 1 problem; nothing was stored:\n{problems}"), name=name,
                                   problems=problems)
            raise DeckRejected(N_("`{name}` has {count} problems; nothing was stored:\n{problems}"), name=name,
                               count=len(errors), problems=problems)
        if deck.id in self.catalogue.builtin_ids:
            raise DeckRejected(N_("The id `{deck}` belongs to a built-in deck; give your deck another `id:`."),
                               deck=deck.id)
        media = await self._deck_media(guild_id, name, deck, brought)
        size = len(text.encode())
        saved = await self.store.save_deck(guild_id, deck.id, text, user_id, to_ms(now),
                                           lambda sizes: server_quota_problem(sizes, deck.id, size), media)
        if saved.refused is not None:
            raise DeckRejected(N_("`{name}` was not stored. {reason}"), name=name, reason=saved.refused)
        previous = self.catalogue.deck_for(guild_id, deck.id)
        self.catalogue.install(guild_id, deck)
        dropped = tuple(c.id for c in previous.cards if deck.card(c.id) is None) if previous else ()
        total = await self.media.media_total(guild_id) if media.names and self.media is not None else 0
        return DeckUpload(deck, saved.replaced, dropped, (*converted, *warnings), len(media.names), total)

    async def _deck_media(self, guild_id: int, name: str, deck: Deck, brought: dict[str, bytes]) -> DeckMedia:
        """The media files the deck names, each checked as a deck folder's files are (its type by its first
        bytes, its size): from its package, else already the server's; any other name refuses the upload."""
        names = frozenset(file for card in deck.cards for _kind, file in named_files(card))
        known = {file: (len(brought[file]), brought[file][:16]) for file in names if file in brought}
        wanted = names - known.keys()
        if wanted and self.media is not None:
            heads = await self.media.media_heads(guild_id, wanted)
            known |= {file: (head.size, head.head) for file, head in heads.items()}
        problems = [Marked(N_("card {card}: {problem}"), card=deck.cards[p.path[1]].id, problem=p.message)  # type: ignore[index]
                    for p in check_server_media(deck, known)]
        if problems:
            shown = marked_lines(problems[:SHOWN_PROBLEMS])
            if len(problems) == 1:
                raise DeckRejected(N_("`{name}` has 1 media problem; nothing was stored:\n{problems}"), name=name,
                                   problems=shown)
            raise DeckRejected(N_("`{name}` has {count} media problems; nothing was stored:\n{problems}"), name=name,
                               count=len(problems), problems=shown)
        return DeckMedia(names, {file: brought[file] for file in names if file in brought}, server_media_problem)

    async def media_file(self, owner: int, name: str) -> bytes | None:
        """The bytes of a media file of `owner`'s uploaded decks (the deck's owner server: never another's)."""
        return await self.media.media_file(owner, name) if self.media is not None and owner else None

    async def remove_deck(self, guild_id: int, deck_id: str) -> None:
        if deck_id in self.catalogue.builtin_ids:
            raise InvalidSetting(N_("`{deck}` is a built-in deck: hide it with `/deck disable` instead."),
                                 deck=deck_id[:60])
        if not await self.store.remove_deck(guild_id, deck_id):
            raise InvalidSetting(N_("This server has no uploaded deck `{deck}`."), deck=deck_id[:60])
        self.catalogue.uninstall(guild_id, deck_id)

    async def set_deck_disabled(self, guild_id: int, deck_id: str, disabled: bool) -> bool:
        """Hide (or show again) a built-in deck in one server; returns whether anything changed."""
        if deck_id not in self.catalogue.builtin_ids:
            raise InvalidSetting(N_("`{deck}` is not a built-in deck; uploaded decks are removed with `/deck remove`."),
                                 deck=deck_id[:60])
        changed = await self.store.set_disabled(guild_id, deck_id, disabled)
        self.catalogue.set_hidden(guild_id, deck_id, disabled)
        return changed

    # --- appeals -------------------------------------------------------------------------------------
    async def _item(self, guild_id: int, row: AppealRow) -> AppealItem:
        card = self.catalogue.deck_card(row.deck_guild, row.deck_id, row.card_id, viewer=guild_id)
        prompt = card.prompt if isinstance(card, OpenCard) else row.card_id
        missed: tuple[str, ...] = ()
        if isinstance(card, OpenCard):  # re-graded off the event loop (bot/services/grading_worker.py)
            # as this server grades it now: with its own additions
            card = await self.overlay.card_for(guild_id, DeckRef(row.deck_guild, row.deck_id), card)
            grade = await grade_off_loop(row.answer_text or "", card)
            missed = tuple(v.name for v in grade.concepts if not v.hit)
        return AppealItem(row.attempt_id, row.user_id, row.card_id, prompt, row.answer_text or "", missed)

    async def appeals(self, guild_id: int, deck_id: str) -> list[AppealItem]:
        return [await self._item(guild_id, row)
                for row in await self.store.open_appeals(guild_id, deck_id, APPEALS_SHOWN)]

    async def review_appeal(self, guild_id: int, attempt_id: int, *, accept: bool, reviewer: int,
                            now: datetime) -> AppealDecision:
        row = await self.store.appeal(guild_id, attempt_id)
        if row is None:
            raise InvalidSetting(N_("That appeal was already reviewed, or isn't from this server."))
        restored = rules.open_points(row.concepts_hit or 0, row.concepts_total or 0)
        verdict = "accepted" if accept else "rejected"
        if not await self.store.review_appeal(guild_id, attempt_id, verdict, reviewer, to_ms(now), restored):
            raise InvalidSetting(N_("That appeal was already reviewed."))
        if not accept:
            return AppealDecision(attempt_id, False, ())
        words, offer = await self.appeal_keywords.offer(guild_id, attempt_id, DeckRef(row.deck_guild, row.deck_id),
                                                        row.card_id, row.answer_text or "")
        return AppealDecision(attempt_id, True, words, offer)

    async def add_offered_keywords(self, guild_id: int, attempt_id: int, slot: int, positions: list[int], *,
                                   reviewer: int, now: datetime) -> KeywordsAdded:
        """Add words an accepted appeal of this server offered to that server's copy of the card."""
        return await self.appeal_keywords.add(guild_id, attempt_id, slot, positions, reviewer=reviewer, now=now)

    async def add_misconception(self, guild_id: int, deck_id: str, card_id: str, misconception: Misconception, *,
                                added_by: int, now: datetime) -> None:
        """Add a misconception to this server's copy of a card it sees (`UnknownCard` for any other card;
        `InvalidSetting` when the deck limits refuse it). No command calls it yet: the learn-together
        feature will."""
        ref = self.catalogue.resolve(guild_id, str(deck_id))
        card = self.catalogue.deck_card(ref.owner, ref.deck_id, str(card_id), viewer=guild_id) if ref is not None else None
        if ref is None or not isinstance(card, OpenCard) or not card.concepts:
            raise UnknownCard(UNAVAILABLE)
        await self.overlay.add_misconception(guild_id, ref, card, misconception, added_by=added_by, now=now)

    # --- reminders and welcome -----------------------------------------------------------------------
    async def set_reminder(self, user_id: int, guild_id: int, enabled: bool) -> None:
        await self.store.set_reminder(user_id, guild_id, enabled)

    async def reminders_due(self, *, now: datetime, servers: ShardSet | None = None) -> list[tuple[int, Marked]]:
        """(user id, text) of the DMs to send now: at most one per member per study day, claimed here.

        Only the members whose stored check instant has come, or who answered something since the previous
        pass, are looked at (an index range scan, not every opted-in member on every pass); each one's next
        check is stored back: the earliest of a review card falling due, the streak-risk window opening,
        and their next study day. `servers` (a shard process's shards): only the members whose first server
        is on them, with all their servers, so one process looks at each member (the claim holds anyway).
        """
        now = utc(now)
        by_user: dict[int, list[int]] = {}
        for user_id, guild_id in await self.store.reminders_to_check(to_ms(now), servers):
            by_user.setdefault(user_id, []).append(guild_id)
        messages, checks = [], []
        for user_id, guild_ids in by_user.items():
            text, wake_ups = await self._reminder_text(user_id, guild_ids, now)
            timezone, day_start_hour = await self._day_clock(user_id, guild_ids[0])
            tomorrow = _next_day_start(now, timezone, day_start_hour)
            if text is not None:
                if await self.store.claim_reminder(user_id, study_day(now, timezone, day_start_hour)):
                    messages.append((user_id, text))
                next_check = tomorrow  # reminded on this study day (now or earlier): look again on the next
            else:
                next_check = min([tomorrow, *wake_ups])
            checks.append((user_id, to_ms(next_check)))
        await self.store.set_reminder_checks(checks)
        return messages

    async def _day_clock(self, user_id: int, guild_id: int) -> tuple[str, int]:
        """The member's timezone (theirs, else the server's) and the server's day-start hour."""
        settings = await self.learning.guild_settings(guild_id)
        return await self.learning.member_timezone(user_id) or settings.timezone, settings.day_start_hour

    async def _reminder_text(self, user_id: int, guild_ids: list[int], now: datetime) -> tuple[Marked | None, list[datetime]]:
        """The reminder to send now, if any; else the instants after `now` when one may become due."""
        wake_ups = []
        for guild_id in guild_ids:
            streak = await self.learning.streak(Learner(user_id, guild_id), now=now)
            if streak is None or streak.current == 0:
                continue
            tomorrow_starts = _next_day_start(now, *await self._day_clock(user_id, guild_id))
            wake_ups.append(tomorrow_starts)  # the next study day's own risk window is found from there
            if streak.studied_today:
                continue
            if tomorrow_starts - now <= REMIND_BEFORE_BREAK:
                return Marked(N_("Your {days}-day streak ends in less than {hours} hours: answer one question (`/drill` or "
                               "`/review`) to keep it. (`/remind off` stops these.)"),
                            days=streak.current, hours=REMIND_BEFORE_BREAK.seconds // 3600), []
            wake_ups.append(tomorrow_starts - REMIND_BEFORE_BREAK)
        due = await self.learning.due_cards(user_id, now=now, limit=25)
        for guild_id in guild_ids if not due else []:  # cards a server's exam puts at risk are due there
            due = await self.learning.due_cards(Learner(user_id, guild_id), now=now, limit=25)
            if due:
                break
        if due:
            if len(due) >= 25:
                return Marked(N_("You have {count}+ cards due for review: `/review` takes a few minutes. (`/remind off` "
                               "stops these.)"), count=len(due)), []
            if len(due) == 1:
                return Marked(N_("You have 1 card due for review: `/review` takes a few minutes. (`/remind off` stops "
                               "these.)")), []
            return Marked(N_("You have {count} cards due for review: `/review` takes a few minutes. (`/remind off` "
                           "stops these.)"), count=len(due)), []
        next_due = await self.store.next_card_due(user_id, to_ms(now))
        if next_due is not None:
            wake_ups.append(from_ms(next_due))
        return None, wake_ups

    async def claim_welcome(self, guild_id: int, *, now: datetime) -> bool:
        return await self.store.claim_welcome(guild_id, to_ms(now))


def _next_day_start(now: datetime, timezone: str, day_start_hour: int) -> datetime:
    today = study_day(now, timezone, day_start_hour)
    return day_start(today + timedelta(days=1), timezone, day_start_hour)


WELCOME_TEXT = N_(
    "👋 Hi, I'm Recall, a study partner for this server.\n"
    "**Admins** (Manage Server): post a question every day with `/schedule add` (e.g. `time:08:00 "
    "timezone:Europe/London deck:… kind:poll`), upload your own deck with `/deck upload`, and set the "
    "server's time zone with `/settings timezone`.\n"
    "**Everyone**: start with `/drill`, try `/flashcard`, `/quiz` or `/explain`, and see `/streak`. `/help` lists the rest."
)
