"""`python -m benchmarks.scheduler [--quick]`: the scheduler's figures for issue 6, printed as a table.

1. CPU per tick: N servers with one daily schedule each, over 400 timezones (a third at 09:00 local, the
   rest at random minutes), on a real SQLite file through the services. A simulated day of minute ticks
   (claims plus recording each post as sent through a counting stub sender): CPU time (process time,
   writer thread included) of an idle tick, of an average tick, and of the worst tick.
2. Dispatch: M schedules due at the same minute, claimed in one tick and sent through the real
   `PostQueue` and `Pacer` to a counting stub sender (not the fake Discord): wall time until the last
   post, and the most requests started in any one second (Discord answers 429 above 50).

Full: 10,000 servers, 5,000 posts. --quick: 1,000 servers, 300 posts, two hours of ticks.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

from benchmarks.scheduler import dispatch, ticks


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scheduler")
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds)")
    parser.add_argument("--json-out", type=Path, default=None, help="also write the rows as JSON here")
    parser.add_argument("--servers", type=int, default=None)
    parser.add_argument("--posts", type=int, default=None)
    parser.add_argument("--hours", type=int, default=None, help="hours of minute ticks to simulate (default 24)")
    parser.add_argument("--rate", type=float, default=None, help="posts per second (default: the bot's)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # one "posted" line per post is not what is measured
    servers = args.servers or (1_000 if args.quick else 10_000)
    posts = args.posts or (300 if args.quick else 5_000)
    hours = args.hours or (2 if args.quick else 24)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        rows += ticks.run(Path(folder) / "ticks.db", servers, hours)
        rows += dispatch.run(Path(folder) / "dispatch.db", posts, args.rate)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if args.json_out:
        args.json_out.write_text(json.dumps([{"figure": name, "value": str(value)} for name, value in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
