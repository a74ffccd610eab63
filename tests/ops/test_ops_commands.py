"""`python -m bot backup` / `restore` as an admin runs them: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.storage.sqlite import LATEST_VERSION
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
    [kept] = tmp_path.glob("recall.db.pre-restore-*Z")
    assert item_count(kept) == 3
    assert restored.stdout.splitlines()[:2] == [
        f"✓ restored {db} from {tmp_path / 'copy.db'} (schema version {LATEST_VERSION})",
        f"  the database it replaced is kept as {kept}",
    ]


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
    refused = run_bot("restore", str(copy), "--database", f"sqlite:///{db}", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("✗ restore failed: refusing to restore")
    assert str(bot.pid) in refused.stderr and "Traceback" not in refused.stderr
    assert item_count(db) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backup", "--database", "sqlite:///missing.db"], "does not exist"),
        (["restore", "notes.txt", "--database", "sqlite:///recall.db"], "not a SQLite database"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = run_bot(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_postgresql_url_is_pointed_at_pg_dump(tmp_path: Path) -> None:
    result = run_bot("backup", cwd=tmp_path, env={"RECALL_DATABASE_URL": "postgres://db/recall"})
    assert result.returncode == 2
    assert result.stderr == (
        "recall: backup copies a SQLite file, and postgres://db/recall is a PostgreSQL server: back it up with "
        "pg_dump (for example `pg_dump --format=custom --file=recall.dump URL`)\n"
    )


@pytest.mark.parametrize("spelling", ["relative", "absolute", "symlinked-folder", "symlinked-file"])
def test_a_bot_under_another_url_spelling_blocks_restore(tmp_path: Path, lock_holder, spelling: str) -> None:
    (tmp_path / "data").mkdir()
    db = make_database(tmp_path / "data" / "recall.db", rows=10)
    copy = make_database(tmp_path / "copy.db", rows=2)
    (tmp_path / "linked").symlink_to(tmp_path / "data")
    (tmp_path / "alias.db").symlink_to(db)
    bot = lock_holder(tmp_path / "data" / "recall.db")  # the bot, started with sqlite:////<tmp>/data/recall.db
    url = {
        "relative": "sqlite:///data/recall.db",
        "absolute": f"sqlite:///{tmp_path}/data/../data/recall.db",
        "symlinked-folder": "sqlite:///linked/recall.db",
        "symlinked-file": "sqlite:///alias.db",
    }[spelling]
    refused = run_bot("restore", str(copy), "--database", url, cwd=tmp_path)
    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.startswith("✗ restore failed: refusing to restore") and str(bot.pid) in refused.stderr
    assert item_count(db) == 10


def test_database_options_take_urls_not_paths(tmp_path: Path) -> None:
    make_database(tmp_path / "recall.db")
    for command in (["backup"], ["restore", "copy.db"]):
        result = run_bot(*command, "--database", "recall.db", cwd=tmp_path)
        assert result.returncode == 2 and "it is not a URL" in result.stderr, result.stderr
