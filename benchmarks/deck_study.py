"""`python -m benchmarks.deck_study [--quick] [--json-out FILE]`: the cost of per-deck retention and exams.

A database with ten built-in decks of 2,000 flashcards each; one member has reviewed every card of all ten
(20,000 review states), and 100 members (`--quick`: 20) have reviewed every card of the first deck, each
with an answer in the server (the group `/deck report` averages over). The server sets a retention and an
exam on every deck. Timed (wall ms, best of 5, through the services on the real SQLite file): `/stats`'
forecasts for the busy member (`member_outlook`), the group's predicted share for the report
(`group_exam_share`), the due-cards read when nothing is overdue (cards at risk found, then none at risk
so the at-risk read walks all 20,000 states), and one flashcard rating (record + schedule) with and without the deck's settings. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app.wiring import open_services
from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.core.instants import to_ms
from bot.core.srs import FlashRating
from bot.services.api import DeckRef, Learner

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD, BUSY = 1, 7
DECKS, CARDS = 10, 2000


def deck(index: int) -> Deck:
    return validate_deck({"id": f"big-{index}", "title": f"Big {index}", "cards": [
        {"id": f"c{n}", "kind": "flashcard", "level": "beginner", "front": f"F{n}?", "back": f"B{n}"}
        for n in range(CARDS)]})


def seed(path: Path, members: int) -> None:
    rng = random.Random(5)
    with sqlite3.connect(path) as conn:
        rows = []
        for user in [BUSY, *range(1000, 1000 + members)]:
            decks = range(DECKS) if user == BUSY else range(1)
            for index in decks:
                for n in range(CARDS):
                    last = NOW - timedelta(days=rng.uniform(0, 60))
                    stability = rng.uniform(0.5, 200)
                    rows.append((user, 0, f"big-{index}", f"c{n}", 2, None, stability, 5.0,
                                 to_ms(last + timedelta(days=stability)), to_ms(last)))
        conn.executemany("INSERT INTO srs_cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO attempts (user_id, guild_id, deck_guild, deck_id, card_id, kind, level, source, correct,"
            " points, answered_at) VALUES (?, ?, 0, 'big-0', 'c0', 'flashcard', 'beginner', 'drill', 1, 1, ?)",
            [(user, GUILD, to_ms(NOW - timedelta(days=1))) for user in [BUSY, *range(1000, 1000 + members)]])


async def best_ms(work: Callable[[], Awaitable[Any]], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        best = min(best, (time.perf_counter() - started) * 1000)
    return round(best, 2)


async def measure(quick: bool) -> dict[str, Any]:
    members = 20 if quick else 100
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        decks = {f"big-{i}": deck(i) for i in range(DECKS)}
        services = await open_services(url, decks)
        await services.close()
        seed(Path(folder) / "bench.db", members)
        services = await open_services(url, decks)
        try:
            figures: dict[str, Any] = {"members": members, "review_states": CARDS * (DECKS + members)}
            rng = random.Random(1)
            figures["rate_flashcard_ms_no_settings"] = await best_ms(lambda: services.recall.rate_flashcard(
                Learner(BUSY, GUILD), "big-1", f"c{rng.randrange(CARDS)}", FlashRating.GOOD, now=NOW, rng=rng))
            for index in range(DECKS):
                await services.deck_study.set_retention(GUILD, f"big-{index}", "0.95", now=NOW)
                await services.deck_study.set_exam(GUILD, f"big-{index}", "2026-03-20", 0.95, now=NOW)
            figures["rate_flashcard_ms_with_retention_and_exam"] = await best_ms(
                lambda: services.recall.rate_flashcard(Learner(BUSY, GUILD), "big-1", f"c{rng.randrange(CARDS)}",
                                                       FlashRating.GOOD, now=NOW, rng=rng))
            outlook = await services.deck_study.member_outlook(Learner(BUSY, GUILD), now=NOW)
            figures["stats_decks_shown"] = len(outlook)
            figures["stats_outlook_ms_20000_states"] = await best_ms(
                lambda: services.deck_study.member_outlook(Learner(BUSY, GUILD), now=NOW))
            figures[f"group_share_ms_{members}_members"] = await best_ms(
                lambda: services.deck_study.group_exam_share(GUILD, DeckRef(0, "big-0"), now=NOW))
            early = NOW - timedelta(days=365)  # nothing overdue yet: the at-risk read walks every state
            figures["due_read_ms_at_risk_over_20000"] = await best_ms(
                lambda: services.recall.due_cards(Learner(BUSY, GUILD), now=early))
            figures["due_cards_found"] = len(await services.recall.due_cards(Learner(BUSY, GUILD), now=NOW))
            for index in range(DECKS):  # an exam years away: every card due before it, none at risk
                await services.deck_study.set_exam(GUILD, f"big-{index}", "2030-01-01", 0.95, now=NOW)
            figures["due_read_ms_none_at_risk_20000_walked"] = await best_ms(
                lambda: services.recall.due_cards(Learner(BUSY, GUILD), now=early))
            return figures
        finally:
            await services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.quick))
    for name, value in figures.items():
        print(f"{name:45} {value}")
    if args.json_out:
        rows = [{"figure": name.replace("_", " "), "value": value} for name, value in figures.items()]
        args.json_out.write_text(json.dumps(rows, indent=2), encoding="utf-8")  # the runner's rows


if __name__ == "__main__":
    main()
