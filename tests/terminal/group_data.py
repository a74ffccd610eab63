"""A study group's SQLite database filled by the real services, for `python -m bot migrate`'s tests.

Answers of every kind (in servers and in a DM, so guild_id is NULL on some rows), a member with the
largest 64-bit id, text in many scripts, an uploaded deck, an appeal and its review, a schedule, a role
reward, a card report, a deck's retention, reminders and settings; then, where no service writes in a
few lines, rows put in directly: a server's media file holding every byte value (a BLOB).
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.wiring import open_services
from bot.content.loader import load_decks
from bot.services.api import FlashRating, Learner
from tests.services.conftest import CONTENT, tiny_deck

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
GUILD, OTHER_GUILD, ADMIN = 500, 1_234_567_890_123_456_789, 20
LARGEST_ID = 2**63 - 1  # SQLite's INTEGER and PostgreSQL's BIGINT both end here
UNICODE_ANSWER = "alpha ✓ βeta — 日本語の答え 🧠🦊 مرحبا e\u0301 \U0001f468\u200d\U0001f469\u200d\U0001f467 \u00a0«»"
BLOB = bytes(range(256)) * 4
DECK = """id: club-deck
title: Club deck ✨
cards:
  - id: one
    kind: flashcard
    level: beginner
    front: One?
    back: Uno
"""


async def fill(path: Path, members: int = 12) -> None:
    """Open `path` through the composition root (creating and migrating it) and study in it."""
    decks = load_decks([CONTENT]).decks
    decks["tiny"] = tiny_deck()
    rng = random.Random(7)
    services = await open_services(f"sqlite:///{path}", decks)
    try:
        recall = services.recall
        learners = [Learner(1000 + n, GUILD if n % 3 else OTHER_GUILD) for n in range(members)]
        learners.append(Learner(LARGEST_ID, GUILD))
        for day in range(3):
            when = NOW - timedelta(days=2 - day)
            for n, learner in enumerate(learners):
                await recall.answer_choice(learner, "tiny", "c1", (n + day) % 2, now=when, rng=rng)
                await recall.rate_flashcard(learner, "tiny", "f1", FlashRating.GOOD, now=when, rng=rng)
        await recall.rate_flashcard(Learner(1001, None), "tiny", "f2", FlashRating.HARD, now=NOW, rng=rng)  # a DM
        answer = await recall.answer_open(Learner(LARGEST_ID, GUILD), "tiny", "o1", UNICODE_ANSWER, now=NOW, rng=rng)
        wrong = await recall.answer_open(Learner(1001, GUILD), "tiny", "o1", "gamma rays", now=NOW, rng=rng,
                                         question_key="appeal-1")
        await recall.appeal(Learner(1001, GUILD), wrong.attempt_id, now=NOW)
        await services.admin.review_appeal(GUILD, wrong.attempt_id, accept=True, reviewer=ADMIN, now=NOW)
        assert answer.attempt_id > 0
        await recall.set_member_timezone(1002, "Asia/Tokyo")
        await services.admin.upload_deck(GUILD, ADMIN, "club.yaml", DECK.encode(), now=NOW)
        await services.admin.set_reminder(1001, GUILD, True)
        await services.scheduling.add(GUILD, ADMIN, channel_id=30, time="08:00", timezone="Europe/London",
                                      deck_id="tiny", kind="flashcard", now=NOW)
        await services.rewards.add(GUILD, 77, "streak", 3, True, added_by=ADMIN, now=NOW)
        await services.card_reports.report(Learner(1002, GUILD), "tiny", "c1", "typo", "«Q» → 問題", now=NOW)
        await services.deck_study.set_retention(GUILD, "tiny", "0.85", now=NOW)
    finally:
        await services.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO server_media (guild_id, name, size, data) VALUES (?, ?, ?, ?)",
                      (GUILD, "every-byte.bin", len(BLOB), BLOB))
        conn.execute("INSERT INTO server_media (guild_id, name, size, data) VALUES (?, ?, 0, ?)",
                     (GUILD, "empty.bin", b""))
    conn.close()
