"""The bot started on PostgreSQL with RECALL_BACKUP_DIR set: it serves, and its log says the daily backup is
off and why (a real process; Discord is a closed local port, so it stops at the login)."""

from __future__ import annotations

from pathlib import Path

from tests.terminal.commands import DUMMY_TOKEN, ROOT, closed_port, run_process


def test_the_bot_on_postgresql_logs_why_the_daily_backup_is_off(tmp_path: Path, empty_postgres_url: str) -> None:
    result = run_process(tmp_path, "run", env={
        "DISCORD_TOKEN": DUMMY_TOKEN, "RECALL_DATABASE_URL": empty_postgres_url,
        "RECALL_CONTENT_DIR": str(ROOT / "content"), "RECALL_BACKUP_DIR": str(tmp_path / "backups"),
        "DISCORD_API_BASE": f"http://127.0.0.1:{closed_port()}/api/v10",
    })
    assert "recall: can't reach http://127.0.0.1" in result.stderr, result.output  # got as far as the login
    assert "daily backups are off" in result.stderr and "pg_dump" in result.stderr
    assert "daily backups to" not in result.stderr and not (tmp_path / "backups").exists()
