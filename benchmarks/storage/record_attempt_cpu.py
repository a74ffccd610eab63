"""CPU per stored answer in the writer's job alone (`bot.storage.attempts.record_attempt`), and per statement.

    python benchmarks/storage/record_attempt_cpu.py SEEDED.db [--count 3000] [--statements]

SEEDED.db is copied first (e.g. the discord benchmark's cache, `$TMPDIR/recall-bench-seed/recall-g1-m2000-*.db`:
2,000 members with history). Distinct members answer distinct question keys, so every call stores a new
attempt, in batches of 30 per transaction as the writer commits them under load. `--statements` times
each statement (wall clock, so only the proportions mean something on a busy machine).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.services.records import NewAttempt
from bot.storage.attempts import record_attempt
from bot.storage.sqlite import connect

BATCH = 30


class TimedConnection:
    """The few `sqlite3.Connection` methods the job uses, each statement timed by its first words."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.spent: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def _timed(self, name: str, sql: str, run: Any) -> Any:
        began = time.perf_counter()
        result = run()
        rows = result.fetchall() if sql.lstrip().upper().startswith("SELECT") else None
        entry = self.spent[f"{name} {' '.join(sql.split()[:4])}"]
        entry[0] += 1
        entry[1] += time.perf_counter() - began
        return _Rows(rows) if rows is not None else result

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self._timed("execute", sql, lambda: self.conn.execute(sql, params))

    def executemany(self, sql: str, rows: Any) -> Any:
        return self._timed("executemany", sql, lambda: self.conn.executemany(sql, rows))


class _Rows(list[Any]):
    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> list[Any]:
        return list(self)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--batch", type=int, default=BATCH, help="attempts per transaction (1: a quiet bot's writer)")
    args = parser.parse_args()
    copy = Path(tempfile.mkdtemp(prefix="recall-attempt-cpu-")) / "recall.db"
    shutil.copyfile(args.database, copy)
    conn = connect(copy)
    guild = conn.execute("SELECT guild_id FROM attempts WHERE guild_id IS NOT NULL LIMIT 1").fetchone()[0]
    users = [u for (u,) in conn.execute("SELECT DISTINCT user_id FROM attempts WHERE guild_id = ? LIMIT 2000", (guild,))]
    cards = conn.execute("SELECT DISTINCT deck_guild, deck_id, card_id FROM attempts WHERE kind = 'choice' LIMIT 100"
                         ).fetchall()
    now = datetime.now(UTC)
    job: Any = TimedConnection(conn) if args.statements else conn

    def attempt(index: int) -> NewAttempt:
        deck_guild, deck_id, card_id = cards[(index // len(users) + index) % len(cards)]
        return NewAttempt(
            user_id=users[index % len(users)], guild_id=guild, deck_id=deck_id, card_id=card_id, kind="choice",
            level="beginner", source="drill", question_key=f"bench:{index // len(users)}", choice=0,
            answer_text=None, rating=None, correct=index % 3 != 0, concepts_hit=None, concepts_total=None,
            points=10, answered_at=now, srs_rating=3, srs_seed=index, concepts=(), deck_guild=deck_guild)

    def run(start: int, count: int) -> None:
        for first in range(start, start + count, args.batch):
            conn.execute("BEGIN IMMEDIATE")
            for index in range(first, min(first + args.batch, start + count)):
                stored = record_attempt(job, attempt(index))
                assert not stored.duplicate
            conn.execute("COMMIT")

    run(0, 300)  # warm the page cache and the statement cache
    if isinstance(job, TimedConnection):
        job.spent.clear()
    began = time.process_time()
    run(300, args.count)
    cpu = time.process_time() - began
    print(f"load average {Path('/proc/loadavg').read_text().split()[0]}: record_attempt {cpu * 1000 / args.count:.3f} "
          f"ms CPU per new attempt ({args.count} attempts, {args.batch} per transaction)")
    if isinstance(job, TimedConnection):
        total = sum(seconds for _, seconds in job.spent.values())
        for name, (calls, seconds) in sorted(job.spent.items(), key=lambda item: -item[1][1]):
            print(f"{seconds * 100 / total:5.1f}%  {calls / args.count:4.2f} per attempt  {name}")
    conn.close()
    shutil.rmtree(copy.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
