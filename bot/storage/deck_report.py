"""`/deck report`'s reads (`DeckReportStore`): one server's answers on one deck, in one read transaction.

A report reads up to a million index entries (a few hundred milliseconds), so it runs on a connection of
its own in a worker thread, at most `CONCURRENT_REPORTS` at once: the bot's shared read connection (one
thread, queries in turn) never waits behind it. Every query names the server (`attempts.guild_id`) and the deck's key (`deck_guild`, `deck_id`), and
walks the index `attempts_by_guild_deck` (migration 017: server, deck, time, then the columns the report
reads), so a server with a million answers costs the answers in the period, not a scan of the log.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.services.deck_report_ports import (
    ActivityWindow,
    CardTally,
    ConceptTally,
    DeckActivity,
    MemberTally,
    WeekTally,
)
from bot.storage.apart import ApartReads
from bot.storage.database import Database

CONCURRENT_REPORTS = 2

_IN_WINDOW = "a.guild_id = ? AND a.deck_guild = ? AND a.deck_id = ? AND a.answered_at > ? AND a.answered_at <= ?"


def _window_params(window: ActivityWindow) -> tuple[Any, ...]:
    since = window.since_ms if window.since_ms is not None else -(2**62)
    return (window.guild_id, window.deck_guild, window.deck_id, since, window.now_ms)


def read_activity(conn: sqlite3.Connection, window: ActivityWindow) -> DeckActivity:
    """Every figure of the report, read inside one transaction (one snapshot of the database)."""
    params = _window_params(window)
    cards = [CardTally(str(card), int(n), int(right or 0), int(members)) for card, n, right, members in conn.execute(
        "SELECT a.card_id, COUNT(*), SUM(a.correct), COUNT(DISTINCT a.user_id) FROM attempts a"
        f" WHERE {_IN_WINDOW} GROUP BY a.card_id", params)]
    # One pass per member: the totals, the distinct members and the most active named members.
    by_member = conn.execute(
        "SELECT a.user_id, COUNT(*), SUM(a.correct), MAX(COALESCE(m.leaderboard_opt_out, 0)) FROM attempts a"
        f" LEFT JOIN members m ON m.user_id = a.user_id WHERE {_IN_WINDOW} GROUP BY a.user_id", params).fetchall()
    (first,) = conn.execute(f"SELECT MIN(a.answered_at) FROM attempts a WHERE {_IN_WINDOW}", params).fetchone()
    trend_since = max(params[3], window.now_ms - window.trend_weeks * window.week_ms)
    weeks = [WeekTally(int(ago), int(n), int(right or 0), int(m)) for ago, n, right, m in conn.execute(
        "SELECT (? - a.answered_at) / ?, COUNT(*), SUM(a.correct), COUNT(DISTINCT a.user_id) FROM attempts a"
        f" WHERE {_IN_WINDOW} GROUP BY 1",
        (window.now_ms, window.week_ms, *params[:3], trend_since, window.now_ms))]
    concepts = [ConceptTally(str(card), str(name), int(missed), int(seen)) for card, name, missed, seen in conn.execute(
        "SELECT card_id, concept, SUM(missed), SUM(seen) FROM concept_stats"
        " WHERE guild_id = ? AND deck_guild = ? AND deck_id = ? GROUP BY card_id, concept HAVING SUM(missed) > 0",
        params[:3])]
    studying, behind = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM srs_cards s WHERE s.user_id = m.user_id"
        " AND s.deck_guild = ? AND s.deck_id = ? AND s.due <= ?) THEN 1 ELSE 0 END), 0)"
        " FROM (SELECT DISTINCT +a.user_id AS user_id FROM attempts a"
        " WHERE a.guild_id = ? AND a.deck_guild = ? AND a.deck_id = ?) m",
        (window.deck_guild, window.deck_id, window.now_ms, *params[:3])).fetchone()
    shown = sorted((row for row in by_member if not row[3]), key=lambda row: (-row[1], row[0]))
    named = [MemberTally(int(user), int(n), int(right or 0)) for user, n, right, _opted_out in shown]
    answered = sum(int(row[1]) for row in by_member)
    correct = sum(int(row[2] or 0) for row in by_member)
    return DeckActivity(cards, weeks, answered, correct, len(by_member), int(first) if first is not None else None,
                        concepts, int(studying), int(behind), named[:window.named_limit])


class SqliteDeckReportStore:
    """Implements the services' `DeckReportStore` port (`bot.services.deck_report_ports`)."""

    def __init__(self, db: Database) -> None:
        self._apart = ApartReads(db.path, CONCURRENT_REPORTS)

    async def deck_activity(self, window: ActivityWindow) -> DeckActivity:
        return await self._apart.run(lambda conn: read_activity(conn, window))
