"""`python -m bot doctor` as a real process on real database files: what it passes and what it catches."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.ops.instance_lock import InstanceLock
from bot.storage.sqlite import LATEST_VERSION, connect
from bot.terminal.doctor import check_token_shape

ROOT = Path(__file__).resolve().parents[2]
# Shaped like a real token (base64 of a snowflake . timestamp . signature), but not one.
FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"


def doctor(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    clean.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", DISCORD_TOKEN=FAKE_TOKEN,
                 RECALL_CONTENT_DIR=str(ROOT / "content"))
    clean.update(env)
    return subprocess.run([sys.executable, "-m", "bot", "doctor", *args], capture_output=True, text=True,
                          cwd=cwd, env=clean, timeout=60)


def migrated_database(path: Path, rows: int = 0) -> Path:
    conn = connect(path)
    conn.execute("INSERT INTO members (user_id) VALUES (1)")
    for number in range(rows):
        conn.execute(
            "INSERT INTO attempts (user_id, guild_id, deck_id, card_id, kind, level, source, correct, points,"
            " answer_text, answered_at) VALUES (1, 2, 'd', ?, 'open', 'beginner', 'drill', 1, 3, ?, 0)",
            (f"card-{number}", "x" * 300),
        )
    conn.close()
    return path


def lines(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """check name -> its line, for the lines that start with ✓ or ✗."""
    found = {}
    for line in result.stdout.splitlines():
        if line[:2] in ("✓ ", "✗ "):
            found[line[2:].split(":", 1)[0]] = line
    return found


def test_a_healthy_installation_passes_every_check(tmp_path: Path) -> None:
    db = migrated_database(tmp_path / "recall.db")
    result = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=f"sqlite:///{db}")
    assert result.returncode == 0, result.stdout + result.stderr
    checks = lines(result)
    assert set(checks) == {"settings", "token", "database", "free disk", "migrations", "integrity", "decks", "time zones"}
    assert all(line.startswith("✓") for line in checks.values()), result.stdout
    assert f"current (schema {LATEST_VERSION})" in checks["migrations"]
    assert "quick_check ok" in checks["integrity"]
    assert "Europe/London" in checks["time zones"]
    assert FAKE_TOKEN not in result.stdout + result.stderr
    assert "discord login" not in checks  # --quick: no network


def test_quick_is_fast_and_read_only_while_a_bot_writes(tmp_path: Path) -> None:
    """The healthcheck runs beside the bot: a held lock and an open write transaction don't stop it."""
    db = migrated_database(tmp_path / "recall.db", rows=200)
    before = db.read_bytes()
    lock = InstanceLock(db).acquire()
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO members (user_id) VALUES (99)")
        started = time.perf_counter()
        result = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=f"sqlite:///{db}")
        elapsed = time.perf_counter() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        lock.release()
    assert result.returncode == 0, result.stdout
    print(f"doctor --quick beside a writer: {elapsed:.2f} s")
    assert db.read_bytes() == before  # nothing written by the doctor


def test_a_missing_database_is_fine_when_its_folder_is_writable(tmp_path: Path) -> None:
    result = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=f"sqlite:///{tmp_path}/fresh/recall.db")
    assert result.returncode == 0, result.stdout
    assert "does not exist yet; the bot creates it at start" in lines(result)["database"]
    assert not (tmp_path / "fresh" / "recall.db").exists()


def test_a_damaged_database_fails_the_integrity_check_with_a_fix(tmp_path: Path) -> None:
    db = migrated_database(tmp_path / "recall.db", rows=400)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    data = bytearray(db.read_bytes())
    # Scribble over three pages of the attempts (written after the schema, so near the end of the file; an
    # empty table's page in the middle would keep its header and pass the check).
    for page in range(pages - 4, pages - 1):
        data[page * page_size + 16 : (page + 1) * page_size - 16] = b"\xa5" * (page_size - 32)
    db.write_bytes(bytes(data))
    for args in (("--quick",), ()):
        result = doctor(tmp_path, *args, RECALL_DATABASE_URL=f"sqlite:///{db}", DISCORD_API_BASE="http://127.0.0.1:9")
        assert result.returncode == 1
        checks = lines(result)
        failed = checks.get("integrity") or checks["database"]
        assert failed.startswith("✗"), result.stdout
        assert "fix: stop the bot and restore the newest backup" in result.stdout


