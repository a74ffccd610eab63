"""`python -m bot migrate` on a large SQLite database: how long moving a group up takes, end to end.

    python -m benchmarks.storage.move_up [--members 5000] [--attempts 500000]

Generates the database with raw SQL (benchmarks/storage/bigdb.py: members, attempts over 12 weeks, their
period scores, streaks and SRS cards), then runs the real command in a child process against a new
database on the tests' throwaway PostgreSQL server (or on RECALL_TEST_POSTGRES_URL's, whose user may create
databases), and reports the wall time of the whole command (start, migrate, copy, comparison) and the
copy's own figure as the command prints it. Bounded: at most 2,000,000 attempts; everything in a
temporary folder removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg

from benchmarks.storage.bigdb import generate
from tests.postgres_server import Server, ThrowawayServer, server_from_environment

MAX_ATTEMPTS = 2_000_000
ROOT = Path(__file__).resolve().parents[2]


async def _admin(server: Server, statement: str) -> None:
    conn = await asyncpg.connect(server.admin_url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def run(server: Server, folder: Path, members: int, attempts: int) -> dict[str, object]:
    source = folder / "recall.db"
    generated = generate(source, members, attempts)
    name = f"recall_bench_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    try:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bot", "migrate", "--from", f"sqlite:///{source}",
                               "--to", server.url(name)], cwd=ROOT, capture_output=True, text=True, timeout=1800,
                              env={**os.environ, "LC_ALL": "C.UTF-8"})
        wall = time.perf_counter() - started
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if done.returncode != 0:
        raise SystemExit(f"migrate failed ({done.returncode}): {done.stdout}{done.stderr}")
    copied = re.search(r"copied ([\d,]+) rows of (\d+) tables .* \(([\d.]+) s\)", done.stdout)
    assert copied, done.stdout
    rows, copy_s = int(copied[1].replace(",", "")), float(copied[3])
    return {"members": members, "attempts": attempts, "sqlite_mib": round(generated["file_bytes"] / 2**20, 1),
            "rows": rows, "copy_s": copy_s, "copy_rows_per_s": round(rows / copy_s), "command_wall_s": round(wall, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--attempts", type=int, default=500_000)
    args = parser.parse_args()
    attempts = max(1, min(args.attempts, MAX_ATTEMPTS))
    given = server_from_environment()
    throwaway = None if given is not None else ThrowawayServer()
    server = given or throwaway.start()  # type: ignore[union-attr]
    try:
        with tempfile.TemporaryDirectory(prefix="recall-move-up-") as folder:
            result = run(server, Path(folder), max(1, args.members), attempts)
    finally:
        if throwaway is not None:
            throwaway.stop()
    for key, value in result.items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
