"""`python -m bot export --report` as a real process on the seeded database of `/deck report`'s tests:
the exact CSV, to stdout and to a file, the server's own upload of a shared deck id, and refusals."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.deck_report_seed import CLUB_YAML, GUILD, NOW, OTHER, TINY_YAML, seed

ROOT = Path(__file__).resolve().parents[2]
HEADER = "card_id,kind,answered,correct,accuracy,members,most_missed_concept\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder with `content/tiny.yaml` and the seeded `data/recall.db` (both servers' `club` uploaded)."""
    root = tmp_path_factory.mktemp("report")
    (root / "content").mkdir()
    (root / "content" / "tiny.yaml").write_text(TINY_YAML, encoding="utf-8")
    (root / "data").mkdir()

    async def fill() -> None:
        from bot.app.wiring import open_services
        from bot.content.loader import load_decks

        await seed(root / "data" / "recall.db")
        decks = load_decks([root / "content"]).decks
        async with await open_services(f"sqlite:///{root}/data/recall.db", decks) as services:
            for guild in (GUILD, OTHER):
                await services.admin.upload_deck(guild, 1, "club.yaml", CLUB_YAML.format(guild=guild).encode(),
                                                 now=NOW)

    asyncio.run(fill())
    return root


def export(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", RECALL_TEST_MODE="1",
               RECALL_TEST_NOW=NOW.isoformat())
    return subprocess.run([sys.executable, "-m", "bot", "export", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60)


def test_report_csv_to_stdout(folder: Path) -> None:
    done = export(folder, "--report", "--guild", str(GUILD), "--deck", "tiny")  # default period: month
    assert done.returncode == 0, done.stderr
    assert done.stdout == (HEADER + "f1,flashcard,4,2,0.5000,2,\n" + "f2,flashcard,1,0,0.0000,1,\n"
                           + "c1,choice,2,2,1.0000,2,\n" + "o1,open,2,0,0.0000,2,beta\n")
    assert "4 card(s) of tiny in server 100, month: 9 answer(s) by 3 member(s)" in done.stderr


def test_report_csv_to_a_file_with_a_period(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "term.csv"
    done = export(folder, "--report", "--guild", str(GUILD), "--deck", "tiny", "--period", "term", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert out.read_text(encoding="utf-8") == (HEADER + "f1,flashcard,5,3,0.6000,3,\n" + "f2,flashcard,2,1,0.5000,1,\n"
                                               + "c1,choice,2,2,1.0000,2,\n" + "o1,open,2,0,0.0000,2,beta\n")


def test_each_server_reports_its_own_deck_of_a_shared_id(folder: Path) -> None:
    ours = export(folder, "--report", "--guild", str(GUILD), "--deck", "club")
    theirs = export(folder, "--report", "--guild", str(OTHER), "--deck", "club")
    assert ours.stdout == HEADER + "k1,flashcard,1,0,0.0000,1,\n", ours.stderr
    assert theirs.stdout == HEADER + "k1,flashcard,2,2,1.0000,1,\n", theirs.stderr


def test_refusals(folder: Path) -> None:
    unknown = export(folder, "--report", "--guild", "300", "--deck", "club")  # OTHER's upload, not 300's
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "no deck `club`" in unknown.stderr
    no_deck = export(folder, "--report", "--guild", str(GUILD))
    assert no_deck.returncode == 2 and "needs --deck" in no_deck.stderr
    bad_period = export(folder, "--report", "--guild", str(GUILD), "--deck", "tiny", "--period", "year")
    assert bad_period.returncode == 2 and "invalid choice: 'year'" in bad_period.stderr
