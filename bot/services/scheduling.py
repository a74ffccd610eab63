"""Scheduled questions: the admin commands' use cases, the tick (decide + claim), delivery and reconciling.

Exactly once (see `bot.core.schedule`): a tick decides and claims each due schedule's slot in one
write transaction; only the claimer sends; the message carries a marker (`schedule #12 · 2026-03-29`)
so that an intent without a message id (a crash between claim and send) is resolved at start by
looking for the marker in the channel's recent history, and sent only if it isn't there.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.deck import AnyCard, ClozeCard, ClozeGap, Deck
from bot.core.errors import InvalidSetting
from bot.core.group_pick import CardMemory, parse_pick
from bot.core.instants import from_ms, to_ms, utc
from bot.core.messages import N_, Marked
from bot.core.rotation import pick_next_card
from bot.core.schedule import claims_needed_from, decide_tick, next_due, occurrence_on, window_end
from bot.core.schedule_kinds import eligible_card_ids, parse_kind, parse_level, poll_closes_at, post_form
from bot.core.schedule_rule import DEFAULT_GRACE_HOURS, DEFAULT_POLL_HOURS, ScheduleRule
from bot.core.shards import ShardSet, serves
from bot.services.api import DeckRef
from bot.services.ports import ChannelGone, Publisher
from bot.services.review_pick import Memories, choose_review, eligible_of, read_memories, why_line
from bot.services.schedule_records import (
    CardChoice,
    NewSchedule,
    Notice,
    PostHistory,
    PostRow,
    ScheduleRow,
    TickPlan,
)
from bot.services.server_ports import ScheduleStore

log = logging.getLogger("recall.schedule")

MAX_SCHEDULES_PER_GUILD = 25  # autocomplete shows at most 25
MANUAL_POST_WINDOW = timedelta(hours=1)  # an unsent try-out post older than this is dropped, not sent late
DeckLookup = Callable[[int, str], Deck | None]
RefLookup = Callable[[int, str], DeckRef | None]


class ScheduleNotFound(InvalidSetting):
    """No schedule with that id in this server."""


def rule_of(row: ScheduleRow) -> ScheduleRule:
    return ScheduleRule.parse(row.time_text, row.timezone, row.days_text, row.grace_hours, row.poll_hours, row.paused)


def marker_for(post: PostRow) -> str:
    """The text that identifies a post in the channel (unique per slot, or per try-out post)."""
    if post.local_date is not None:
        return f"schedule #{post.schedule_id} · {post.local_date.isoformat()}"
    return f"schedule #{post.schedule_id} · try-out {post.id}"


@dataclass(frozen=True, slots=True)
class ScheduleView:
    id: int
    channel_id: int
    deck_id: str
    kind: str
    level: str | None
    rule: ScheduleRule
    pause_reason: str | None
    next_post_at: datetime | None  # None while paused
    pick: str = "rotation"
    why: str | None = None  # review schedules: why the latest post's card was picked

    def describe(self) -> Marked:
        shown = {"id": str(self.id), "kind": self.kind, "deck": self.deck_id, "rule": self.rule.describe()}
        if self.pick == "review":
            if self.level:
                return Marked(N_("#{id} · {kind} {level} from `{deck}` · pick review · {rule}"), level=self.level, **shown)
            return Marked(N_("#{id} · {kind} from `{deck}` · pick review · {rule}"), **shown)
        if self.level:
            return Marked(N_("#{id} · {kind} {level} from `{deck}` · {rule}"), level=self.level, **shown)
        return Marked(N_("#{id} · {kind} from `{deck}` · {rule}"), **shown)


@dataclass(frozen=True, slots=True)
class OutgoingPost:
    """A claimed post, ready to send (the adapter renders it)."""

    post: PostRow
    deck_title: str
    card: AnyCard
    form: str
    poll_hours: int
    marker: str


def _view(row: ScheduleRow, now: datetime, why: str | None = None) -> ScheduleView:
    rule = rule_of(row)
    upcoming = None if row.paused else next_due(rule, max(now, from_ms(row.active_since_ms)) - timedelta(seconds=1)).due_at
    return ScheduleView(row.id, row.channel_id, row.deck_id, row.kind, row.level, rule, row.pause_reason, upcoming,
                        row.pick, why)


class _Policy:
    """The decisions made inside the claim transaction, for one tick at `now`."""

    def __init__(self, decks: DeckLookup, now: datetime, rng: random.Random, memories: Memories | None = None) -> None:
        self.decks, self.now, self.rng = decks, now, rng
        self.memories: Memories = memories if memories is not None else {}  # may fill in while ticks run

    def claims_from(self, schedule: ScheduleRow) -> date:
        return claims_needed_from(rule_of(schedule), self.now)

    def plan(self, schedule: ScheduleRow, claimed: set[date]) -> TickPlan:
        decision = decide_tick(rule_of(schedule), claimed, self.now, active_since=from_ms(schedule.active_since_ms),
                               reported_through=schedule.reported_through)
        reported = schedule.reported_through
        if decision.missed:
            log.warning("schedule #%d missed %s (%s)", schedule.id,
                        ", ".join(day.isoformat() for day in decision.missed), decision.reason)
            reported = max([*decision.missed, *([reported] if reported else [])])
        next_check = to_ms(decision.next_check_at) if decision.next_check_at else to_ms(self.now) + 60_000
        post_date = decision.post.local_date if decision.post else None
        return TickPlan(post_date, decision.late, next_check, reported)

    def choose(self, schedule: ScheduleRow, posted_in_cycle: list[str], last_posted: str | None,
               history: PostHistory | None = None) -> CardChoice | None:
        deck = self.decks(schedule.guild_id, schedule.deck_id)
        if deck is None:
            return None
        eligible = eligible_of(deck, schedule)
        why = None
        if schedule.pick == "review":
            review = choose_review(eligible, self.memories.get(schedule.id, {}), history, last_posted)
            if review is None:
                return None
            (card_id, why), new_cycle = review, False
        else:
            pick = pick_next_card(eligible, posted_in_cycle, self.rng, last_posted=last_posted)
            if pick is None:
                return None
            card_id, new_cycle = pick.card_id, pick.deck_exhausted
        card = deck.card(card_id)
        assert card is not None and not isinstance(card, ClozeCard | ClozeGap)  # schedules post no cloze cards
        return CardChoice(card_id, post_form(card, parse_kind(schedule.kind)), new_cycle, why)

    def empty_deck_notice(self, schedule: ScheduleRow) -> Notice:
        return Notice(f"empty:{schedule.id}:{schedule.deck_id}",
                      Marked(N_("Schedule #{schedule} found no {kind} cards to post in deck `{deck}` (was the deck removed "
                                "or disabled?). Nothing was posted; change or remove the schedule."),
                             schedule=str(schedule.id), kind=schedule.kind, deck=schedule.deck_id))

    def exhausted_notice(self, schedule: ScheduleRow) -> Notice:
        return Notice(f"exhausted:{schedule.id}:{schedule.cycle}",
                      Marked(N_("Schedule #{schedule} has posted every eligible card of `{deck}`; it starts again in a new "
                                "shuffled order."), schedule=str(schedule.id), deck=schedule.deck_id))


class SchedulingService:
    def __init__(self, store: ScheduleStore, decks: DeckLookup, refs: RefLookup | None = None) -> None:
        self.store = store
        self.decks = decks
        # which deck (owner, id) a server's deck id names: a review pick reads that deck's review state
        self.refs: RefLookup = refs or (lambda _guild, deck_id: DeckRef(0, deck_id))
        self._in_flight: set[int] = set()  # claimed by this process and waiting in its send queue
        self._reading: set[int] = set()  # review schedules whose group memory is being read
        self._tasks: set[asyncio.Task[None]] = set()
        self._sending: set[int] = set()

    # --- admin commands ---------------------------------------------------------------------------
    async def add(self, guild_id: int, user_id: int, *, channel_id: int, time: str, timezone: str, deck_id: str,
                  now: datetime, kind: str = "flashcard", level: str | None = None, days: str = "daily",
                  poll_hours: int | None = None, grace_hours: int | None = None, pick: str | None = None) -> ScheduleView:
        now = utc(now)
        checked_pick = parse_pick(pick)
        rule = ScheduleRule.parse(time, timezone, days or "daily", DEFAULT_GRACE_HOURS if grace_hours is None else grace_hours,
                                  DEFAULT_POLL_HOURS if poll_hours is None else poll_hours)
        checked_kind, checked_level = parse_kind(kind or "flashcard"), parse_level(level)
        deck = self.decks(guild_id, deck_id)
        if deck is None:
            raise InvalidSetting(N_("There is no deck `{deck}` in this server; `/decks` lists them."), deck=str(deck_id)[:60])
        if not eligible_card_ids(deck, checked_kind, checked_level):
            if checked_level:
                raise InvalidSetting(N_("Deck `{deck}` has no {level} cards for the kind `{kind}`."), deck=deck.id,
                                     level=checked_level, kind=checked_kind)
            raise InvalidSetting(N_("Deck `{deck}` has no cards for the kind `{kind}`."), deck=deck.id, kind=checked_kind)
        if len(await self.store.of_guild(guild_id)) >= MAX_SCHEDULES_PER_GUILD:
            raise InvalidSetting(N_("A server can have at most {count} schedules; remove one first."),
                                 count=MAX_SCHEDULES_PER_GUILD)
        row = await self.store.add(NewSchedule(
            guild_id, channel_id, deck.id, checked_kind, checked_level, rule.time_text, rule.timezone, rule.days_text,
            rule.grace_hours, rule.poll_hours, user_id, to_ms(now), checked_pick))
        return _view(row, now)

    async def schedules(self, guild_id: int, *, now: datetime) -> list[ScheduleView]:
        """The server's schedules; a review schedule says why its latest card was picked (stored at the claim)."""
        views = []
        for row in await self.store.of_guild(guild_id):
            why = why_line(await self.store.latest_post(row.id)) if row.pick == "review" else None
            views.append(_view(row, utc(now), why))
        return views

    async def take_notices(self, guild_id: int, *, now: datetime) -> list[str]:
        """Undelivered admin notices of a server, marked delivered (shown by `/schedule list`)."""
        pending = await self.store.pending_notices(guild_id)
        marked = set(await self.store.mark_delivered([n[0] for n in pending], to_ms(utc(now))))
        return [text for notice_id, _guild, text in pending if notice_id in marked]

    async def _existing(self, guild_id: int, schedule_id: int) -> ScheduleRow:
        row = await self.store.get(guild_id, int(schedule_id))
        if row is None:
            raise ScheduleNotFound(N_("There is no schedule #{schedule} in this server; `/schedule list` shows them."),
                                   schedule=str(schedule_id))
        return row

    async def remove(self, guild_id: int, schedule_id: int) -> ScheduleView:
        row = await self._existing(guild_id, schedule_id)
        await self.store.remove(guild_id, row.id)
        return ScheduleView(row.id, row.channel_id, row.deck_id, row.kind, row.level, rule_of(row), row.pause_reason, None)

    async def pause(self, guild_id: int, schedule_id: int, *, now: datetime) -> ScheduleView:
        await self._existing(guild_id, schedule_id)
        row = await self.store.pause(guild_id, int(schedule_id))
        assert row is not None
        return _view(row, utc(now))

    async def resume(self, guild_id: int, schedule_id: int, *, now: datetime) -> ScheduleView:
        await self._existing(guild_id, schedule_id)
        row = await self.store.resume(guild_id, int(schedule_id), to_ms(utc(now)))
        assert row is not None
        return _view(row, utc(now))

    async def post_now(self, guild_id: int, schedule_id: int, *, now: datetime, rng: random.Random) -> OutgoingPost:
        row = await self._existing(guild_id, schedule_id)
        memories = await read_memories(self.store, [row], self.decks, self.refs, utc(now)) if row.pick == "review" else {}
        policy = _Policy(self.decks, utc(now), random.Random(rng.getrandbits(64)), memories)
        result = await self.store.manual_post(guild_id, row.id, to_ms(utc(now)), policy)
        if not isinstance(result, PostRow):
            raise InvalidSetting(N_("Schedule #{schedule} has no cards to post in deck `{deck}`."), schedule=str(row.id),
                                 deck=row.deck_id)
        outgoing = self._outgoing(result, row.poll_hours)
        if outgoing is None:
            raise InvalidSetting(N_("Schedule #{schedule}'s deck `{deck}` is no longer available."), schedule=str(row.id),
                                 deck=row.deck_id)
        return outgoing

    # --- the tick ---------------------------------------------------------------------------------
    async def claim_due(self, *, now: datetime, rng: random.Random,
                        later: Callable[[OutgoingPost], object] | None = None,
                        servers: ShardSet | None = None) -> list[OutgoingPost]:
        """Decide every due schedule and claim the slots to post now (O(due schedules)).

        `later` (the scheduler loop's send queue): `pick: review` schedules are then claimed in a task of
        their own, each post handed to `later` once its group memory is read (seconds for a big server),
        so this tick returns without waiting for them; a schedule whose read is still running is skipped
        by the next ticks. Without `later`, everything is claimed before returning. `servers`: only the
        schedules of those shards' servers (a shard process's own; None: every server)."""
        now = utc(now)
        ids = [schedule_id for schedule_id in await self.store.due_ids(to_ms(now), servers)
               if schedule_id not in self._reading]
        if not ids:
            return []
        reviews = {row.id: row for row in await self.store.review_rows(ids)}
        if later is not None and reviews:
            self._reading.update(reviews)
            task = asyncio.get_running_loop().create_task(
                self._claim_later(reviews, now, rng.getrandbits(64), later), name="review-picks")  # i18n: not shown (a task name)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            ids = [schedule_id for schedule_id in ids if schedule_id not in reviews]
        return await self._claim(ids, reviews, now, rng.getrandbits(64))

    async def _claim_later(self, reviews: dict[int, ScheduleRow], now: datetime, seed: int,
                           later: Callable[[OutgoingPost], object]) -> None:
        try:
            for outgoing in await self._claim(list(reviews), reviews, now, seed):
                later(outgoing)
        except Exception:
            log.exception("review schedules %s: claim failed", sorted(reviews))
        finally:
            self._reading.difference_update(reviews)

    async def _claim(self, ids: list[int], reviews: Mapping[int, ScheduleRow], now: datetime,
                     seed: int) -> list[OutgoingPost]:
        memories: dict[int, Mapping[str, CardMemory]] = {}
        policy = _Policy(self.decks, now, random.Random(seed), memories)

        async def tick(schedule_id: int) -> PostRow | None:
            # a review schedule's group memory is read first, off the writer and the shared reader
            if schedule_id in reviews:
                memories.update(await read_memories(self.store, [reviews[schedule_id]], self.decks, self.refs, now))
            return await self.store.tick(schedule_id, to_ms(now), policy)

        claimed = await asyncio.gather(*(tick(schedule_id) for schedule_id in ids), return_exceptions=True)
        posts = []
        for schedule_id, result in zip(ids, claimed, strict=True):
            if isinstance(result, BaseException):
                log.error("schedule #%d: tick failed", schedule_id, exc_info=result)
            elif result is not None:
                self._in_flight.add(result.id)
                posts.append(result)
        outgoing = []
        for post in posts:
            schedule = await self.store.get(post.guild_id, post.schedule_id)
            ready = self._outgoing(post, schedule.poll_hours if schedule else DEFAULT_POLL_HOURS)
            if ready is None:
                await self.store.mark_failed(post.id, "deck or card no longer available")  # i18n: not shown (a stored failure)
            else:
                outgoing.append(ready)
        return outgoing

    def _outgoing(self, post: PostRow, poll_hours: int) -> OutgoingPost | None:
        deck = self.decks(post.guild_id, post.deck_id)
        card = deck.card(post.card_id) if deck else None
        if deck is None or card is None:
            return None
        return OutgoingPost(post, deck.title, card, post.form, poll_hours, marker_for(post))

    # --- delivery ---------------------------------------------------------------------------------
    async def deliver(self, outgoing: OutgoingPost, publisher: Publisher, *, now: datetime) -> int | None:
        """Send a claimed post and record its message id; a gone channel pauses the schedule (told once)."""
        post = outgoing.post
        if post.id in self._sending:
            return None
        self._sending.add(post.id)
        try:
            message_id = await publisher.send_post(outgoing)
        except ChannelGone as gone:
            await self.channel_gone(post, gone.reason, now=now)
            return None
        finally:
            self._sending.discard(post.id)
            self._in_flight.discard(post.id)
        await self.record_sent(outgoing, message_id, now=now)
        return message_id

    async def record_sent(self, outgoing: OutgoingPost, message_id: int, *, now: datetime) -> None:
        closes = to_ms(poll_closes_at(utc(now), outgoing.poll_hours)) if outgoing.form == "poll" else None
        await self.store.mark_sent(outgoing.post.id, message_id, to_ms(utc(now)), closes)
        log.info("schedule #%d posted %s (message %d)", outgoing.post.schedule_id, outgoing.marker, message_id)

    async def channel_gone(self, post: PostRow, reason: str, *, now: datetime) -> None:
        log.warning("schedule #%d paused: %s", post.schedule_id, reason)
        await self.store.mark_failed(post.id, reason)
        notice = Notice(f"paused:{post.schedule_id}:{post.id}",
                        Marked(N_("Schedule #{schedule} is paused: I can't post in <#{channel}> ({reason}). Fix the channel "
                                  "or my permissions, then `/schedule resume`."), schedule=str(post.schedule_id),
                               channel=str(post.channel_id), reason=reason))
        await self.store.pause(post.guild_id, post.schedule_id, reason[:200], notice, to_ms(utc(now)))

    async def reconcile(self, publisher: Publisher, *, now: datetime, older_than: timedelta = timedelta(0),
                        servers: ShardSet | None = None) -> int:
        """Resolve intents without a message id: found in the channel -> recorded; else sent if still in time.
        `servers`: only those shards' servers (None: every server).

        Returns how many messages were sent now."""
        now = utc(now)
        sent = 0
        for post in await self.store.unsent():
            if not serves(servers, post.guild_id) or post.id in self._in_flight or post.id in self._sending or from_ms(post.claimed_at_ms) > now - older_than:
                continue
            schedule = await self.store.get(post.guild_id, post.schedule_id)
            outgoing = self._outgoing(post, schedule.poll_hours if schedule else DEFAULT_POLL_HOURS)
            if schedule is None or outgoing is None:
                await self.store.mark_failed(post.id, "schedule or card removed before it was sent")  # i18n: not shown (a stored failure)
                continue
            try:
                found = await publisher.find_post(post.channel_id, outgoing.marker)
            except ChannelGone as gone:
                await self.channel_gone(post, gone.reason, now=now)
                continue
            if found is not None:
                await self.record_sent(outgoing, found, now=now)
                continue
            if not self._still_in_time(post, schedule, now):
                log.warning("schedule #%d: %s was never sent and its window has passed", post.schedule_id,
                            outgoing.marker)
                await self.store.mark_failed(post.id, "window passed before it could be sent")  # i18n: not shown (a stored failure)
                continue
            if await self.deliver(outgoing, publisher, now=now) is not None:
                sent += 1
        return sent

    @staticmethod
    def _still_in_time(post: PostRow, schedule: ScheduleRow, now: datetime) -> bool:
        if post.local_date is None:
            return now - from_ms(post.claimed_at_ms) <= MANUAL_POST_WINDOW
        rule = rule_of(schedule)
        return now < window_end(rule, occurrence_on(rule, post.local_date))

    async def deliver_notices(self, publisher: Publisher, *, now: datetime, servers: ShardSet | None = None) -> int:
        """Tell admins, once, in the system channel; a notice that can't go there waits for `/schedule list`.
        `servers`: only those shards' servers (None: every server)."""
        delivered = 0
        for notice_id, guild_id, text in await self.store.notices_to_announce():
            if not serves(servers, guild_id) or not await self.store.claim_announce(notice_id):
                continue  # another process took it
            try:
                told = await publisher.notify_admins(guild_id, text)
            except Exception:
                log.warning("could not tell the admins of %d", guild_id, exc_info=True)
                told = False
            if told:
                await self.store.mark_delivered([notice_id], to_ms(utc(now)))
                delivered += 1
        return delivered
