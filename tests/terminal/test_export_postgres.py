"""`export` works on PostgreSQL through the services: after `migrate`, a server's and a member's exports
read the same from the PostgreSQL copy as from the SQLite file (only the time of export differs)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.terminal.commands import run_here
from tests.terminal.group_data import GUILD, LARGEST_ID, UNICODE_ANSWER


def exported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, *extra: str) -> dict:
    result = run_here(monkeypatch, tmp_path, "export", "--guild", str(GUILD), "--database", url, *extra)
    assert result.returncode == 0, result.output
    document = json.loads(result.stdout)
    document.pop("generated_at")
    return document


def test_exports_read_the_same_on_both_sides_of_a_move(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        group_db: Path, empty_postgres_url: str) -> None:
    source = tmp_path / "recall.db"
    with sqlite3.connect(group_db) as src, sqlite3.connect(source) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    moved = run_here(monkeypatch, tmp_path, "migrate", "--from", f"sqlite:///{source}", "--to", empty_postgres_url)
    assert moved.returncode == 0, moved.output
    lite, pg = f"sqlite:///{source}", empty_postgres_url
    server = exported(monkeypatch, tmp_path, pg)
    assert server == exported(monkeypatch, tmp_path, lite)
    assert len(server["attempts"]) > 10 and server["streaks"]
    member = exported(monkeypatch, tmp_path, pg, "--member", str(LARGEST_ID))
    assert member == exported(monkeypatch, tmp_path, lite, "--member", str(LARGEST_ID))
    assert UNICODE_ANSWER in {row.get("answer_text") for row in member["attempts"]}
