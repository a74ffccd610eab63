"""`python -m bot practice` driven as a real process through stdin, on a real database file."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def practice(cwd: Path, stdin: str, *args: str, env: dict[str, str] | None = None,
             preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    clean["PYTHONPATH"] = str(ROOT)
    clean["PYTHONDONTWRITEBYTECODE"] = "1"
    clean.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", "practice", "--seed", "7", *args], input=stdin, text=True,
                          capture_output=True, cwd=cwd, env=clean, timeout=60, preexec_fn=preexec)


def attempts(db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT kind, correct FROM attempts WHERE user_id = 0 AND guild_id = 0").fetchall()


def test_fresh_clone_needs_no_setup(tmp_path: Path) -> None:
    """No token, no .env, no database, run from anywhere: decks from the repository, ./data/recall.db made."""
    result = practice(tmp_path, "1\n1\n1\n", "--kind", "choice", "--count", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Your answer (1-") == 3
    assert "Done:" in result.stdout and "Streak: 1 day" in result.stdout
    assert len(attempts(tmp_path / "data" / "recall.db")) == 3


def test_every_kind_with_the_same_database_url(tmp_path: Path) -> None:
    url = {"RECALL_DATABASE_URL": f"sqlite:///{tmp_path}/shared.db"}
    flash = practice(tmp_path, "\n4\n\nbogus\n1\n", "--kind", "flashcard", "--count", "2", env=url)
    assert flash.returncode == 0, flash.stderr
    assert flash.stdout.count("→ ") == 2 and "Type 1, 2, 3 or 4." in flash.stdout
    open_ = practice(tmp_path, "a big teacher model trains a small student model to mimic it\n", "--kind", "open",
                     "--deck", "model-optimization-nlp",
                     "--count", "1", env=url)
    assert open_.returncode == 0, open_.stderr
    assert "You got " in open_.stdout and "concepts" in open_.stdout and "Model answer:" in open_.stdout
    with sqlite3.connect(tmp_path / "shared.db") as conn:
        assert conn.execute("SELECT concepts_total FROM attempts WHERE kind = 'open'").fetchone()[0] >= 1
    assert sorted(kind for kind, _ in attempts(tmp_path / "shared.db")) == ["flashcard", "flashcard", "open"]
    assert [c for k, c in attempts(tmp_path / "shared.db") if k == "flashcard"] == [1, 0]  # Easy, then Again


def test_filters_and_end_of_input(tmp_path: Path) -> None:
    result = practice(tmp_path, "", "--deck", "model-optimization-nlp", "--level", "intermediate", "--count", "5")
    assert result.returncode == 0, result.stderr
    assert "intermediate" in result.stdout and "Done: 0/0 right." in result.stdout
    none = practice(tmp_path, "", "--deck", "model-optimization-nlp", "--level", "advanced", "--kind", "flashcard")
    assert none.returncode == 1 and "No advanced flashcard cards in that deck." in none.stderr
    bad = practice(tmp_path, "", "--deck", "nope")
    assert bad.returncode == 2 and "No deck 'nope'" in bad.stderr


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.db").write_bytes(b"this is not sqlite " * 500)
    result = practice(tmp_path, "1\n", "--database", "sqlite:///bad.db")
    _no_traceback(result)
    assert "damaged or is not a Recall database" in result.stderr


def test_newer_database_is_a_clear_error(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    result = practice(tmp_path, "1\n", "--database", "sqlite:///new.db")
    _no_traceback(result)
    assert "newer version of Recall" in result.stderr


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder and database nobody may write: chmod, plus the immutable flag when running as root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    assert practice(folder, "", "--count", "1").returncode == 0  # creates ./data/recall.db
    data = folder / "data"
    files = [data, *data.iterdir()]
    immutable = os.geteuid() == 0
    if immutable:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr (install e2fsprogs): can't make a file read-only for root")
        made = subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"this filesystem has no immutable flag: {made.stderr!r}")
    else:
        for path in files:
            path.chmod(0o555 if path.is_dir() else 0o444)
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", *map(str, files)], check=True)
    else:
        for path in files:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_only_database_is_a_clear_error(read_only_folder: Path) -> None:
    result = practice(read_only_folder, "1\n")
    _no_traceback(result)
    assert "read-only" in result.stderr or "writable" in result.stderr


def test_full_disk_is_a_clear_error(tmp_path: Path) -> None:
    """The OS refuses to let the process grow any file (RLIMIT_FSIZE), as a full disk would refuse."""
    assert practice(tmp_path, "", "--count", "1").returncode == 0

    def no_room() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    result = practice(tmp_path, "1\n1\n", "--kind", "choice", "--count", "2", preexec=no_room)
    _no_traceback(result)
    assert "full" in result.stderr


def test_study_days_follow_this_computers_timezone(tmp_path: Path) -> None:
    result = practice(tmp_path, "1\n", "--kind", "choice", "--count", "1", env={"TZ": "Pacific/Auckland"})
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "data" / "recall.db") as conn:
        assert conn.execute("SELECT timezone FROM guild_settings WHERE guild_id = 0").fetchone() == ("Pacific/Auckland",)
    bogus = practice(tmp_path, "1\n", "--kind", "choice", "--count", "1", env={"TZ": "Nowhere/Land"})
    assert bogus.returncode == 0, bogus.stderr  # an unknown TZ is ignored, not fatal
