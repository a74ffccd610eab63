"""Every command reads `.env` the same way: a key given twice is refused by all of them, naming both lines.

Before, the bot took the last value and backup/restore/export the first, so a restore could replace a file
the bot wasn't using. run, doctor, backup and restore run as real processes; export and practice in this
process through `bot.cli.main` (the same code, without a second interpreter start).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.ops.conftest import add_recall_schema
from tests.terminal.commands import DUMMY_TOKEN, Result, run_here, run_process

PROCESS_COMMANDS = {"run": (), "doctor": ("doctor", "--quick"), "backup": ("backup",), "restore": ("restore", "copy.db")}
IN_PROCESS_COMMANDS = {"export": ("export", "--guild", "1"), "practice": ("practice", "--count", "1")}


def recall_database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    add_recall_schema(connection)
    connection.close()
    return path


def folder_with_a_doubled_key(tmp_path: Path, key: str) -> Path:
    recall_database(tmp_path / "data" / "one.db")
    recall_database(tmp_path / "data" / "two.db")
    recall_database(tmp_path / "copy.db")
    first, second = {
        "RECALL_DATABASE_URL": ("sqlite:///data/one.db", "sqlite:///data/two.db"),
        "RECALL_BACKUP_DIR": ("backups-a", "backups-b"),
    }[key]
    other = "RECALL_BACKUP_DIR=backups" if key == "RECALL_DATABASE_URL" else "RECALL_DATABASE_URL=sqlite:///data/one.db"
    (tmp_path / ".env").write_text(
        f"DISCORD_TOKEN={DUMMY_TOKEN}\n"
        f"{key}={first}\n"
        f"{other}\n"
        "\n"
        "# set again further down, as happens after pasting a block from the docs\n"
        f"export {key}='{second}'\n",
        encoding="utf-8",
    )
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(result: Result, key: str) -> None:
    assert result.returncode != 0, result.output
    assert f".env: {key} is set more than once (lines 2 and 6); keep only one of them" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("key", ["RECALL_DATABASE_URL", "RECALL_BACKUP_DIR"])
@pytest.mark.parametrize("command", sorted(PROCESS_COMMANDS))
def test_a_doubled_key_stops_every_command_as_a_process(tmp_path: Path, key: str, command: str) -> None:
    folder = folder_with_a_doubled_key(tmp_path, key)
    before = snapshot(folder)
    result = run_process(folder, *PROCESS_COMMANDS[command], env={"DISCORD_API_BASE": "http://127.0.0.1:9/api/v10"})
    assert_refused(result, key)
    assert snapshot(folder) == before, "nothing was created or changed"
    if command != "doctor":
        assert result.returncode == 2


@pytest.mark.parametrize("key", ["RECALL_DATABASE_URL", "RECALL_BACKUP_DIR"])
@pytest.mark.parametrize("command", sorted(IN_PROCESS_COMMANDS))
def test_a_doubled_key_stops_export_and_practice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, command: str
) -> None:
    folder = folder_with_a_doubled_key(tmp_path, key)
    before = snapshot(folder)
    result = run_here(monkeypatch, folder, *IN_PROCESS_COMMANDS[command], stdin="1\n")
    assert_refused(result, key)
    assert result.returncode == 2
    assert snapshot(folder) == before


def test_with_each_key_once_the_commands_agree_on_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the same folder, the second line removed, and backup and export both use data/one.db."""
    folder = folder_with_a_doubled_key(tmp_path, "RECALL_DATABASE_URL")
    env_file = folder / ".env"
    env_file.write_text("\n".join(env_file.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    made = run_here(monkeypatch, folder, "backup")
    assert made.returncode == 0, made.output
    assert f"backup of {Path('data/one.db')} written to" in made.stdout
    assert [p.parent.name for p in (folder / "data").rglob("one-*Z.db")] == ["backups"]
    exported = run_here(monkeypatch, folder, "export", "--guild", "1")
    assert exported.returncode == 0, exported.output
