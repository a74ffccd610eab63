"""`python -m benchmarks.deck_report [--quick] [--picture FILE]`: the cost of `/deck report` on a big server.

A database where one server has made a million answers (`--quick`: 50,000) on the largest deck the
limits allow (2,000 cards, a quarter of them open cards with three concepts each) over a year, by 500
members, plus 200,000 answers of another server on the same deck. Timed (wall ms, best of 3, one fresh
read connection each, as the bot's store opens): the report's reads for each period, with migration
017's index and with it dropped (the schema before it); then the whole service call, the picture and the
CSV as `/deck report` makes them. Prints each query's `EXPLAIN QUERY PLAN`. Nothing is asserted.

`--picture FILE` only writes the picture of a seeded report (the sample deck, 12 members over a term),
for notes; nothing is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.content.validation import validate_deck
from bot.core.deck import Deck
from bot.core.instants import to_ms
from bot.services.deck_report import PERIOD_WEEKS, WEEK_MS
from bot.services.deck_report_ports import ActivityWindow
from bot.storage.deck_report import read_activity
from bot.storage.sqlite import connect

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD, OTHER = 1, 2
CARDS, OPEN_EVERY, CONCEPTS = 2000, 4, 3
MEMBERS = 500
YEAR_MS = 365 * 86_400_000


def big_deck() -> Deck:
    cards: list[dict[str, Any]] = []
    for index in range(CARDS):
        if index % OPEN_EVERY == 0:
            cards.append({"id": f"c{index}", "kind": "open", "level": "beginner", "prompt": f"Explain {index}",
                          "concepts": [{"name": f"concept {index}-{k}", "keywords": [f"word{index}x{k}"]}
                                       for k in range(CONCEPTS)]})
        else:
            cards.append({"id": f"c{index}", "kind": "flashcard", "level": "beginner", "front": f"F{index}?",
                          "back": "B"})
    return validate_deck({"id": "big", "title": "Big deck", "cards": cards})


def build(path: Path, answers: int, other: int) -> None:
    """The database: `answers` attempts in GUILD and `other` in OTHER on built-in deck `big`, their concept
    tallies, and every member's review state of every card (a tenth of them due)."""
    rng = random.Random(7)
    conn = connect(path)
    now_ms = to_ms(NOW)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO members (user_id, leaderboard_opt_out) VALUES (?, ?)",
                     [(user, int(user % 10 == 0)) for user in range(1, 2 * MEMBERS + 1)])

    def rows(guild: int, count: int, first_user: int) -> Any:
        for _ in range(count):
            card = rng.randrange(CARDS)
            kind = "open" if card % OPEN_EVERY == 0 else "flashcard"
            yield (first_user + rng.randrange(MEMBERS), guild, "big", f"c{card}", kind, "beginner", "drill",
                   int(rng.random() < 0.7), 1, now_ms - rng.randrange(YEAR_MS), 0)

    insert = ("INSERT INTO attempts (user_id, guild_id, deck_id, card_id, kind, level, source, correct, points,"
              " answered_at, deck_guild) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    conn.executemany(insert, rows(GUILD, answers, 1))
    conn.executemany(insert, rows(OTHER, other, MEMBERS + 1))
    conn.executemany(
        "INSERT INTO concept_stats (user_id, guild_id, deck_guild, deck_id, card_id, concept, seen, missed)"
        " VALUES (?, ?, 0, 'big', ?, ?, ?, ?)",
        ((user, GUILD if user <= MEMBERS else OTHER, f"c{card}", f"concept {card}-{k}", 4, rng.randrange(5))
         for user in range(1, 2 * MEMBERS + 1, 5) for card in range(0, CARDS, OPEN_EVERY) for k in range(CONCEPTS)))
    conn.executemany(
        "INSERT INTO srs_cards (user_id, deck_guild, deck_id, card_id, state, due) VALUES (?, 0, 'big', ?, 2, ?)",
        ((user, f"c{card}", now_ms + (-1 if rng.random() < 0.1 else 1) * rng.randrange(1, 10 * 86_400_000))
         for user in range(1, MEMBERS + 1) for card in range(0, CARDS, 4)))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def window(period: str) -> ActivityWindow:
    now_ms = to_ms(NOW)
    weeks = PERIOD_WEEKS.get(period)
    return ActivityWindow(GUILD, 0, "big", now_ms - weeks * WEEK_MS if weeks else None, now_ms, WEEK_MS,
                          weeks or 52, 3)


def best_ms(job: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def read_once(path: Path, period: str) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("BEGIN")
        read_activity(conn, window(period))
    finally:
        conn.close()


class PlanRecorder(sqlite3.Connection):
    """A connection that answers each query with its plan, recorded (to print the plans of `read_activity`)."""

    plans: list[tuple[str, list[str]]]

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        if sql.lstrip().upper().startswith("SELECT"):
            plan = super().execute("EXPLAIN QUERY PLAN " + sql, parameters).fetchall()
            self.plans.append((sql, [str(row[3]) for row in plan]))
        return super().execute(sql, parameters)


def plans(path: Path) -> list[tuple[str, list[str]]]:
    conn = sqlite3.connect(path, factory=PlanRecorder)
    conn.plans = []
    try:
        read_activity(conn, window("month"))
        return conn.plans
    finally:
        conn.close()


async def through_the_service(path: Path, deck: Deck) -> tuple[float, float, float, int]:
    """(report ms, picture ms, CSV ms, PNG bytes) of `all` through `open_services`, as the bot makes them."""
    from bot.app.wiring import open_services
    from bot.ops.deck_report_image import render_deck_report
    from bot.services.deck_report import report_csv

    services = await open_services(f"sqlite:///{path}", {"big": deck})
    try:
        start = time.perf_counter()
        report = await services.deck_reports.deck_report(GUILD, "big", "all", NOW)
        report_ms = (time.perf_counter() - start) * 1000
    finally:
        await services.close()
    start = time.perf_counter()
    png = await asyncio.to_thread(render_deck_report, report, {})
    picture_ms = (time.perf_counter() - start) * 1000
    csv_ms = best_ms(lambda: report_csv(report))
    return report_ms, picture_ms, csv_ms, len(png)


async def seeded_picture(out: Path) -> None:
    """A term's report of the sample deck in a made-up study group: 12 members (two opted out of
    leaderboards) answering through the real storage over 16 weeks, getting better week by week."""
    from bot.app.wiring import open_services
    from bot.content.loader import load_decks
    from bot.ops.deck_report_image import render_deck_report
    from bot.services.records import NewAttempt
    from bot.storage.database import Database

    deck = load_decks([Path(__file__).resolve().parents[1] / "content"]).decks["model-optimization-nlp"]
    cards = deck.study_cards()
    rng = random.Random(16)
    names = {100 + index: name for index, name in enumerate(
        ("Ada", "Ben", "Chidi", "Dana", "Eli", "Fern", "Goro", "Hana", "Ivo", "Juno", "Kai", "Lea"))}
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(f"sqlite:///{folder}/recall.db")
        for week in range(16):
            for user in names:
                for _ in range(rng.randrange(0, 9)):
                    card = rng.choice(cards)
                    skill = 0.35 + 0.03 * week + (0.15 if card.id.endswith(("1", "3")) else 0.0)
                    right = rng.random() < min(0.95, skill)
                    concepts = tuple((c.name, rng.random() < skill) for c in getattr(card, "concepts", ()))
                    await db.record_attempt(NewAttempt(
                        user_id=user, guild_id=GUILD, deck_id=deck.id, card_id=card.id, kind=card.kind,
                        level=card.level, source="drill", question_key=None, choice=None, answer_text=None,
                        rating=None, correct=right, concepts_hit=sum(hit for _n, hit in concepts) or None,
                        concepts_total=len(concepts) or None, points=10 if right else 1,
                        answered_at=NOW - timedelta(weeks=15 - week, hours=rng.randrange(1, 160)),
                        srs_rating=3 if right else 1, srs_seed=None, concepts=concepts))
        for user in (101, 106):
            await db.set_opt_out(user, True)
        await db.close()
        services = await open_services(f"sqlite:///{folder}/recall.db", {deck.id: deck})
        try:
            report = await services.deck_reports.deck_report(GUILD, deck.id, "term", NOW)
        finally:
            await services.close()
    shown = {member.user_id: names[member.user_id] for member in report.named}
    out.write_bytes(render_deck_report(report, shown))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.deck_report")
    parser.add_argument("--quick", action="store_true", help="50,000 answers instead of 1,000,000")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON (for python -m benchmarks)")
    parser.add_argument("--picture", type=Path, help="only write a seeded report's picture here")
    parser.add_argument("--keep", type=Path, help="build the database here (and keep it)")
    args = parser.parse_args()
    if args.picture:
        asyncio.run(seeded_picture(args.picture))
        print(f"wrote {args.picture}")
        return 0
    answers, other = (50_000, 10_000) if args.quick else (1_000_000, 200_000)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="deck-report-"))
    path = folder / "recall.db"
    for stale in folder.glob("recall.db*"):
        stale.unlink()
    start = time.perf_counter()
    build(path, answers, other)
    print(f"built {answers:,} answers in server {GUILD} (+{other:,} in server {OTHER}) on a {CARDS:,}-card deck "
          f"in {time.perf_counter() - start:.1f} s: {path}")
    for sql, plan in plans(path):
        print(f"\n{' '.join(sql.split())[:110]}...\n  " + "\n  ".join(plan))
    figures = []
    with_index = {period: best_ms(lambda period=period: read_once(path, period)) for period in PERIOD_WEEKS | {"all": 0}}
    deck = big_deck()
    report_ms, picture_ms, csv_ms, png_bytes = asyncio.run(through_the_service(path, deck))
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX attempts_by_guild_deck")
    conn.execute("DROP INDEX concept_stats_by_guild_deck")
    conn.close()
    without = {period: best_ms(lambda period=period: read_once(path, period)) for period in with_index}
    print(f"\n/deck report reads, {answers:,} answers of the server on one {CARDS:,}-card deck (best of 3, ms)")
    print(f"{'period':8} {'with 017':>10} {'without':>10}")
    for period in with_index:
        print(f"{period:8} {with_index[period]:10.1f} {without[period]:10.1f}")
        figures.append({"figure": f"deck report reads, {answers:,} answers, period {period}",
                        "value": f"{with_index[period]:.0f} ms (without migration 017's index: {without[period]:.0f} ms)",
                        "note": "best of 3, one fresh read connection"})
    print(f"\nthrough the service (all): report {report_ms:.0f} ms, picture {picture_ms:.0f} ms ({png_bytes:,} bytes), "
          f"CSV of {CARDS:,} cards {csv_ms:.1f} ms")
    figures.append({"figure": "deck report through the service, all time", "value": f"{report_ms:.0f} ms; picture "
                    f"{picture_ms:.0f} ms ({png_bytes:,} bytes); CSV {csv_ms:.1f} ms",
                    "note": f"{answers:,} answers, {CARDS:,} cards"})
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if args.keep is None:
        for leftover in folder.glob("recall.db*"):
            leftover.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
