"""CPU per stored answer through the services, split by thread: the event loop's, the writer's, the reads'.

    python benchmarks/storage/answer_cpu_by_thread.py SEEDED.db [--count 6000] [--concurrency 32]

SEEDED.db is copied first (e.g. the discord benchmark's cache, `$TMPDIR/recall-bench-seed/recall-g1-m2000-*.db`).
Distinct members answer distinct questions of the shipped decks with `answer_choice` (every answer a new
attempt), `--concurrency` at a time, as the Discord scenario "distinct" does without Discord. Thread CPU
is read from /proc/self/task: the main thread is the event loop; the others are named by thread id (the
busiest is the writer). Run it on a quiet machine: CPU time still grows with contention.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.app.wiring import open_services  # noqa: E402
from bot.content.loader import load_decks  # noqa: E402
from bot.core.deck import ChoiceCard  # noqa: E402
from bot.services.api import Learner  # noqa: E402

WARM_UP = 200


def thread_cpu() -> dict[str, float]:
    """CPU seconds so far of each of this process's threads ("main" for the event loop's)."""
    ticks = os.sysconf("SC_CLK_TCK")
    spent = {}
    for task in Path("/proc/self/task").iterdir():
        stat = (task / "stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        name = "main" if task.name == str(os.getpid()) else f"thread {task.name}"
        spent[name] = (int(fields[11]) + int(fields[12])) / ticks
    return spent


async def measure(source: Path, count: int, concurrency: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="recall-answer-cpu-"))
    database = folder / "recall.db"
    shutil.copyfile(source, database)
    with sqlite3.connect(database) as conn:
        guild = conn.execute("SELECT guild_id FROM attempts WHERE guild_id IS NOT NULL LIMIT 1").fetchone()[0]
        users = [u for (u,) in conn.execute("SELECT DISTINCT user_id FROM attempts WHERE guild_id = ? LIMIT 2000",
                                            (guild,))]
    decks = load_decks([ROOT / "content"]).decks
    cards = [(deck.id, card.id) for deck in decks.values() for card in deck.cards if isinstance(card, ChoiceCard)][:100]
    services = await open_services(f"sqlite:///{database}", decks)
    rng, now, gate = random.Random(1), datetime.now(UTC), asyncio.Semaphore(concurrency)

    async def answer(index: int) -> None:
        deck_id, card_id = cards[(index // len(users) + index) % len(cards)]
        async with gate:
            await services.recall.answer_choice(Learner(users[index % len(users)], guild), deck_id, card_id, 0,
                                                now=now, rng=rng, question_key=f"bench:{index // len(users)}")

    await asyncio.gather(*(answer(index) for index in range(WARM_UP)))
    before, began = thread_cpu(), time.perf_counter()
    await asyncio.gather(*(answer(index) for index in range(WARM_UP, WARM_UP + count)))
    elapsed, after = time.perf_counter() - began, thread_cpu()
    await services.close()
    shutil.rmtree(folder)
    used = {name: (after[name] - before.get(name, 0.0)) * 1000 / count for name in after}
    print(f"load average {Path('/proc/loadavg').read_text().split()[0]}: {count} answers in {elapsed:.2f} s "
          f"({count / elapsed:.0f}/s); CPU ms per answer: "
          + ", ".join(f"{name} {ms:.3f}" for name, ms in sorted(used.items(), key=lambda item: -item[1]) if ms > 0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path)
    parser.add_argument("--count", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    asyncio.run(measure(args.database, args.count, args.concurrency))
    return 0


if __name__ == "__main__":
    sys.exit(main())
