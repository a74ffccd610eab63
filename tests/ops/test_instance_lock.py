"""One bot per database: the lock is exclusive across processes and dies with its holder."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.ops.instance_lock import InstanceLock, InstanceLocked, lock_path_for


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
