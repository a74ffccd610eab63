"""`python -m bot export` as a real process on a real database file."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.wiring import open_services
from bot.services.api import Learner
from tests.services.conftest import tiny_deck

ROOT = Path(__file__).resolve().parents[2]
SECRET_ANSWER = "=cmd|' /C calc'!A0 my private alpha answer"


def export(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    clean.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run([sys.executable, "-m", "bot", "export", *args], capture_output=True, text=True,
                          cwd=cwd, env=clean, timeout=60)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "recall.db"

    async def fill() -> None:
        rng = random.Random(3)
        now = datetime.now(UTC)
        async with await open_services(f"sqlite:///{db}", {"tiny": tiny_deck()}) as services:
            for days_ago in (2, 1, 0):
                await services.recall.answer_choice(Learner(11, 500), "tiny", "c1", 0, now=now - timedelta(days=days_ago), rng=rng)
            await services.recall.answer_open(Learner(11, 500), "tiny", "o1", SECRET_ANSWER, now=now, rng=rng)
            await services.recall.answer_choice(Learner(12, 500), "tiny", "c1", 1, now=now, rng=rng)
            await services.recall.answer_choice(Learner(13, 777), "tiny", "c1", 0, now=now, rng=rng)

    asyncio.run(fill())
    return db


def test_server_export_as_json_to_stdout_has_no_answer_text(database: Path, tmp_path: Path) -> None:
    result = export(tmp_path, "--guild", "500", "--database", f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["guild_id"] == 500 and document["user_id"] is None
    assert len(document["attempts"]) == 5 and {a["user_id"] for a in document["attempts"]} == {11, 12}
    assert {s["user_id"]: s["current_streak"] for s in document["streaks"]} == {11: 3, 12: 1}
    assert "my private" not in result.stdout and document["answers_included"] is False
    assert "✓ exported 5 attempt(s) and 2 streak(s) of server 500" in result.stderr


def test_member_export_as_csv_files_includes_their_answers(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "alice.csv"
    result = export(tmp_path, "--guild", "500", "--member", "11", "--format", "csv", "--out", str(out),
                    RECALL_DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    attempts = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(attempts) == 4 and {row["user_id"] for row in attempts} == {"11"}
    assert attempts[-1]["answer_text"] == "'" + SECRET_ANSWER  # a formula never runs in a spreadsheet
    streaks = list(csv.DictReader((tmp_path / "alice-streaks.csv").open(encoding="utf-8")))
    assert [(row["guild_id"], row["current_streak"], row["longest_streak"]) for row in streaks] == [("500", "3", "3")]
    assert not list(tmp_path.glob(".*partial"))


def test_csv_default_file_names(database: Path, tmp_path: Path) -> None:
    result = export(tmp_path, "--guild", "777", "--format", "csv", "--database", f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "recall-export-777.csv").exists() and (tmp_path / "recall-export-777-streaks.csv").exists()


def test_json_to_a_file_and_an_empty_server(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.json"
    result = export(tmp_path, "--guild", "42", "--out", str(out), "--database", f"sqlite:///{database}")
    assert result.returncode == 0
    assert json.loads(out.read_text())["attempts"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--guild", "abc"), "expected a Discord ID"),
        (("--member", "11"), "the following arguments are required: --guild"),
        (("--guild", "500", "--format", "xml"), "invalid choice"),
    ],
)
def test_bad_arguments_are_explained(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = export(tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    result = export(tmp_path, "--guild", "1", "--database", f"sqlite:///{tmp_path}/nope.db")
    assert result.returncode == 1 and "there is no database at" in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_an_unwritable_output_is_a_clear_failure(database: Path, tmp_path: Path) -> None:
    result = export(tmp_path, "--guild", "500", "--database", f"sqlite:///{database}", "--out", str(tmp_path / "no" / "x.json"))
    assert result.returncode == 1 and "can't write" in result.stderr
