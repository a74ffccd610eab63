"""Members' card suggestions, a server's overlay cards and its reviewer role (migration 014).

Implements `bot.services.suggestion_ports.SuggestionStore`. Every query names the server asking: a
suggestion is read and changed only by (server, id), never by id alone, so a forged id from another
server finds nothing. The rules that must hold against races (at most N pending per member, at most N
overlay cards per deck, one verdict per suggestion and so one DM) are checked inside the writing
transaction.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from bot.services.suggestion_ports import AcceptOutcome, OverlayCardRow, SuggestionRow
from bot.storage.database import Database

_COLUMNS = "id, guild_id, deck_guild, deck_id, user_id, kind, fields, status, reason, card_id, created_at"
_CARD_COLUMNS = "guild_id, deck_guild, deck_id, card_id, card, base, authored_by, author_name"


def _row(row: Any) -> SuggestionRow:
    form = json.loads(row[6])
    return SuggestionRow(int(row[0]), int(row[1]), int(row[2]), str(row[3]), int(row[4]), str(row[5]),
                         form if isinstance(form, dict) else {}, row[7], row[8], row[9], int(row[10]))


def _card_row(row: Any) -> OverlayCardRow:
    return OverlayCardRow(int(row[0]), int(row[1]), str(row[2]), str(row[3]), json.loads(row[4]), row[5],
                          row[6], row[7])


def _overlay_count(conn: sqlite3.Connection, card: OverlayCardRow) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM overlay_cards WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?",
                            (card.guild_id, card.deck_guild, card.deck_id)).fetchone()[0])


def _exists(conn: sqlite3.Connection, card: OverlayCardRow) -> bool:
    return conn.execute("SELECT 1 FROM overlay_cards WHERE guild_id = ? AND deck_guild = ? AND deck_id = ?"
                        " AND card_id = ?", (card.guild_id, card.deck_guild, card.deck_id, card.card_id)).fetchone() is not None


def _upsert(conn: sqlite3.Connection, card: OverlayCardRow, editor: int, now_ms: int) -> None:
    conn.execute(
        f"INSERT INTO overlay_cards ({_CARD_COLUMNS}, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (guild_id, deck_guild, deck_id, card_id) DO UPDATE SET card = excluded.card,"
        " base = excluded.base, added_by = excluded.added_by, added_at = excluded.added_at,"
        " authored_by = COALESCE(excluded.authored_by, overlay_cards.authored_by),"
        " author_name = CASE WHEN excluded.authored_by IS NULL THEN overlay_cards.author_name"
        " ELSE excluded.author_name END",
        (card.guild_id, card.deck_guild, card.deck_id, card.card_id,
         json.dumps(card.card, ensure_ascii=False, sort_keys=True), card.base, card.authored_by, card.author_name,
         editor, now_ms))


class SqliteSuggestionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_suggestion(self, guild_id: int, deck_guild: int, deck_id: str, user_id: int, kind: str,
                             form: dict[str, Any], now_ms: int, *, max_pending: int) -> SuggestionRow | None:
        text = json.dumps(form, ensure_ascii=False)

        def job(conn: sqlite3.Connection) -> SuggestionRow | None:
            pending = conn.execute("SELECT COUNT(*) FROM card_suggestions WHERE guild_id = ? AND user_id = ?"
                                   " AND status = 'pending'", (guild_id, user_id)).fetchone()[0]
            if pending >= max_pending:
                return None
            cursor = conn.execute(
                "INSERT INTO card_suggestions (guild_id, deck_guild, deck_id, user_id, kind, fields, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", (guild_id, deck_guild, deck_id, user_id, kind, text, now_ms))
            return _row(conn.execute(f"SELECT {_COLUMNS} FROM card_suggestions WHERE id = ?",
                                     (cursor.lastrowid,)).fetchone())
        return await self.db.write(job)

    async def pending_count(self, guild_id: int, user_id: int) -> int:
        rows = await self.db.fetch_all("SELECT COUNT(*) FROM card_suggestions WHERE guild_id = ? AND user_id = ?"
                                       " AND status = 'pending'", (guild_id, user_id))
        return int(rows[0][0])

    async def pending(self, guild_id: int, deck_guild: int, deck_id: str,
                      limit: int) -> tuple[list[SuggestionRow], int]:
        where = "guild_id = ? AND deck_guild = ? AND deck_id = ? AND status = 'pending'"
        rows = await self.db.fetch_all(f"SELECT {_COLUMNS} FROM card_suggestions WHERE {where} ORDER BY id LIMIT ?",
                                       (guild_id, deck_guild, deck_id, limit))
        total = await self.db.fetch_all(f"SELECT COUNT(*) FROM card_suggestions WHERE {where}",
                                        (guild_id, deck_guild, deck_id))
        return [_row(row) for row in rows], int(total[0][0])

    async def suggestion(self, guild_id: int, suggestion_id: int) -> SuggestionRow | None:
        rows = await self.db.fetch_all(f"SELECT {_COLUMNS} FROM card_suggestions WHERE guild_id = ? AND id = ?",
                                       (guild_id, suggestion_id))
        return _row(rows[0]) if rows else None

    async def accept(self, guild_id: int, suggestion_id: int, card: OverlayCardRow, reviewer: int, now_ms: int, *,
                     max_cards: int) -> AcceptOutcome:
        def job(conn: sqlite3.Connection) -> AcceptOutcome:
            row = conn.execute("SELECT status FROM card_suggestions WHERE guild_id = ? AND id = ?",
                               (guild_id, suggestion_id)).fetchone()
            if row is None or row[0] != "pending":
                return "stale"
            if not _exists(conn, card) and _overlay_count(conn, card) >= max_cards:
                return "full"
            conn.execute("UPDATE card_suggestions SET status = 'accepted', card_id = ?, reviewed_by = ?,"
                         " reviewed_at = ? WHERE guild_id = ? AND id = ?",
                         (card.card_id, reviewer, now_ms, guild_id, suggestion_id))
            _upsert(conn, card, reviewer, now_ms)
            return "accepted"
        return await self.db.write(job)

    async def reject(self, guild_id: int, suggestion_id: int, reason: str, reviewer: int,
                     now_ms: int) -> SuggestionRow | None:
        def job(conn: sqlite3.Connection) -> SuggestionRow | None:
            changed = conn.execute(
                "UPDATE card_suggestions SET status = 'rejected', reason = ?, reviewed_by = ?, reviewed_at = ?,"
                " dm_state = 'claimed' WHERE guild_id = ? AND id = ? AND status = 'pending'",
                (reason, reviewer, now_ms, guild_id, suggestion_id)).rowcount
            if not changed:
                return None
            return _row(conn.execute(f"SELECT {_COLUMNS} FROM card_suggestions WHERE id = ?",
                                     (suggestion_id,)).fetchone())
        return await self.db.write(job)

    async def dm_done(self, suggestion_id: int, sent: bool) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE card_suggestions SET dm_state = ? WHERE id = ? AND dm_state = 'claimed'",
            ("sent" if sent else "closed", suggestion_id)))

    async def save_card(self, card: OverlayCardRow, editor: int, now_ms: int, *, max_cards: int) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            if not _exists(conn, card) and _overlay_count(conn, card) >= max_cards:
                return False
            _upsert(conn, card, editor, now_ms)
            return True
        return await self.db.write(job)

    async def overlay_cards(self) -> list[OverlayCardRow]:
        rows = await self.db.fetch_all(f"SELECT {_CARD_COLUMNS} FROM overlay_cards ORDER BY added_at, card_id", ())
        return [_card_row(row) for row in rows]

    async def reviewer_role(self, guild_id: int) -> int | None:
        rows = await self.db.fetch_all("SELECT role_id FROM reviewer_roles WHERE guild_id = ?", (guild_id,))
        return int(rows[0][0]) if rows else None

    async def set_reviewer_role(self, guild_id: int, role_id: int | None) -> None:
        if role_id is None:
            await self.db.write(lambda conn: conn.execute("DELETE FROM reviewer_roles WHERE guild_id = ?", (guild_id,)))
            return
        await self.db.write(lambda conn: conn.execute(
            "INSERT INTO reviewer_roles (guild_id, role_id) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET role_id = excluded.role_id", (guild_id, role_id)))
