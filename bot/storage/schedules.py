"""Schedules and their posts: the SQL behind exactly-once scheduled questions.

A tick's decision and its claim run in one write transaction: the schedule row and its claimed dates
are read, the service's pure policy (`bot.services.server_ports.TickPolicy`) decides, and the slot is
claimed with `INSERT ... ON CONFLICT DO NOTHING` on the unique (schedule_id, local_date). A process that
inserts no row does nothing more. On SQLite, `BEGIN IMMEDIATE` serialises the processes sharing the file.
On PostgreSQL, transactions of several processes run at once (READ COMMITTED), so the tick first locks the
schedule's row (`_lock_schedule`): a schedule another process is deciding right now is skipped (that
process decides it; the next tick looks again), so two tickers never decide one schedule from the same
reads and never wait on each other (a batch of ticks waiting in two processes could deadlock). A manual
post waits for the lock instead. The rows are the services' records (`bot.services.schedule_records`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bot.core.group_pick import CardMemory, ForgettingCurve
from bot.core.shards import ShardSet
from bot.services.schedule_records import CardChoice, NewSchedule, Notice, PostHistory, PostRow, ScheduleRow
from bot.services.server_ports import TickPolicy
from bot.storage.database import Database
from bot.storage.group_memory import SqliteGroupMemory
from bot.storage.notice_text import read_notice, stored_notice
from bot.storage.shard_filter import on_shards

_SCHEDULE_COLUMNS = (
    "id, guild_id, channel_id, deck_id, kind, level, time_text, timezone, days_text, grace_hours, poll_hours,"
    " paused, pause_reason, active_since, next_check_at, checked_at, reported_through, cycle, pick"
)
POST_COLUMNS = (
    "id, schedule_id, guild_id, channel_id, local_date, cycle, deck_id, card_id, form, late, claimed_at,"
    " message_id, sent_at, failure, poll_closes_at, poll_ended_at, reveal_claimed, reveal_message_id,"
    " pick_reason, pick_members, pick_retention"
)


def schedule_row(row: Any) -> ScheduleRow:
    """A `schedules` row (`_SCHEDULE_COLUMNS`) as the services' record."""
    values = list(row)
    values[11] = bool(values[11])
    values[16] = date.fromordinal(values[16]) if values[16] else None
    return ScheduleRow(*values)


def post_row(row: Any) -> PostRow:
    """A `schedule_posts` row (`POST_COLUMNS`) as the services' record."""
    values = list(row)
    values[4] = date.fromordinal(values[4]) if values[4] else None
    values[9] = bool(values[9])
    values[16] = bool(values[16])
    return PostRow(*values)


# --- jobs run in the writer's transaction ------------------------------------------------------
def _lock_schedule(conn: sqlite3.Connection, schedule_id: int, *, skip_if_busy: bool) -> bool:
    """Lock the schedule's row until the transaction ends (PostgreSQL; SQLite's write transaction already
    excludes every other writer). False when `skip_if_busy` and another transaction holds it, or when
    there is no such schedule."""
    if isinstance(conn, sqlite3.Connection):
        return True
    skip = " SKIP LOCKED" if skip_if_busy else ""  # i18n: not shown (SQL)
    return conn.execute(f"SELECT id FROM schedules WHERE id = ? FOR NO KEY UPDATE{skip}",
                        (schedule_id,)).fetchone() is not None


