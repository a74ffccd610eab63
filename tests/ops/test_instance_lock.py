"""One bot per database: the lock is exclusive across processes and dies with its holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.instance_lock import InstanceLock, InstanceLocked, LockFileError, lock_path_for

ROOT = Path(__file__).resolve().parents[2]


def test_lock_file_sits_beside_the_database(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "recall.db") == tmp_path / "recall.db.lock"


def test_a_second_process_is_refused_and_told_who_holds_it(tmp_path: Path, lock_holder) -> None:
    holder = lock_holder(tmp_path / "recall.db")
    with pytest.raises(InstanceLocked) as refused:
        InstanceLock(tmp_path / "recall.db").acquire()
    assert refused.value.holder == str(holder.pid)
    assert str(holder.pid) in str(refused.value)


def test_lock_is_free_again_after_the_holder_is_killed(tmp_path: Path, lock_holder) -> None:
    holder = lock_holder(tmp_path / "recall.db")
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert (tmp_path / "recall.db.lock").exists(), "the stale file stays but must not block"
    with InstanceLock(tmp_path / "recall.db") as lock:
        assert lock.held


def test_locks_on_different_databases_are_independent(tmp_path: Path, lock_holder) -> None:
    lock_holder(tmp_path / "a.db")
    with InstanceLock(tmp_path / "b.db") as lock:
        assert lock.held


def test_release_then_reacquire_in_one_process(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path / "recall.db").acquire()
    with pytest.raises(InstanceLocked):
        InstanceLock(tmp_path / "recall.db").acquire()  # a second open file in the same process
    first.release()
    assert not first.held
    second = InstanceLock(tmp_path / "recall.db").acquire()
    second.release()


def test_acquire_creates_the_folder(tmp_path: Path) -> None:
    with InstanceLock(tmp_path / "new" / "recall.db") as lock:
        assert lock.path.exists()


def test_a_symlink_and_a_relative_path_take_the_same_lock(tmp_path: Path, lock_holder) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "alias.db").symlink_to(tmp_path / "data" / "recall.db")  # dangling until the bot creates it
    holder = lock_holder(tmp_path / "alias.db")
    assert lock_path_for(tmp_path / "alias.db") == tmp_path / "data" / "recall.db.lock"
    with pytest.raises(InstanceLocked) as refused:
        InstanceLock(tmp_path / "data" / ".." / "data" / "recall.db").acquire()
    assert refused.value.holder == str(holder.pid)


def test_a_lock_file_that_cannot_be_opened_is_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "recall.db.lock").mkdir()  # what a read-only or broken volume looks like to open(): it fails
    with pytest.raises(LockFileError) as failed:
        InstanceLock(tmp_path / "recall.db").acquire()
    assert str(failed.value) == (
        f"can't create or open the lock file {tmp_path / 'recall.db.lock'} (it keeps a second bot off this "
        "database): Is a directory"
    )
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    with pytest.raises(LockFileError, match=f"can't create the database folder {tmp_path / 'not-a-folder'}"):
        InstanceLock(tmp_path / "not-a-folder" / "recall.db").acquire()


def test_the_bot_start_names_the_lock_file_it_could_not_create(tmp_path: Path) -> None:
    (tmp_path / "recall.db.lock").mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    environment.update(PYTHONPATH=str(ROOT), DISCORD_TOKEN="MTIz.GaBcDe.abcdefghijklmnopqrstuvwxyz0123",
                       RECALL_DATABASE_URL=f"sqlite:///{tmp_path}/recall.db")
    started = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=environment,
                             capture_output=True, text=True, timeout=60)
    assert started.returncode == 1
    assert started.stderr.strip().endswith(
        f"recall: can't create or open the lock file {tmp_path / 'recall.db.lock'} (it keeps a second bot off "
        "this database): Is a directory"
    ), started.stderr
    assert "Traceback" not in started.stderr


def test_the_bot_start_refused_by_a_held_lock_says_so_in_the_terminals_language(tmp_path: Path, lock_holder) -> None:
    holder = lock_holder(tmp_path / "recall.db")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    environment.update(PYTHONPATH=str(ROOT), DISCORD_TOKEN="MTIz.GaBcDe.abcdefghijklmnopqrstuvwxyz0123",
                       RECALL_DATABASE_URL=f"sqlite:///{tmp_path}/recall.db", LC_ALL="de_DE.UTF-8")
    started = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=environment,
                             capture_output=True, text=True, timeout=60)
    assert started.returncode == 1
    assert started.stderr.strip().endswith(
        f"recall: {tmp_path / 'recall.db.lock'} wird von Prozess {holder.pid} gehalten: Auf dieser Datenbank läuft "
        "ein Recall-Bot. Halte ihn zuerst an (docker compose stop bot)."
    ), started.stderr
