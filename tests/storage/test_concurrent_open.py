"""Several processes opening the same new database at once all get a migrated WAL database.

Switching a new file to WAL can answer "database is locked" at once, without waiting for the busy
timeout, while another process holds a lock on it: seen in CI when two writers started together.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPENER = """
import sys, time
from pathlib import Path
from bot.storage.sqlite import connect
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
conn = connect(Path(sys.argv[1]))
conn.execute("BEGIN IMMEDIATE")
time.sleep(0.05)  # hold the write lock a moment, as a migrating or writing process does
conn.execute("COMMIT")
print(conn.execute("PRAGMA journal_mode").fetchone()[0])
"""


def test_processes_opening_a_new_database_together_all_succeed(tmp_path: Path) -> None:
    for round_ in range(3):
        db, go = tmp_path / f"new-{round_}.db", tmp_path / f"go-{round_}"
        openers = [
            subprocess.Popen([sys.executable, "-c", OPENER, str(db), str(go)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(6)
        ]
        time.sleep(0.5)  # let every process import and wait at the barrier
        go.touch()
        for opener in openers:
            out, err = opener.communicate(timeout=60)
            assert opener.returncode == 0, err.decode()
            assert out.decode().strip() == "wal"
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] > 0
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
