"""`python -m benchmarks.anki_export [--quick]`: the cost of writing Anki packages.

- `python -m bot content export DECK --to x.apkg` on each shipped deck, as a child process: wall seconds
  of the whole command (interpreter start included), the package's size, and the child's peak memory
  (ru_maxrss from getrusage(RUSAGE_CHILDREN)).
- The bot's side of `/mydata export what:missed` at its limit: 2,000 cards (quick: 200), a realistic mix
  (flashcards, 4-option choice cards, open cards with 4 concepts, about 200 characters a side), and the
  worst case the deck limits allow (every text 2,000 characters of varied words): the plan built in the
  bot's process (`plan_for`, run in a thread there) and the package written by the child process
  (`build_package_isolated`), wall milliseconds each (median of 3), and the package's size against
  Discord's 8 MiB attachment limit.
- The query behind it (`Recall.missed_cards`) for a member with 100,000 answers (quick: 10,000), one a
  minute, a third of them wrong, beside another member with as many.
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.cogs.mydata.missed import plan_for
from bot.content.anki_package import build_package_isolated
from bot.core.deck import AnyCard, ChoiceCard, Concept, Deck, Flashcard, OpenCard, Option
from bot.services.api import DeckRef, MissedCards, MissedDeck

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 8 * 1024 * 1024
WORDS = ("model", "teacher", "student", "attention", "gradient", "layer", "token", "weight", "bias", "loss",
         "<tag>", "&", "naïve", "日本語", "**bold**", "value", "query", "key", "softmax", "embedding")


def text(rng: random.Random, characters: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < characters:
        words.append(rng.choice(WORDS) + str(rng.randrange(1000)))
    return " ".join(words)[:characters].strip()


def cards(count: int, side: int, seed: int = 7) -> list[AnyCard]:
    rng = random.Random(seed)
    made: list[AnyCard] = []
    for number in range(count):
        card_id, tags = f"card-{number}", [f"chapter-{number // 100}", "benchmark"]
        if number % 3 == 0:
            made.append(Flashcard(id=card_id, level="beginner", tags=tags, kind="flashcard",
                                  front=text(rng, side), back=text(rng, side)))
        elif number % 3 == 1:
            options = [Option(text=text(rng, min(side, 80)) + f" {i}", correct=i == 0) for i in range(4)]
            made.append(ChoiceCard(id=card_id, level="beginner", tags=tags, kind="choice", question=text(rng, side),
                                   options=options, explanation=text(rng, min(side, 1024))))
        else:
            concepts = [Concept(name=f"idea {i} " + text(rng, 40), keywords=["k"]) for i in range(4)]
            made.append(OpenCard(id=card_id, level="advanced", tags=tags, kind="open", prompt=text(rng, side),
                                 model_answer=text(rng, side), concepts=concepts))
    return made


def missed_package(count: int, side: int) -> list[dict[str, Any]]:
    decks = []
    per_deck = 500
    made = cards(count, side)
    for start in range(0, count, per_deck):
        chunk = made[start:start + per_deck]
        deck = Deck(id=f"deck-{start // per_deck}", title=f"Deck {start // per_deck}", cards=chunk)
        decks.append(MissedDeck(DeckRef(0, deck.id), deck, list(chunk)))
    missed = MissedCards(decks)
    plan_ms, write_ms, size = [], [], 0
    for _ in range(3):
        began = time.perf_counter()
        plan = plan_for(missed, lambda ref: None)
        plan_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        data = asyncio.run(build_package_isolated(plan, max_bytes=64 * LIMIT, timestamp=0))
        write_ms.append((time.perf_counter() - began) * 1000)
        assert data is not None
        size = len(data)
    label = f"missed package, {count:,} cards of {side:,}-character sides"
    return [
        {"figure": f"{label}: plan (bot process)", "value": f"{statistics.median(plan_ms):.0f} ms",
         "note": "plan_for, in a thread in the bot"},
        {"figure": f"{label}: write (child process)", "value": f"{statistics.median(write_ms):.0f} ms",
         "note": "build_package_isolated: interpreter start, genanki, zip"},
        {"figure": f"{label}: size", "value": f"{size / 1024:,.0f} KiB",
         "note": f"{size / LIMIT:.0%} of the 8 MiB attachment limit"},
    ]


async def missed_query(attempts: int) -> list[dict[str, Any]]:
    """`Recall.missed_cards` for a member with `attempts` answers (one a minute, a third wrong) beside
    another member with as many, on a real SQLite file, the cards as the shipped decks hold them."""
    from bot.app.wiring import open_services
    from bot.content.loader import load_decks
    from bot.core.instants import to_ms
    from bot.services.api import FlashRating, Learner

    decks = load_decks([ROOT / "content"]).decks
    now = datetime(2026, 6, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/recall.db"
        services = await open_services(url, decks)
        first = next(card for card in decks["model-optimization-nlp"].cards if card.kind == "flashcard")
        await services.recall.rate_flashcard(Learner(1, 5), "model-optimization-nlp", first.id, FlashRating.AGAIN,
                                             now=now, rng=random.Random(1))
        await services.close()
        conn = sqlite3.connect(f"{folder}/recall.db")
        columns = [row[1] for row in conn.execute("PRAGMA table_info(attempts)")]
        template = dict(zip(columns, conn.execute("SELECT * FROM attempts").fetchone(), strict=True))
        ids = [(deck.id, card.id) for deck in decks.values() for card in deck.cards]
        rows = []
        for number in range(2 * attempts):
            row = dict(template, id=None, user_id=1 + number % 2, correct=int(number % 3 == 0),
                       answered_at=to_ms(now - timedelta(minutes=number // 2)))
            row["deck_id"], row["card_id"] = ids[number % len(ids)]
            if "question_key" in row:
                row["question_key"] = f"bench-{number}"
            rows.append(tuple(row[column] for column in columns))
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO attempts ({', '.join(columns)}) VALUES ({marks})", rows)
        conn.commit()
        conn.close()
        services = await open_services(url, decks)
        timings = []
        for _ in range(5):
            began = time.perf_counter()
            await services.recall.missed_cards(Learner(1, 5), now=now)
            timings.append((time.perf_counter() - began) * 1000)
        await services.close()
    in_window = min(attempts, 30 * 24 * 60)
    return [{"figure": f"missed_cards, a member with {attempts:,} answers ({in_window:,} in the 30 days)",
             "value": f"{statistics.median(timings):.0f} ms", "note": "median of 5; the read connection's thread, "
             "not the event loop"}]


def terminal_export() -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for deck_file in sorted((ROOT / "content").glob("*.yaml")):
            target = Path(folder) / f"{deck_file.stem}.apkg"
            began = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "bot", "content", "export", str(deck_file), "--to", str(target)],
                                    cwd=ROOT, capture_output=True, text=True, timeout=120)
            seconds = time.perf_counter() - began
            if result.returncode != 0:
                raise SystemExit(result.stderr)
            rows.append({"figure": f"content export {deck_file.stem}", "value": f"{seconds:.2f} s, "
                         f"{target.stat().st_size:,} bytes", "note": result.stdout.strip().split("(")[-1].rstrip(")")})
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows.append({"figure": "content export: peak memory of the command", "value": f"{peak:.0f} MiB",
                 "note": "ru_maxrss of the children"})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.anki_export")
    parser.add_argument("--quick", action="store_true", help="200 cards instead of 2,000")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON (for python -m benchmarks)")
    args = parser.parse_args()
    count = 200 if args.quick else 2000
    rows = terminal_export() + missed_package(count, 200) + missed_package(count, 2000)
    rows += asyncio.run(missed_query(10_000 if args.quick else 100_000))
    for row in rows:
        print(f"{row['figure']:<70} {row['value']:>24}  {row['note']}")
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
