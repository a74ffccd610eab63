"""A process that records attempts as fast as it can, for the crash and two-writer tests.

    python -m tests.storage.writer_process DB_PATH ACK_FILE NAME COUNT (COUNT 0: until killed)

DB_PATH: a SQLite file, or a database URL (postgresql://...).

Each acknowledged attempt (its transaction committed) is appended to ACK_FILE as "question_key attempt_id".
"""

from __future__ import annotations

import asyncio
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.wiring import open_services
from bot.services.api import Learner
from bot.services.bundle import Services
from tests.services.conftest import tiny_deck

MEMBERS = 20
START = datetime(2026, 3, 1, tzinfo=UTC)


async def member(services: Services, name: str, user: int, count: int, acks, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    i = 0
    while count == 0 or i < count:
        key = f"{name}-{user}-{i}"
        # roughly one attempt per study hour, jittered so that some arrive out of order
        when = START + timedelta(hours=i * 7 + rng.randint(-30, 30))
        outcome = await services.recall.answer_choice(Learner(user, 1), "tiny", "c1", rng.randint(0, 1), now=when,
                                               rng=rng, source="scheduled", question_key=key)
        acks.write(f"{key} {outcome.attempt_id}\n")
        acks.flush()
        i += 1


async def main(db: str, ack_file: str, name: str, count: int) -> None:
    url = db if "://" in db else f"sqlite:///{Path(db).resolve()}"
    services = await open_services(url, {"tiny": tiny_deck()})
    with open(ack_file, "a", encoding="utf-8") as acks:
        await asyncio.gather(*(
            member(services, name, user, count, acks, random.Random(f"{name}{user}"))
            for user in range(1, MEMBERS + 1)
        ))
    await services.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
