"""`python -m benchmarks.role_rewards [--members N] [--answers N]`: what role rewards add to an answer.

Answers go through the real services on a temporary SQLite file (group commit, the read connection),
`--members` members answering at once, in three servers set up differently:

- **no rewards**: the answer path looks up an empty dictionary;
- **25 rewards out of reach**: streak and points thresholds no one reaches: the rule runs in memory, no read;
- **a reviews reward, already given**: every answer reaches the threshold (1 answer), so the roles the
  member holds matter: read once per member (the first answer, which gives the role), then remembered.

Printed: answers per second (acknowledged after commit, rewards work included: each round of answers
waits for the rewards' tasks), the reads the rewards made, and the roles given. The Discord side is a
stub that records. Timings are printed, never asserted; the machine is shared, so read them side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.core.deck import ChoiceCard
from bot.services.api import Learner
from bot.services.reward_ports import RoleProblem

CONTENT = Path(__file__).resolve().parents[1] / "content"
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


class StubDesk:
    def __init__(self) -> None:
        self.given = 0

    def problem(self, guild_id: int, role_id: int) -> RoleProblem | None:
        return None

    def role_name(self, guild_id: int, role_id: int) -> str | None:
        return "role"

    async def give(self, guild_id: int, user_id: int, role_id: int) -> None:
        self.given += 1

    async def take(self, guild_id: int, user_id: int, role_id: int) -> None:
        return None

    async def announce(self) -> None:
        return None


class CountingReads:
    def __init__(self, inner: Any) -> None:
        self.inner, self.reads = inner, 0

    async def held(self, *args: Any, **kwargs: Any) -> Any:
        self.reads += 1
        return await self.inner.held(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def run(members: int, answers: int) -> dict[str, Any]:
    decks = load_decks([CONTENT]).decks
    deck_id, deck = next((d_id, d) for d_id, d in decks.items() if any(isinstance(c, ChoiceCard) for c in d.cards))
    cards = [c for c in deck.cards if isinstance(c, ChoiceCard)]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        services = await open_services(f"sqlite:///{folder}/bench.db", decks)
        try:
            desk, counting = StubDesk(), CountingReads(services.rewards.store)
            services.rewards.attach(desk)
            services.rewards.store = counting  # type: ignore[assignment]
            setups = (("no rewards", 1), ("25 rewards out of reach", 2), ("a reviews reward, already given", 3))
            for index in range(25):
                kind = "streak" if index % 2 else "points"
                await services.rewards.add(2, 1000 + index, kind, 3000 + index, False, added_by=1, now=NOW)
            await services.rewards.add(3, 2000, "reviews", 1, False, added_by=1, now=NOW)
            # Rounds of answers alternate between the setups, so the database's growth and the machine's
            # other work fall on all three alike.
            elapsed = dict.fromkeys([name for name, _ in setups], 0.0)
            reads = dict.fromkeys(elapsed, 0)
            given = dict.fromkeys(elapsed, 0)
            rng = random.Random(1)
            for round_number in range(answers // members):
                now = NOW + timedelta(seconds=round_number)
                for name, guild_id in setups:
                    reads_before, given_before = counting.reads, desk.given
                    start = time.perf_counter()
                    await asyncio.gather(*(
                        services.recall.answer_choice(Learner(10_000 + m, guild_id), deck_id,
                                                      cards[(m + round_number) % len(cards)].id, 0, now=now, rng=rng)
                        for m in range(members)))
                    await services.rewards.drain()
                    elapsed[name] += time.perf_counter() - start
                    reads[name] += counting.reads - reads_before
                    given[name] += desk.given - given_before
            done = (answers // members) * members
            for name in elapsed:
                results[name] = {"answers_per_s": round(done / elapsed[name]), "answers": done,
                                 "reads": reads[name], "roles_given": given[name]}
        finally:
            await services.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="1,000 answers")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    answers = 1000 if args.quick else args.answers
    results = asyncio.run(run(max(1, args.members), max(args.members, answers)))
    for name, figures in results.items():
        print(f"{name:34} {figures['answers_per_s']:>7,} answers/s  {figures['reads']:>6,} reads"
              f"  {figures['roles_given']:>4} roles given  ({figures['answers']:,} answers)")
    if args.json_out:  # the runner's plain rows (benchmarks/__main__.py)
        rows = [{"figure": f"answers/s, {name}", "value": figures["answers_per_s"],
                 "note": f"{figures['reads']} reads, {figures['roles_given']} roles given, {figures['answers']} answers"}
                for name, figures in results.items()]
        args.json_out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
