"""Server-level admin data: uploaded decks, hidden built-in decks, appeal reviews, reminders, welcomes.

Every query names its server: a server's decks are keyed by (server, deck id), and appeals are the
attempts answered in that server."""

from __future__ import annotations

import sqlite3
from datetime import date

from bot.core.errors import RecallError
from bot.core.shards import ShardSet
from bot.services.records import AppealRow, DeckMedia, QuotaRule, SavedDeck, StoredDeck
from bot.storage.attempts import add_to_periods
from bot.storage.database import Database
from bot.storage.deck_checks import SERVER_DECK_SIZES
from bot.storage.server_media import link_deck_media, unlink_deck_media

# Opted-in members whose check instant has come (reminders_next_check) or who answered since the last
# pass (attempt ids after the cursor: a rowid range), with all their servers (the primary key).
REMINDERS_TO_CHECK = (
    "SELECT user_id, guild_id FROM reminders WHERE enabled = 1 AND user_id IN ("
    " SELECT user_id FROM reminders WHERE enabled = 1 AND next_check_at <= ?"
    " UNION SELECT user_id FROM attempts WHERE id > ?)"
    " ORDER BY user_id, guild_id"
)
NEXT_CARD_DUE = "SELECT due FROM srs_cards WHERE user_id = ? AND due > ? ORDER BY due LIMIT 1"
# How long after its answer an attempt may still commit. On PostgreSQL two processes write at once, so an
# attempt can commit after one with a higher id; a cursor at the highest id would skip it for good. The
# cursor therefore stops at the attempts answered this long before the pass, and each pass looks again at
# the newer ones (a member looked at twice gets the same answer: the DM itself is claimed once a day).
LATE_COMMIT_MS = 60_000
SETTLED_ATTEMPT = "SELECT id FROM attempts WHERE answered_at <= ? ORDER BY id DESC LIMIT 1"


def _shard_cursor(conn: sqlite3.Connection, servers: ShardSet, newest: int) -> int:
    """The oldest attempt id the shards' passes have settled (a shard never passed starts at `newest`), each
    cursor moved to `newest` (the last attempt that can no longer be overtaken: LATE_COMMIT_MS)."""
    marks = ", ".join("?" for _ in servers.ids)
    stored = dict(conn.execute(
        f"SELECT shard_id, last_attempt_id FROM reminder_shard_cursors WHERE shard_count = ? AND shard_id IN ({marks})",
        (servers.count, *servers.ids)).fetchall())
    conn.executemany(
        "INSERT INTO reminder_shard_cursors (shard_count, shard_id, last_attempt_id) VALUES (?, ?, ?)"
        " ON CONFLICT (shard_count, shard_id) DO UPDATE SET last_attempt_id = excluded.last_attempt_id",
        [(servers.count, shard, newest) for shard in servers.ids])
    return min(stored.get(shard, newest) for shard in servers.ids)