def test_schema_behind_or_ahead_is_reported(tmp_path: Path) -> None:
    db = migrated_database(tmp_path / "recall.db")
    for version, fix in ((LATEST_VERSION - 1, "start the bot"), (LATEST_VERSION + 5, "upgrade Recall")):
        with sqlite3.connect(db) as conn:
            conn.execute(f"PRAGMA user_version = {version}")
        result = doctor(tmp_path, "--quick", RECALL_DATABASE_URL=f"sqlite:///{db}")
        assert result.returncode == 1
        assert lines(result)["migrations"].startswith(f"✗ migrations: schema {version}")
        assert f"fix: {fix}" in result.stdout


def test_bad_settings_token_and_decks_each_get_a_fix(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "broken.yaml").write_text("id: broken\ntitle: Broken\ncards:\n  - id: x\n    kind: flashcard\n")
    result = doctor(tmp_path, "--quick", DISCORD_TOKEN="not-a-token", RECALL_LOG_LEVEL="LOUD",
                    RECALL_CONTENT_DIR=str(decks), RECALL_DATABASE_URL=f"sqlite:///{tmp_path}/recall.db")
    assert result.returncode == 1
    checks = lines(result)
    assert checks["settings"].startswith("✗ settings: RECALL_LOG_LEVEL must be one of")
    assert checks["token"].startswith("✗ token: DISCORD_TOKEN is not shaped like a bot token")
    assert checks["decks"].startswith("✗ decks: ") and "broken.yaml" in checks["decks"]
    assert "fix: run `python -m bot content check" in result.stdout
    assert "fix: edit .env" in result.stdout and "Reset Token" in result.stdout
    assert checks["time zones"].startswith("✓")
    assert "not-a-token" not in result.stdout


def test_no_deck_folder_and_unusable_database_url(tmp_path: Path) -> None:
    result = doctor(tmp_path, "--quick", RECALL_CONTENT_DIR=str(tmp_path / "nowhere"),
                    RECALL_DATABASE_URL="postgres://db/recall")
    assert result.returncode == 1
    checks = lines(result)
    assert checks["decks"].startswith("✗ decks: the deck folder") and "RECALL_CONTENT_DIR" in result.stdout
    assert checks["database"].startswith("✗")


@pytest.mark.parametrize(
    ("token", "ok"),
    [
        (FAKE_TOKEN, True),
        ("", False),
        ("abc.def", False),
        ("bm90IGFuIGlk.GaBcDe.abcdefghijklmnopqrstuvwxyz0123", False),  # first part is not a user id
        ("MTIzNDU2Nzg5MDEyMzQ1Njc4.Ga.abcdefghijklmnopqrstuvwxyz0123", False),
        ("MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abc def", False),
    ],
)
def test_token_shape(token: str, ok: bool) -> None:
    check = check_token_shape(token)
    assert check.ok is ok
    assert (check.fix == "") is ok
    if token:
        assert token not in check.detail


def test_login_reports_the_privileged_intents(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.terminal import doctor as doctor_module

    answers = {"/users/@me": {"id": "42", "username": "Recall"}, "/applications/@me": {"flags": (1 << 15) | (1 << 18)}}
    monkeypatch.setattr(doctor_module, "_get_json", lambda url, token: answers[url.removeprefix("http://x")])
    login, intents = doctor_module.check_login(FAKE_TOKEN, "http://x")
    assert login.ok and login.detail == "logged in as Recall (id 42)"
    assert intents.ok and intents.detail.startswith("privileged intents enabled: server members, message content")
