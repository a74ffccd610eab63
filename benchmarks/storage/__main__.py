"""`python -m benchmarks.storage [--quick]`: storage figures for issue 4, printed as a table.

Full: 100 members x 200 attempts through the services; 100,000 members and 10,000,000 attempts for
the query times. --quick: 100 x 30 attempts, 10,000 members and 300,000 attempts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from benchmarks.storage import bigdb, throughput


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.storage")
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds, for CI)")
    parser.add_argument("--json-out", type=Path, default=None, help="also write the rows as JSON here")
    parser.add_argument("--folder", type=Path, default=None, help="where to write the databases (default: a temp dir)")
    parser.add_argument("--members", type=int, default=None)
    parser.add_argument("--attempts", type=int, default=None)
    parser.add_argument("--per-member", type=int, default=None, help="attempts per member in the throughput run")
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    per_member = args.per_member or (30 if args.quick else 200)
    members = args.members or (10_000 if args.quick else 100_000)
    attempts = args.attempts or (300_000 if args.quick else 10_000_000)
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        rows = [("python / sqlite", f"{sys.version.split()[0]} / {sqlite3.sqlite_version}")]
        rows += throughput.run(Path(folder), 100, per_member, one_commit_each=True)
        if not args.skip_big:
            rows += bigdb.run(Path(folder), members, attempts)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if args.json_out:
        args.json_out.write_text(json.dumps([{"figure": name, "value": str(value)} for name, value in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
