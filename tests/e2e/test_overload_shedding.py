"""End to end: a burst beyond what the bot may take on is answered, the excess with "busy" and nothing stored.

The bound is made tiny (`RECALL_MAX_IN_FLIGHT=1`) and one member's open answer holds the grading thread
(test mode, `RECALL_TEST_GRADING_PAUSE`), so it stays in flight while ten other members click a /quiz
option at once. Each click must be answered (none left for Discord to call failed), each with the busy
message, and none may store an attempt. Once the held answer is done, the same members' clicks are
answered as usual and stored once each: the refused click did not count as their answer. The test
asserts counts and order, not durations.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.admission import BUSY
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import BotProcess, running_recall

GRADING_PAUSE_SECONDS = 3.0
BURST = 10
VERDICTS = ("✓ Correct", "✗ Incorrect")


@pytest.fixture
async def crowd() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(guilds=1, members_per_guild=BURST + 2) as fake:
        yield fake


@pytest.fixture
async def bounded_bot(crowd: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    async with running_recall(crowd, tmp_path, "recall-bounded", RECALL_TEST_MODE="1",
                              RECALL_TEST_GRADING_PAUSE=str(GRADING_PAUSE_SECONDS), RECALL_MAX_IN_FLIGHT="1") as process:
        yield process


def stored_attempts(database: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT user_id, kind FROM attempts ORDER BY id").fetchall()


async def test_a_burst_past_the_bound_is_answered_busy_stores_nothing_and_later_clicks_count(
        crowd: FakeDiscord, bounded_bot: BotProcess, tmp_path: Path) -> None:
    fake = crowd
    members = [fake.users[f"m0-{n}"] for n in range(BURST + 2)]
    writer, poster, clickers = members[0], members[1], members[2:]
    database = tmp_path / "data" / "recall.db"

    quiz = await fake.slash("quiz", user=poster)
    options = [cid for cid in quiz.custom_ids() if cid.startswith("recall:quiz:pick:")]
    explain = await fake.slash("explain", user=writer)
    answer_button = next(cid for cid in explain.custom_ids() if cid.startswith("recall:explain:answer:"))
    form = await fake.click(explain, answer_button, user=writer)
    inputs = [c["custom_id"] for row in (form.modal or {}).get("components") or []
              for c in row.get("components") or [] if c.get("type") == 4]
    held = asyncio.create_task(fake.submit_modal(
        form, {inputs[0]: "a teacher model trains a smaller student"}, user=writer, timeout=GRADING_PAUSE_SECONDS + 10))
    await asyncio.sleep(0.5)  # the answer has reached the bot and holds the grading thread

    records = [await fake.driver.send_interaction(fake.driver.click_payload(quiz.message or {}, options[0], user=who))
               for who in clickers]
    async with asyncio.timeout(10):
        await asyncio.gather(*(record.answered.wait() for record in records))
    burst = [InteractionResult(record, fake.store) for record in records]
    assert [r.text() for r in burst] == [BUSY] * BURST
    assert all(r.ephemeral for r in burst)

    graded = await held  # the held answer still completes (deferred, then followed up)
    assert "concepts" in graded.text(), graded.text()
    assert stored_attempts(database) == [(int(writer["id"]), "open")]  # nothing for the refused clicks

    for who in clickers:  # the burst is over: each click is a first answer, recorded once
        again = await fake.click(quiz, options[0], user=who)
        assert again.text().startswith(VERDICTS), again.text()
        assert "already answered" not in again.text()
    assert len(stored_attempts(database)) == 1 + BURST
    assert fake.late_interactions() == [] and fake.unanswered_interactions() == []
    assert "shed 1 interaction(s) before any work" in bounded_bot.logs()