class SqliteAdminStore:
    """Implements the services' `AdminStore` port (`bot.services.server_ports`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- uploaded decks ----------------------------------------------------------------------------
    async def guild_decks(self) -> list[StoredDeck]:
        rows = await self.db.fetch_all(
            "SELECT deck_id, guild_id, source_text FROM guild_decks ORDER BY guild_id, deck_id", ())
        return [StoredDeck(*r) for r in rows]

    async def save_deck(self, guild_id: int, deck_id: str, text: str, user_id: int, now_ms: int,
                        admit: QuotaRule, media: DeckMedia | None = None) -> SavedDeck:
        """Store (or replace) this server's deck of that id, unless `admit` refuses it given the server's deck
        sizes as read inside this write: the writer runs one transaction at a time, so two uploads at once
        can't both fit into the room that only one has. Other servers' decks of the same id are other decks.
        The deck's media files (`media`; none: it names none) are stored in the same transaction, under the
        server's media quota checked the same way (bot.storage.server_media)."""
        def job(conn: sqlite3.Connection) -> SavedDeck:
            sizes = dict(conn.execute(SERVER_DECK_SIZES, (guild_id,)).fetchall())
            quota = admit(sizes)
            refused = RecallError(quota) if quota is not None else None
            if refused is None:
                names, files = (media.names, media.files) if media is not None else (frozenset(), {})
                refused = link_deck_media(conn, guild_id, deck_id, names, files,
                                          media.admit if media is not None else (lambda _total: None))
            if refused is not None:
                return SavedDeck(replaced=False, refused=refused)
            conn.execute(
                "INSERT INTO guild_decks (guild_id, deck_id, source_text, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, deck_id) DO UPDATE SET source_text = excluded.source_text,"
                " uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at",
                (guild_id, deck_id, text, user_id, now_ms))
            return SavedDeck(replaced=deck_id in sizes)
        return await self.db.write(job)

    async def remove_deck(self, guild_id: int, deck_id: str) -> bool:
        """Delete the server's deck and the media files no other deck of the server names."""
        def job(conn: sqlite3.Connection) -> bool:
            removed = conn.execute("DELETE FROM guild_decks WHERE deck_id = ? AND guild_id = ?",
                                   (deck_id, guild_id)).rowcount
            unlink_deck_media(conn, guild_id, deck_id)
            return bool(removed)
        return bool(await self.db.write(job))

    async def disabled_decks(self) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in await self.db.fetch_all("SELECT guild_id, deck_id FROM guild_disabled_decks", ())]

    async def set_disabled(self, guild_id: int, deck_id: str, disabled: bool) -> bool:
        """Returns whether anything changed."""
        if disabled:
            sql = "INSERT INTO guild_disabled_decks (guild_id, deck_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
        else:
            sql = "DELETE FROM guild_disabled_decks WHERE guild_id = ? AND deck_id = ?"
        return bool(await self.db.write(lambda conn: conn.execute(sql, (guild_id, deck_id)).rowcount))

    # --- appeals -------------------------------------------------------------------------------------
    async def open_appeals(self, guild_id: int, deck_id: str, limit: int) -> list[AppealRow]:
        """Unreviewed appeals of answers given in this server on its deck of that id (its own upload, or the
        built-in deck: an attempt in a server is on one of the two)."""
        rows = await self.db.fetch_all(
            "SELECT a.id, a.user_id, a.deck_id, a.card_id, a.answer_text, a.concepts_hit, a.concepts_total, a.points,"
            " a.answered_at, a.deck_guild FROM attempts a LEFT JOIN appeal_reviews r ON r.attempt_id = a.id"
            " WHERE a.deck_id = ? AND a.self_credited = 1 AND a.guild_id = ? AND a.deck_guild IN (0, ?)"
            " AND r.attempt_id IS NULL ORDER BY a.id LIMIT ?", (deck_id, guild_id, guild_id, limit))
        return [AppealRow(*r) for r in rows]

    async def appeal(self, guild_id: int, attempt_id: int) -> AppealRow | None:
        rows = await self.db.fetch_all(
            "SELECT a.id, a.user_id, a.deck_id, a.card_id, a.answer_text, a.concepts_hit, a.concepts_total, a.points,"
            " a.answered_at, a.deck_guild FROM attempts a LEFT JOIN appeal_reviews r ON r.attempt_id = a.id"
            " WHERE a.id = ? AND a.guild_id = ? AND a.self_credited = 1 AND r.attempt_id IS NULL",
            (attempt_id, guild_id))
        return AppealRow(*rows[0]) if rows else None

    async def review_appeal(self, guild_id: int, attempt_id: int, verdict: str, reviewer: int, now_ms: int,
                            restored_points: int) -> bool:
        """Record the verdict once; a rejection takes the self-credit back (correct and points, in the periods)."""
        def job(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT user_id, points, guild_day FROM attempts WHERE id = ? AND guild_id = ? AND self_credited = 1",
                (attempt_id, guild_id)).fetchone()
            if row is None:
                return False
            inserted = conn.execute(
                "INSERT INTO appeal_reviews (attempt_id, verdict, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING", (attempt_id, verdict, reviewer, now_ms)).rowcount
            if not inserted:
                return False
            if verdict == "rejected":
                conn.execute("UPDATE attempts SET correct = 0, self_credited = 0, points = ? WHERE id = ?",
                             (restored_points, attempt_id))
                if row[2] is not None:
                    add_to_periods(conn, guild_id, row[0], date.fromordinal(row[2]), restored_points - row[1], 0, -1)
            return True
        return bool(await self.db.write(job))

    # --- reminders -----------------------------------------------------------------------------------
    async def set_reminder(self, user_id: int, guild_id: int, enabled: bool) -> None:
        await self.db.write(lambda conn: conn.execute(
            "INSERT INTO reminders (user_id, guild_id, enabled, next_check_at) VALUES (?, ?, ?, 0)"
            " ON CONFLICT (user_id, guild_id) DO UPDATE SET enabled = excluded.enabled, next_check_at = 0",
            (user_id, guild_id, int(enabled))))

    async def reminder_enabled(self, user_id: int, guild_id: int) -> bool:
        rows = await self.db.fetch_all("SELECT enabled FROM reminders WHERE user_id = ? AND guild_id = ?", (user_id, guild_id))
        return bool(rows and rows[0][0])

    async def reminders_to_check(self, now_ms: int, servers: ShardSet | None = None) -> list[tuple[int, int]]:
        """(user id, guild id) of the opted-in members to look at now: their check instant has come, or they
        answered something since the previous pass. Index range scans: O(those members), not O(opted in).

        `servers` (a shard process's shards): only the members whose first opted-in server (the lowest id)
        is on them, each with all their servers, so exactly one process looks at each member; the pass's
        cursor is kept per shard (reminder_shard_cursors), as the processes move on at their own pace."""
        def job(conn: sqlite3.Connection) -> list[tuple[int, int]]:
            settled = conn.execute(SETTLED_ATTEMPT, (now_ms - LATE_COMMIT_MS,)).fetchone()
            newest = settled[0] if settled is not None else 0
            if servers is None or servers.is_all:
                cursor = conn.execute("SELECT last_attempt_id FROM reminder_cursor WHERE id = 1").fetchone()
                seen = cursor[0] if cursor is not None else newest
                conn.execute("INSERT INTO reminder_cursor (id, last_attempt_id) VALUES (1, ?)"
                             " ON CONFLICT (id) DO UPDATE SET last_attempt_id = excluded.last_attempt_id", (newest,))
                rows = conn.execute(REMINDERS_TO_CHECK, (now_ms, seen)).fetchall()
                return [(row[0], row[1]) for row in rows]
            seen = _shard_cursor(conn, servers, newest)
            rows = conn.execute(REMINDERS_TO_CHECK, (now_ms, seen)).fetchall()
            first_server: dict[int, int] = {}
            for user_id, guild_id in rows:
                first_server.setdefault(user_id, guild_id)
            return [(row[0], row[1]) for row in rows if servers.owns(first_server[row[0]])]
        return list(await self.db.write(job))

    async def set_reminder_checks(self, checks: list[tuple[int, int]]) -> None:
        """Store each (user id, next check instant in ms) for all of the member's servers, in one transaction."""
        if checks:
            await self.db.write(lambda conn: conn.executemany(
                "UPDATE reminders SET next_check_at = ? WHERE user_id = ?", [(at, user) for user, at in checks]))

    async def next_card_due(self, user_id: int, after_ms: int) -> int | None:
        """When the member's next review card falls due after `after_ms` (ms), if any: one index search."""
        rows = await self.db.fetch_all(NEXT_CARD_DUE, (user_id, after_ms))
        return int(rows[0][0]) if rows else None

    async def claim_reminder(self, user_id: int, day: date) -> bool:
        """True once per member per study day (whichever server's row), so at most one DM a day.

        One conditional UPDATE of every row of the member, so it holds across processes on PostgreSQL too:
        a second claimer waits for the first one's row locks, then finds the rows already at `day`."""
        def job(conn: sqlite3.Connection) -> bool:
            claimed = conn.execute(
                "UPDATE reminders SET last_sent_day = ? WHERE user_id = ? AND COALESCE(last_sent_day, -1) < ?"
                " AND NOT EXISTS (SELECT 1 FROM reminders WHERE user_id = ? AND last_sent_day >= ?)",
                (day.toordinal(), user_id, day.toordinal(), user_id, day.toordinal())).rowcount
            if claimed:
                return True
            # No row changed: claimed already today, unless the member has no reminder row at all.
            return conn.execute("SELECT 1 FROM reminders WHERE user_id = ? LIMIT 1", (user_id,)).fetchone() is None
        return bool(await self.db.write(job))

    # --- welcome -------------------------------------------------------------------------------------
    async def claim_welcome(self, guild_id: int, now_ms: int) -> bool:
        return bool(await self.db.write(lambda conn: conn.execute(
            "INSERT INTO guild_welcomes (guild_id, welcomed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (guild_id, now_ms)).rowcount))
