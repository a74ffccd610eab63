"""Migration 019: a server's chosen reply language and a member's last seen one, both empty for existing
rows (follow Discord; English), and the store that reads and writes them on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.storage.database import Database
from bot.storage.languages import SqliteLanguageStore
from bot.storage.sqlite import connect, migrations, split_statements


def _version_18(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for number, _name, sql in migrations():
        if number <= 18:
            for statement in split_statements(sql):
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 18")
    conn.execute("INSERT INTO guild_settings (guild_id, timezone, day_start_hour) VALUES (7, 'Europe/Berlin', 5)")
    conn.execute("INSERT INTO members (user_id, timezone) VALUES (42, 'Asia/Tokyo')")
    conn.close()


def test_existing_servers_follow_discord_and_members_have_no_language_yet(tmp_path: Path) -> None:
    path = tmp_path / "recall.db"
    _version_18(path)
    conn = connect(path)
    try:
        assert conn.execute("SELECT guild_id, timezone, day_start_hour, language FROM guild_settings").fetchall() == [
            (7, "Europe/Berlin", 5, None)]
        assert conn.execute("SELECT user_id, timezone, locale FROM members").fetchall() == [(42, "Asia/Tokyo", None)]
    finally:
        conn.close()


async def test_the_store_keeps_choices_and_last_seen_languages(tmp_path: Path) -> None:
    db = await Database.open(f"sqlite:///{tmp_path}/recall.db")
    store = SqliteLanguageStore(db)
    try:
        await db.set_guild_settings(7, "Europe/Berlin", 5)
        await store.choose_language(7, "es")
        await store.choose_language(8, "de")  # a server without settings gets a row with the defaults
        assert await store.chosen_languages() == {7: "es", 8: "de"}
        await store.choose_language(7, None)
        assert await store.chosen_languages() == {8: "de"}
        assert await db.guild_settings(7) == ("Europe/Berlin", 5)  # its timezone and day start are kept
        await db.set_member_timezone(42, "Asia/Tokyo")
        await store.record_locales([(42, "ja"), (43, "fr"), (44, None)])
        assert await store.member_locales([42, 43, 44, 45]) == {42: "ja", 43: "fr"}
        await store.record_locales([(43, None)])
        assert await store.member_locales([43]) == {}
        assert await store.member_locales(list(range(1, 1200))) == {42: "ja"}  # more ids than one query takes
        assert (await db.member(42))[0] == "Asia/Tokyo"  # the member's timezone is kept
    finally:
        await db.close()
