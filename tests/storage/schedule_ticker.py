"""A separate process that ticks every schedule of a database at one instant and prints its claims.

`python -m tests.storage.schedule_ticker DB ISO_NOW SEED`: waits for the file DB.go, then ticks, so that
two of them start at the same moment.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from datetime import datetime
from pathlib import Path

from bot.app.wiring import open_services
from bot.content.loader import load_decks

CONTENT = Path(__file__).resolve().parents[2] / "content"


async def main(db: Path, now: datetime, seed: int) -> None:
    services = await open_services(f"sqlite:///{db}", load_decks([CONTENT]).decks)
    go = db.with_name(db.name + ".go")
    while not go.exists():
        time.sleep(0.005)
    claimed = await services.scheduling.claim_due(now=now, rng=random.Random(seed))
    await services.close()
    print(" ".join(str(post.post.id) for post in claimed))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), int(sys.argv[3])))
