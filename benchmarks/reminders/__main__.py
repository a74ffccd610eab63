"""`python -m benchmarks.reminders [--members N]`: the cost of a reminder pass (issue 6's opt-in DMs).

N members opt in (a fifth studied yesterday, so their streak-risk window opens tonight; the others
rated a card "Easy", so nothing falls due for days), on a real SQLite file through the services. Timed
(wall and process CPU, writer thread included): the first pass, which looks at everyone (as every
15-minute pass did before the stored check instants); a quiet pass 15 minutes later; a pass right after
50 members answered something; and a pass forced to look at everyone again (all check instants reset).
Printed, never asserted.
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

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.services.api import Learner
from bot.services.bundle import Services

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD = 1
PASS = timedelta(minutes=15)
CONTENT = Path(__file__).resolve().parents[2] / "content"


async def timed(services: Services, now: datetime) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    sent = await services.admin.reminders_due(now=now)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, len(sent)


async def run(members: int, folder: Path) -> list[tuple[str, float, float, int]]:
    decks = load_decks([CONTENT]).decks
    deck = next(iter(decks.values()))
    flash = next(card for card in deck.cards if card.kind == "flashcard")
    services = await open_services(f"sqlite:///{folder}/reminders.db", decks)
    rng = random.Random(7)
    try:
        for user in range(1, members + 1):
            when = NOW - timedelta(days=1) if user % 5 == 0 else NOW - timedelta(hours=1)
            await services.recall.rate_flashcard(Learner(user, GUILD), deck.id, flash.id, 4, now=when, rng=rng)
            await services.admin.set_reminder(user, GUILD, True)
        rows = [("first pass (looks at everyone)", *await timed(services, NOW))]
        rows.append(("quiet pass 15 min later", *await timed(services, NOW + PASS)))
        for user in range(1, 51):
            await services.recall.answer_choice(Learner(user, GUILD), deck.id,
                                         next(c for c in deck.cards if c.kind == "choice").id, 0,
                                         now=NOW + 2 * PASS, rng=rng)
        rows.append(("after 50 answered (their cards now due)", *await timed(services, NOW + 3 * PASS)))
        await services.admin.store.db.write(lambda conn: conn.execute("UPDATE reminders SET next_check_at = 0"))
        rows.append(("everyone again (the old every-pass cost)", *await timed(services, NOW + 4 * PASS)))
        return rows
    finally:
        await services.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reminders")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 members (the CI smoke run)")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON (for python -m benchmarks)")
    args = parser.parse_args()
    if args.quick:
        args.members = 1_000
    with tempfile.TemporaryDirectory() as folder:
        rows = asyncio.run(run(args.members, Path(folder)))
    print(f"reminder pass, {args.members:,} opted-in members")
    print(f"{'pass':44} {'wall ms':>10} {'CPU ms':>10} {'DMs':>6}")
    for name, wall, cpu, sent in rows:
        print(f"{name:44} {wall:10.1f} {cpu:10.1f} {sent:6}")
    if args.json_out:
        figures = [
            {"figure": f"{name}, {args.members:,} opted in", "value": f"{wall:.1f} ms wall, {cpu:.1f} ms CPU, {sent} DMs"}
            for name, wall, cpu, sent in rows
        ]
        args.json_out.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
