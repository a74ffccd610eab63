"""The languages replies are written in (migration 019): `guild_settings.language` (a server's choice) and
`members.locale` (a member's last seen client language). Implements `bot.services.language_ports`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from bot.storage.database import Database

CHUNK = 500  # ids per query (SQLite's parameter limit is far above)


class SqliteLanguageStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def chosen_languages(self) -> dict[int, str]:
        rows = await self.db.fetch_all("SELECT guild_id, language FROM guild_settings WHERE language IS NOT NULL", ())
        return {int(guild_id): str(language) for guild_id, language in rows}

    async def choose_language(self, guild_id: int, language: str | None) -> None:
        def job(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO guild_settings (guild_id, language) VALUES (?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language",
                (guild_id, language),
            )

        await self.db.write(job)

    async def member_locales(self, user_ids: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        ids = list(dict.fromkeys(user_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = await self.db.fetch_all(
                f"SELECT user_id, locale FROM members WHERE locale IS NOT NULL AND user_id IN ({marks})", tuple(chunk))
            found.update({int(user_id): str(locale) for user_id, locale in rows})
        return found

    async def record_locales(self, seen: Sequence[tuple[int, str | None]]) -> None:
        def job(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "INSERT INTO members (user_id, locale) VALUES (?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale",
                list(seen),
            )

        await self.db.write(job)