def _schedule(conn: sqlite3.Connection, schedule_id: int) -> ScheduleRow | None:
    row = conn.execute(f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE id = ?", (schedule_id,)).fetchone()
    return schedule_row(row) if row else None


def _post(conn: sqlite3.Connection, post_id: int) -> PostRow:
    return post_row(conn.execute(f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE id = ?", (post_id,)).fetchone())


def add_notice(conn: sqlite3.Connection, guild_id: int, notice: Notice, now_ms: int) -> None:
    conn.execute(
        "INSERT INTO admin_notices (guild_id, notice_key, text, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (guild_id, notice_key) DO NOTHING",
        (guild_id, notice.key[:200], stored_notice(notice.text, 1900), now_ms),
    )


def _cycle_state(conn: sqlite3.Connection, schedule: ScheduleRow) -> tuple[list[str], str | None]:
    posted = [r[0] for r in conn.execute(
        "SELECT card_id FROM schedule_posts WHERE schedule_id = ? AND cycle = ?", (schedule.id, schedule.cycle))]
    last = conn.execute(
        "SELECT card_id FROM schedule_posts WHERE schedule_id = ? ORDER BY id DESC LIMIT 1", (schedule.id,)
    ).fetchone()
    return posted, last[0] if last else None


def _post_history(conn: sqlite3.Connection, schedule: ScheduleRow) -> PostHistory | None:
    """A review schedule's post count and the distinct cards it posted (bounded by the deck's size)."""
    if schedule.pick != "review":
        return None
    count = conn.execute("SELECT COUNT(*) FROM schedule_posts WHERE schedule_id = ?", (schedule.id,)).fetchone()[0]
    cards = frozenset(r[0] for r in conn.execute(
        "SELECT DISTINCT card_id FROM schedule_posts WHERE schedule_id = ?", (schedule.id,)))
    return PostHistory(int(count), cards)


def _choose(conn: sqlite3.Connection, schedule: ScheduleRow, policy: TickPolicy) -> CardChoice | None:
    posted, last = _cycle_state(conn, schedule)
    history = _post_history(conn, schedule)
    if history is None:
        return policy.choose(schedule, posted, last)
    return policy.choose(schedule, posted, last, history)


def _insert_post(conn: sqlite3.Connection, schedule: ScheduleRow, local_date: date | None, choice: CardChoice,
                 late: bool, now_ms: int, policy: TickPolicy) -> int | None:
    cycle = schedule.cycle + 1 if choice.new_cycle else schedule.cycle
    why = choice.why
    row = conn.execute(
        "INSERT INTO schedule_posts (schedule_id, guild_id, channel_id, local_date, cycle, deck_id, card_id, form,"
        " late, claimed_at, pick_reason, pick_members, pick_retention) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (schedule_id, local_date) WHERE local_date IS NOT NULL DO NOTHING RETURNING id",
        (schedule.id, schedule.guild_id, schedule.channel_id, local_date.toordinal() if local_date else None, cycle,
         schedule.deck_id, choice.card_id, choice.form, int(late), now_ms, why.reason if why else None,
         why.members if why else None, why.retention if why else None),
    ).fetchone()
    if row is None:
        return None
    if choice.new_cycle:
        conn.execute("UPDATE schedules SET cycle = ? WHERE id = ?", (cycle, schedule.id))
        add_notice(conn, schedule.guild_id, policy.exhausted_notice(schedule), now_ms)
    return int(row[0])


def tick_schedule(conn: sqlite3.Connection, schedule_id: int, now_ms: int, policy: TickPolicy) -> PostRow | None:
    """Decide one schedule and, if a slot is due and still free, claim it with its card; else None."""
    if not _lock_schedule(conn, schedule_id, skip_if_busy=True):
        return None
    schedule = _schedule(conn, schedule_id)
    if schedule is None or schedule.paused:
        return None
    claimed = {date.fromordinal(r[0]) for r in conn.execute(
        "SELECT local_date FROM schedule_posts WHERE schedule_id = ? AND local_date >= ?",
        (schedule_id, policy.claims_from(schedule).toordinal()))}
    plan = policy.plan(schedule, claimed)
    conn.execute(
        "UPDATE schedules SET next_check_at = ?, checked_at = ?, reported_through = ? WHERE id = ?",
        (plan.next_check_at_ms, now_ms, plan.reported_through.toordinal() if plan.reported_through else None,
         schedule_id),
    )
    if plan.post_date is None:
        return None
    choice = _choose(conn, schedule, policy)
    if choice is None:
        add_notice(conn, schedule.guild_id, policy.empty_deck_notice(schedule), now_ms)
        return None
    post_id = _insert_post(conn, schedule, plan.post_date, choice, plan.late, now_ms, policy)
    return _post(conn, post_id) if post_id is not None else None


def manual_post(conn: sqlite3.Connection, guild_id: int, schedule_id: int, now_ms: int,
                policy: TickPolicy) -> PostRow | ScheduleRow | None:
    """/schedule post-now: a post outside the slots (it claims no date), next card of the rotation.

    Returns the schedule row itself when its deck has no eligible card, None when there is no such schedule.
    """
    if not _lock_schedule(conn, schedule_id, skip_if_busy=False):
        return None
    schedule = _schedule(conn, schedule_id)
    if schedule is None or schedule.guild_id != guild_id:
        return None
    choice = _choose(conn, schedule, policy)
    if choice is None:
        return schedule
    post_id = _insert_post(conn, schedule, None, choice, False, now_ms, policy)
    assert post_id is not None  # manual posts have no slot to conflict on
    return _post(conn, post_id)


def _update_schedule(conn: sqlite3.Connection, guild_id: int, schedule_id: int, sql: str, params: tuple[Any, ...]) -> ScheduleRow | None:
    found = conn.execute(f"UPDATE schedules SET {sql} WHERE id = ? AND guild_id = ? RETURNING id",
                         (*params, schedule_id, guild_id)).fetchone()
    return _schedule(conn, schedule_id) if found else None


class SqliteScheduleStore:
    """Implements the services' `ScheduleStore` port (`bot.services.server_ports`): writes are group-committed
    jobs, reads use the read connection."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._memory = SqliteGroupMemory(db)

    async def _rows(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        return await self.db.fetch_all(sql, params)

    async def _write(self, job: Callable[[sqlite3.Connection], Any]) -> Any:
        return await self.db.write(job)

    # --- schedules --------------------------------------------------------------------------------
    async def add(self, new: NewSchedule) -> ScheduleRow:
        def job(conn: sqlite3.Connection) -> ScheduleRow:
            row = conn.execute(
                "INSERT INTO schedules (guild_id, channel_id, deck_id, kind, level, time_text, timezone, days_text,"
                " grace_hours, poll_hours, active_since, created_by, created_at, pick)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (new.guild_id, new.channel_id, new.deck_id, new.kind, new.level, new.time_text, new.timezone,
                 new.days_text, new.grace_hours, new.poll_hours, new.now_ms, new.created_by, new.now_ms, new.pick),
            ).fetchone()
            found = _schedule(conn, int(row[0]))
            assert found is not None
            return found
        return await self._write(job)

    async def get(self, guild_id: int, schedule_id: int) -> ScheduleRow | None:
        rows = await self._rows(f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE id = ? AND guild_id = ?",
                                (schedule_id, guild_id))
        return schedule_row(rows[0]) if rows else None

    async def of_guild(self, guild_id: int) -> list[ScheduleRow]:
        rows = await self._rows(f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE guild_id = ? ORDER BY id", (guild_id,))
        return [schedule_row(r) for r in rows]

    async def remove(self, guild_id: int, schedule_id: int) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            return conn.execute("DELETE FROM schedules WHERE id = ? AND guild_id = ?",
                                (schedule_id, guild_id)).rowcount == 1
        return bool(await self._write(job))

    async def pause(self, guild_id: int, schedule_id: int, reason: str | None = None,
                    notice: Notice | None = None, now_ms: int = 0) -> ScheduleRow | None:
        def job(conn: sqlite3.Connection) -> ScheduleRow | None:
            row = _update_schedule(conn, guild_id, schedule_id, "paused = 1, pause_reason = ?", (reason,))
            if row is not None and notice is not None:
                add_notice(conn, guild_id, notice, now_ms)
            return row
        return await self._write(job)

    async def resume(self, guild_id: int, schedule_id: int, now_ms: int) -> ScheduleRow | None:
        return await self._write(lambda conn: _update_schedule(
            conn, guild_id, schedule_id,
            "paused = 0, pause_reason = NULL, active_since = ?, next_check_at = 0, checked_at = 0", (now_ms,)))

    async def due_ids(self, now_ms: int, servers: ShardSet | None = None) -> list[int]:
        """Schedules to decide at this tick: O(due), two index range scans; `servers`: only those shards'."""
        shard, params = on_shards("guild_id", servers)
        rows = await self._rows(
            f"SELECT id FROM schedules WHERE paused = 0 AND next_check_at <= ?{shard}"
            f" UNION SELECT id FROM schedules WHERE paused = 0 AND checked_at > ?{shard}",
            (now_ms, *params, now_ms, *params))
        return [r[0] for r in rows]

    async def review_rows(self, schedule_ids: Sequence[int]) -> list[ScheduleRow]:
        if not schedule_ids:
            return []
        rows = await self._rows(f"SELECT {_SCHEDULE_COLUMNS} FROM schedules WHERE pick = 'review'"
                                " AND id IN (SELECT value FROM json_each(?)) ORDER BY id",
                                (json.dumps([int(i) for i in schedule_ids]),))
        return [schedule_row(r) for r in rows]

    async def latest_post(self, schedule_id: int) -> PostRow | None:
        rows = await self._rows(f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE schedule_id = ?"
                                " ORDER BY id DESC LIMIT 1", (schedule_id,))
        return post_row(rows[0]) if rows else None

    async def group_memory(self, guild_id: int, owner: int, deck_id: str, card_ids: Sequence[str], now_ms: int,
                           curve: ForgettingCurve) -> dict[str, CardMemory]:
        return await self._memory.group_memory(guild_id, owner, deck_id, card_ids, now_ms, curve)

    # --- ticks and posts ----------------------------------------------------------------------------
    async def tick(self, schedule_id: int, now_ms: int, policy: TickPolicy) -> PostRow | None:
        return await self._write(lambda conn: tick_schedule(conn, schedule_id, now_ms, policy))

    async def manual_post(self, guild_id: int, schedule_id: int, now_ms: int,
                          policy: TickPolicy) -> PostRow | ScheduleRow | None:
        return await self._write(lambda conn: manual_post(conn, guild_id, schedule_id, now_ms, policy))

    async def mark_sent(self, post_id: int, message_id: int, sent_at_ms: int, poll_closes_at_ms: int | None) -> None:
        await self._write(lambda conn: conn.execute(
            "UPDATE schedule_posts SET message_id = ?, sent_at = ?, poll_closes_at = ? WHERE id = ?",
            (message_id, sent_at_ms, poll_closes_at_ms, post_id)))

    async def mark_failed(self, post_id: int, reason: str) -> None:
        await self._write(lambda conn: conn.execute(
            "UPDATE schedule_posts SET failure = ? WHERE id = ?", (reason[:300], post_id)))

    async def unsent(self) -> list[PostRow]:
        rows = await self._rows(f"SELECT {POST_COLUMNS} FROM schedule_posts"
                                " WHERE message_id IS NULL AND failure IS NULL ORDER BY id", ())
        return [post_row(r) for r in rows]

    async def posts_of(self, schedule_id: int) -> list[PostRow]:
        rows = await self._rows(f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE schedule_id = ? ORDER BY id",
                                (schedule_id,))
        return [post_row(r) for r in rows]

    async def post(self, post_id: int) -> PostRow | None:
        rows = await self._rows(f"SELECT {POST_COLUMNS} FROM schedule_posts WHERE id = ?", (post_id,))
        return post_row(rows[0]) if rows else None

    # --- admin notices ----------------------------------------------------------------------------
    async def add_notice(self, guild_id: int, notice: Notice, now_ms: int) -> None:
        await self._write(lambda conn: add_notice(conn, guild_id, notice, now_ms))

    async def notices_to_announce(self) -> list[tuple[int, int, str]]:
        """(notice id, guild id, text) not yet tried in a system channel, oldest first."""
        return [(r[0], r[1], read_notice(r[2])) for r in await self._rows(
            "SELECT id, guild_id, text FROM admin_notices WHERE announced = 0 ORDER BY id", ())]

    async def claim_announce(self, notice_id: int) -> bool:
        """True for the one caller that tries the system channel (once, whatever happens)."""
        return bool(await self._write(lambda conn: conn.execute(
            "UPDATE admin_notices SET announced = 1 WHERE id = ? AND announced = 0", (notice_id,)).rowcount))

    async def pending_notices(self, guild_id: int) -> list[tuple[int, int, str]]:
        """(notice id, guild id, text) the admins have not seen yet, oldest first."""
        return [(r[0], r[1], read_notice(r[2])) for r in await self._rows(
            "SELECT id, guild_id, text FROM admin_notices WHERE guild_id = ? AND delivered_at IS NULL ORDER BY id",
            (guild_id,))]

    async def mark_delivered(self, notice_ids: list[int], now_ms: int) -> list[int]:
        """Mark delivered; returns the ids this call marked (a notice is delivered by one caller only)."""
        def job(conn: sqlite3.Connection) -> list[int]:
            marked = []
            for notice_id in notice_ids:
                if conn.execute("UPDATE admin_notices SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
                                (now_ms, notice_id)).rowcount:
                    marked.append(notice_id)
            return marked
        return list(await self._write(job))
