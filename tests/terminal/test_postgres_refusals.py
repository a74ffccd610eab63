"""On a PostgreSQL URL, `backup` and `restore` refuse in one line pointing at pg_dump / pg_restore (exit 2),
before touching anything, whether the URL comes from RECALL_DATABASE_URL or --database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal.commands import run_here

URL = "postgresql://recall:s3cret@127.0.0.1:1/recall"


@pytest.mark.parametrize("how", ["environment", "option"])
def test_backup_and_restore_point_at_the_servers_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       how: str) -> None:
    env = {"RECALL_DATABASE_URL": URL} if how == "environment" else {}
    option = ("--database", URL) if how == "option" else ()
    backup = run_here(monkeypatch, tmp_path, "backup", *option, env={**env, "RECALL_BACKUP_DIR": "kept"})
    assert backup.returncode == 2 and backup.stdout == ""
    assert backup.stderr.count("\n") == 1 and "pg_dump" in backup.stderr
    assert "postgresql://recall:***@127.0.0.1:1/recall" in backup.stderr
    restore = run_here(monkeypatch, tmp_path, "restore", "recall.dump", *option, env=env)
    assert restore.returncode == 2 and restore.stdout == ""
    assert restore.stderr.count("\n") == 1 and "pg_restore" in restore.stderr
    for result in (backup, restore):
        assert "s3cret" not in result.output
    assert list(tmp_path.iterdir()) == []  # no backup folder, no lock file, nothing
