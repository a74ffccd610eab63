"""Members' card reports (migration 015). Every query names its server."""

from __future__ import annotations

import sqlite3
from typing import cast

from bot.core.card_reports import ReportReason
from bot.core.errors import RecallError
from bot.core.messages import N_
from bot.services.card_report_ports import NewReport, OpenReport, SavedReport
from bot.storage.database import Database

_OPEN_ON_DECK = "guild_id = ? AND deck_guild = ? AND deck_id = ? AND closed_at IS NULL"


class SqliteReportStore:
    """Implements the services' `ReportStore` port (`bot.services.card_report_ports`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, report: NewReport, *, member_cap: int, server_cap: int) -> SavedReport:
        def job(conn: sqlite3.Connection) -> SavedReport:
            replaced = conn.execute(
                "SELECT 1 FROM card_reports WHERE guild_id = ? AND deck_guild = ? AND deck_id = ? AND card_id = ?"
                " AND user_id = ? AND closed_at IS NULL",
                (report.guild_id, report.deck_guild, report.deck_id, report.card_id, report.user_id),
            ).fetchone() is not None
            if not replaced:
                (mine,) = conn.execute("SELECT COUNT(*) FROM card_reports WHERE guild_id = ? AND user_id = ?"
                                       " AND closed_at IS NULL", (report.guild_id, report.user_id)).fetchone()
                if mine >= member_cap:
                    return SavedReport(refused=RecallError(
                        N_("You have {cap} open reports in this server, the most a member may have; they close as the "
                           "cards are fixed."), cap=member_cap))
                (everyone,) = conn.execute("SELECT COUNT(*) FROM card_reports WHERE guild_id = ? AND closed_at IS NULL",
                                           (report.guild_id,)).fetchone()
                if everyone >= server_cap:
                    return SavedReport(refused=RecallError(
                        N_("This server's report queue is full; its reviewers have been busy. Try again once they "
                           "have worked through it.")))
            conn.execute(
                "INSERT INTO card_reports (guild_id, deck_guild, deck_id, card_id, user_id, reason, note, fingerprint,"
                " reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, deck_guild, deck_id, card_id, user_id) WHERE closed_at IS NULL"
                " DO UPDATE SET reason = excluded.reason, note = excluded.note, fingerprint = excluded.fingerprint,"
                " reported_at = excluded.reported_at",
                (report.guild_id, report.deck_guild, report.deck_id, report.card_id, report.user_id, report.reason,
                 report.note, report.fingerprint, report.reported_at_ms),
            )
            return SavedReport(replaced=replaced)

        return await self.db.write(job)

    async def open_reports(self, guild_id: int, deck_guild: int, deck_id: str, limit: int) -> list[OpenReport]:
        rows = await self.db.fetch_all(
            "SELECT id, card_id, user_id, reason, note, fingerprint, reported_at FROM card_reports"
            f" WHERE {_OPEN_ON_DECK} ORDER BY reported_at DESC, id DESC LIMIT ?",
            (guild_id, deck_guild, deck_id, limit))
        return [OpenReport(int(i), str(card), int(user), cast(ReportReason, reason), note, str(fp), int(at))
                for i, card, user, reason, note, fp, at in rows]

    async def close(self, guild_id: int, report_ids: list[int], how: str, now_ms: int) -> int:
        if not report_ids:
            return 0

        def job(conn: sqlite3.Connection) -> int:
            closed = 0
            for report_id in report_ids:
                closed += conn.execute(
                    "UPDATE card_reports SET closed_at = ?, closed_how = ? WHERE id = ? AND guild_id = ?"
                    " AND closed_at IS NULL", (now_ms, how, report_id, guild_id)).rowcount
            return closed

        return await self.db.write(job)

    async def close_card(self, guild_id: int, deck_guild: int, deck_id: str, card_id: str, how: str,
                         now_ms: int) -> int:
        return await self.db.write(lambda conn: conn.execute(
            f"UPDATE card_reports SET closed_at = ?, closed_how = ? WHERE {_OPEN_ON_DECK} AND card_id = ?",
            (now_ms, how, guild_id, deck_guild, deck_id, card_id)).rowcount)
