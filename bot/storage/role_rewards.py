"""Roles earned by studying (migration 010): a server's rewards, the grants made, and the rewards' admin
notices (in `admin_notices`, with the schedules' ones). Every query names its server."""

from __future__ import annotations

import sqlite3

from bot.core.errors import RecallError
from bot.core.messages import N_
from bot.core.rewards import RoleReward
from bot.services.reward_ports import SavedReward, StoredReward, StreakHolder
from bot.storage.database import Database
from bot.storage.notice_text import stored_notice

MAX_NOTICE_CHARS = 1900


class SqliteRewardStore:
    """Implements the services' `RewardStore` port (`bot.services.reward_ports`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def all_rewards(self) -> list[StoredReward]:
        rows = await self.db.fetch_all(
            "SELECT guild_id, role_id, kind, threshold, remove_on_break, added_at FROM role_rewards"
            " ORDER BY guild_id, added_at, role_id", ())
        return [StoredReward(int(g), RoleReward(int(r), str(k), int(t), bool(b)), int(at)) for g, r, k, t, b, at in rows]

    async def add(self, guild_id: int, reward: RoleReward, added_by: int, now_ms: int, cap: int) -> SavedReward:
        def job(conn: sqlite3.Connection) -> SavedReward:
            replaced = conn.execute("SELECT 1 FROM role_rewards WHERE guild_id = ? AND role_id = ?",
                                    (guild_id, reward.role_id)).fetchone() is not None
            if not replaced:
                (count,) = conn.execute("SELECT COUNT(*) FROM role_rewards WHERE guild_id = ?", (guild_id,)).fetchone()
                if count >= cap:
                    return SavedReward(refused=RecallError(N_("A server can have at most {cap} role rewards; remove one first."),
                                                          cap=cap))
            conn.execute(
                "INSERT INTO role_rewards (guild_id, role_id, kind, threshold, remove_on_break, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, role_id) DO UPDATE SET kind = excluded.kind,"
                " threshold = excluded.threshold, remove_on_break = excluded.remove_on_break,"
                " added_by = excluded.added_by, added_at = excluded.added_at",
                (guild_id, reward.role_id, reward.kind, reward.threshold, int(reward.remove_on_break), added_by,
                 now_ms),
            )
            return SavedReward(replaced=replaced)

        return await self.db.write(job)

    async def remove(self, guild_id: int, role_id: int) -> bool:
        def job(conn: sqlite3.Connection) -> bool:
            conn.execute("DELETE FROM role_reward_grants WHERE guild_id = ? AND role_id = ?", (guild_id, role_id))
            return bool(conn.execute("DELETE FROM role_rewards WHERE guild_id = ? AND role_id = ?",
                                     (guild_id, role_id)).rowcount)

        return await self.db.write(job)

    async def held(self, guild_id: int, user_id: int, stale_before_ms: int) -> tuple[frozenset[int], frozenset[int]]:
        rows = await self.db.fetch_all(
            "SELECT role_id, given_at IS NOT NULL FROM role_reward_grants WHERE guild_id = ? AND user_id = ?"
            " AND (given_at IS NOT NULL OR claimed_at > ?)", (guild_id, user_id, stale_before_ms))
        return (frozenset(int(role) for role, given in rows if given),
                frozenset(int(role) for role, given in rows if not given))

    async def claim(self, guild_id: int, user_id: int, role_id: int, now_ms: int, stale_before_ms: int) -> bool:
        return await self.db.write(lambda conn: bool(conn.execute(
            "INSERT INTO role_reward_grants (guild_id, user_id, role_id, claimed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id, role_id) DO UPDATE SET claimed_at = excluded.claimed_at"
            " WHERE given_at IS NULL AND claimed_at <= ?",
            (guild_id, user_id, role_id, now_ms, stale_before_ms)).rowcount))

    async def mark_given(self, guild_id: int, user_id: int, role_id: int, now_ms: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "UPDATE role_reward_grants SET given_at = ? WHERE guild_id = ? AND user_id = ? AND role_id = ?",
            (now_ms, guild_id, user_id, role_id)))

    async def unclaim(self, guild_id: int, user_id: int, role_id: int) -> None:
        await self.db.write(lambda conn: conn.execute(
            "DELETE FROM role_reward_grants WHERE guild_id = ? AND user_id = ? AND role_id = ?",
            (guild_id, user_id, role_id)))

    async def streak_holders(self, guild_id: int, role_ids: list[int], now_ms: int, limit: int) -> list[StreakHolder]:
        if not role_ids:
            return []
        marks = ", ".join("?" for _ in role_ids)
        rows = await self.db.fetch_all(
            "SELECT g.user_id, g.role_id, COALESCE(s.current_streak, 0), COALESCE(s.alive_until, 0)"
            " FROM role_reward_grants g"
            " JOIN role_rewards r ON r.guild_id = g.guild_id AND r.role_id = g.role_id"
            " LEFT JOIN member_streaks s ON s.guild_id = g.guild_id AND s.user_id = g.user_id"
            f" WHERE g.guild_id = ? AND g.role_id IN ({marks}) AND g.given_at IS NOT NULL"
            " AND (s.user_id IS NULL OR s.alive_until <= ? OR s.current_streak < r.threshold)"
            " ORDER BY g.role_id, g.user_id LIMIT ?",
            (guild_id, *role_ids, now_ms, limit),
        )
        return [StreakHolder(int(u), int(r), int(c), int(a)) for u, r, c, a in rows]

    async def add_notice(self, guild_id: int, key: str, text: str, now_ms: int) -> bool:
        return await self.db.write(lambda conn: bool(conn.execute(
            "INSERT INTO admin_notices (guild_id, notice_key, text, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, notice_key) DO NOTHING",
            (guild_id, key[:200], stored_notice(text, MAX_NOTICE_CHARS), now_ms)).rowcount))
