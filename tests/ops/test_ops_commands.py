"""`python -m bot backup` / `restore` as an admin runs them: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.database_url import DatabaseUrlError, database_path_from_url
from tests.ops.test_backup import item_count, make_database

ROOT = Path(__file__).resolve().parents[2]


def run_bot(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


def test_backup_then_restore_through_the_cli(tmp_path: Path) -> None:
    db = make_database(tmp_path / "recall.db", rows=40)
    url = {"RECALL_DATABASE_URL": f"sqlite:///{db}"}
    made = run_bot("backup", str(tmp_path / "copy.db"), cwd=tmp_path, env=url)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("✓ backup") and "copy.db" in made.stdout
    db.unlink()
    make_database(db, rows=3)
    restored = run_bot("restore", str(tmp_path / "copy.db"), cwd=tmp_path, env=url)
    assert restored.returncode == 0, restored.stderr
    assert item_count(db) == 40
    assert "pre-restore" in restored.stdout


def test_backup_reads_the_database_and_folder_from_dot_env(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    make_database(tmp_path / "data" / "recall.db")
    (tmp_path / ".env").write_text(
        "# settings\nDISCORD_TOKEN=\nRECALL_DATABASE_URL=sqlite:///data/recall.db\nRECALL_BACKUP_DIR='saved'\n",
        encoding="utf-8",
    )
    made = run_bot("backup", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    copies = list((tmp_path / "data" / "saved").glob("recall-*Z.db"))  # relative to the database's folder
    assert len(copies) == 1 and item_count(copies[0]) == 100


def test_restore_is_refused_while_the_bot_runs(tmp_path: Path, lock_holder) -> None:
    db = make_database(tmp_path / "recall.db", rows=10)
    copy = make_database(tmp_path / "copy.db", rows=2)
    bot = lock_holder(db)
    refused = run_bot("restore", str(copy), "--database", str(db), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("✗ restore failed: refusing to restore")
    assert str(bot.pid) in refused.stderr and "Traceback" not in refused.stderr
    assert item_count(db) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backup", "--database", "missing.db"], "does not exist"),
        (["restore", "notes.txt", "--database", "recall.db"], "not a SQLite database"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = run_bot(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_bad_database_url_is_explained(tmp_path: Path) -> None:
    result = run_bot("backup", cwd=tmp_path, env={"RECALL_DATABASE_URL": "postgres://db/recall"})
    assert result.returncode == 1 and "only SQLite" in result.stderr


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////data/recall.db", Path("/data/recall.db")),
        ("sqlite:///data/recall.db", Path("data/recall.db")),
        ("sqlite:///./data/recall.db", Path("data/recall.db")),
        ("sqlite+aiosqlite:////data/recall.db", Path("/data/recall.db")),
        ("/srv/recall.db", Path("/srv/recall.db")),
    ],
)
def test_database_urls(url: str, path: Path) -> None:
    assert database_path_from_url(url) == path


@pytest.mark.parametrize("url", ["", "sqlite:///:memory:", "sqlite://", "sqlite:relative.db", "mysql://x/y"])
def test_database_urls_that_name_no_file(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        database_path_from_url(url)
