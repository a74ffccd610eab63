"""doctor on a PostgreSQL URL, against the throwaway server: reachable or not (or silent past the timeout),
the schema current, behind or ahead, and the shard settings read back; the password never shown."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage.postgres.migrate import latest_version
from tests.terminal.commands import DUMMY_TOKEN, ROOT, Result, closed_port, run_here

PASSWORD = "d0ctor-Secret"


def with_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    user, _, host = rest.partition("@")
    return f"{scheme}://{user}:{PASSWORD}@{host}"


def doctor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, **env: str) -> Result:
    result = run_here(monkeypatch, tmp_path, "doctor", "--quick", env={
        "DISCORD_TOKEN": DUMMY_TOKEN, "RECALL_DATABASE_URL": with_password(url),
        "RECALL_CONTENT_DIR": str(ROOT / "content"), **env})
    assert PASSWORD not in result.output and "Traceback" not in result.output, result.output
    return result


def line(result: Result, name: str) -> str:
    return next(text for text in result.stdout.splitlines() if text[2:].startswith(name + ":"))


def execute(url: str, sql: str) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture
def migrated_url(empty_postgres_url: str) -> str:
    from bot.storage.postgres.migrate import migrate

    async def run() -> None:
        conn = await asyncpg.connect(empty_postgres_url)
        try:
            await migrate(conn)
        finally:
            await conn.close()

    asyncio.run(run())
    return empty_postgres_url


def test_a_current_server_passes_with_its_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  migrated_url: str) -> None:
    result = doctor(monkeypatch, tmp_path, migrated_url)
    assert result.returncode == 0, result.output
    assert line(result, "database").startswith("✓ database: postgresql://postgres:***@127.0.0.1:")
    assert "answers (PostgreSQL 1" in line(result, "database")
    assert line(result, "migrations") == f"✓ migrations: current (schema {latest_version()})"
    assert line(result, "shards").startswith("✓ shards: not sharded: this process serves every server")
    assert "free disk" not in result.stdout and "integrity" not in result.stdout  # the server's own business


def test_a_never_migrated_database_is_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             empty_postgres_url: str) -> None:
    result = doctor(monkeypatch, tmp_path, empty_postgres_url)
    assert result.returncode == 1
    assert line(result, "migrations") == f"✗ migrations: schema 0, this version of Recall has {latest_version()}"
    assert "fix: start the bot: it applies the missing migrations at start" in result.stdout


def test_a_database_a_newer_recall_migrated_is_ahead(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     migrated_url: str) -> None:
    ahead = latest_version() + 1
    execute(migrated_url, f"INSERT INTO recall_schema_version (version, name) VALUES ({ahead}, 'future.sql')")
    result = doctor(monkeypatch, tmp_path, migrated_url)
    assert result.returncode == 1
    assert line(result, "migrations") == f"✗ migrations: schema {ahead} is newer than this Recall ({latest_version()})"


def test_an_unreachable_server_is_named_without_its_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = doctor(monkeypatch, tmp_path, f"postgresql://recall@127.0.0.1:{closed_port()}/recall")
    assert result.returncode == 1
    assert line(result, "database").startswith("✗ database: can't connect to postgresql://recall:***@127.0.0.1:")
    assert "fix: check that the PostgreSQL server runs" in result.stdout
    assert "migrations" not in result.stdout


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a server hung, or a firewall black hole)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def test_a_server_that_never_answers_is_given_up_on_at_the_timeout(silent_server: int) -> None:
    from bot.terminal.doctor_postgres import check_postgres

    (check,) = check_postgres(f"postgresql://recall:{PASSWORD}@127.0.0.1:{silent_server}/recall", timeout_s=0.5)
    assert not check.ok and "TimeoutError" in check.detail and PASSWORD not in check.detail


def test_shard_settings_are_read_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, migrated_url: str) -> None:
    some = doctor(monkeypatch, tmp_path, migrated_url, RECALL_SHARD_COUNT="4", RECALL_SHARD_IDS="0,2-3")
    assert line(some, "shards").startswith("✓ shards: shards 0,2-3 of 4 in this process: start the other shards")
    every = doctor(monkeypatch, tmp_path, migrated_url, RECALL_SHARD_COUNT="2")
    assert line(every, "shards") == "✓ shards: all 2 shards in this process"
    auto = doctor(monkeypatch, tmp_path, migrated_url, RECALL_SHARD_COUNT="auto")
    assert line(auto, "shards").startswith("✓ shards: RECALL_SHARD_COUNT=auto")
    bad = doctor(monkeypatch, tmp_path, migrated_url, RECALL_SHARD_COUNT="2", RECALL_SHARD_IDS="5")
    assert bad.returncode == 1 and "RECALL_SHARD_IDS must list shards below 2" in line(bad, "settings")


def test_sqlite_without_shard_settings_has_no_shard_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = run_here(monkeypatch, tmp_path, "doctor", "--quick", env={
        "DISCORD_TOKEN": DUMMY_TOKEN, "RECALL_DATABASE_URL": "sqlite:///data/r.db",
        "RECALL_CONTENT_DIR": str(ROOT / "content")})
    assert "shards" not in result.stdout and "✓ database" in result.stdout
    sharded = run_here(monkeypatch, tmp_path, "doctor", "--quick", env={
        "DISCORD_TOKEN": DUMMY_TOKEN, "RECALL_DATABASE_URL": "sqlite:///data/r.db", "RECALL_SHARD_COUNT": "2",
        "RECALL_CONTENT_DIR": str(ROOT / "content")})
    assert sharded.returncode == 1 and "need a PostgreSQL database" in line(sharded, "settings")


def test_without_quick_the_count_is_held_against_discords_recommendation(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import load_settings
    from bot.terminal import doctor as doctor_module
    from bot.terminal.doctor_postgres import check_shards, recommended_shards

    asked = []

    def gateway(url: str, token: str) -> dict[str, object]:
        asked.append(url)
        return {"url": "wss://gateway", "shards": 4}

    monkeypatch.setattr(doctor_module, "_get_json", gateway)
    assert recommended_shards(DUMMY_TOKEN, "http://x") == 4 and asked == ["http://x/gateway/bot"]
    base = {"DISCORD_TOKEN": DUMMY_TOKEN, "RECALL_DATABASE_URL": "postgresql://db/recall"}
    two = load_settings({**base, "RECALL_SHARD_COUNT": "2", "RECALL_SHARD_IDS": "0"}, env_file=None)
    few = check_shards(two, 4)
    assert not few.ok and few.detail == "2 shard(s), fewer than the 4 Discord recommends for this bot"
    assert few.fix.startswith("set RECALL_SHARD_COUNT=4")
    assert check_shards(two, 2).ok and check_shards(two, None).ok
    unsharded = load_settings(base, env_file=None)
    assert not check_shards(unsharded, 3).ok and check_shards(unsharded, 1).ok
    auto = load_settings({**base, "RECALL_SHARD_COUNT": "auto"}, env_file=None)
    assert check_shards(auto, 16).ok
    monkeypatch.setattr(doctor_module, "_get_json", lambda url, token: {"message": "401: Unauthorized"})
    assert recommended_shards(DUMMY_TOKEN, "http://x") is None
