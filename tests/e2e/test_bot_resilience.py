"""End to end: what must survive trouble: a SIGKILL restart in the middle (old buttons and an open form
still work), a gateway RECONNECT, REST 429 and 500 answers (retried, nothing lost or doubled), unknown
buttons (a polite answer), and public messages that can never ping."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.ids import DISCORD_EPOCH_MS
from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env

DECK = "model-optimization-nlp"


def first(result: InteractionResult, prefix: str) -> str:
    return next(cid for cid in result.custom_ids() if cid.startswith(prefix))


def healthy(fake: FakeDiscord) -> None:
    assert fake.late_interactions() == [], "an interaction was answered after 3 s (10062)"
    assert fake.unanswered_interactions() == []


async def test_sigkill_restart_keeps_old_buttons_and_open_forms(
    fake_discord: FakeDiscord, recall_bot_process: BotProcess
) -> None:
    alice, bob, carol = (fake_discord.users[n] for n in ("alice", "bob", "carol"))
    await recall_bot_process.start(fake_discord)
    quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
    card = await fake_discord.slash("flashcard", {"deck": DECK}, user=alice)
    question = await fake_discord.slash("explain", {"deck": DECK}, user=alice)
    option = first(quiz, "recall:quiz:pick:")
    before = await fake_discord.click(quiz, option, user=alice)
    form = await fake_discord.click(question, first(question, "recall:explain:answer:"), user=bob)
    assert form.modal is not None
    drill = await fake_discord.slash("drill", {"kind": "choice"}, user=carol)

    await recall_bot_process.restart(fake_discord, kill=True)
    try:
        after = await fake_discord.click(quiz, option, user=bob)
        assert after.ephemeral and after.text().splitlines()[0] == before.text().splitlines()[0]
        again = await fake_discord.click(quiz, option, user=alice)
        assert "already answered" in again.text()  # Alice's answer from before the kill was kept
        back = await fake_discord.click(card, first(card, "recall:flash:reveal:"), user=carol)
        assert back.ephemeral and len(back.custom_ids()) == 5  # four ratings and "Report a problem"
        (text_input,) = [c for row in form.modal["components"] for c in row["components"]]
        graded = await fake_discord.submit_modal(form, {text_input["custom_id"]: "teacher and student, lower precision"})
        assert graded.ephemeral and "concepts" in graded.text()
        # A private drill lives in memory: after the kill its buttons say so politely.
        ended = await fake_discord.click(drill, first(drill, "recall:drill:pick:"), user=carol)
        assert ended.ephemeral and "drill has ended" in ended.text()
        healthy(fake_discord)
    finally:
        await recall_bot_process.stop()


async def test_every_command_answers_within_three_seconds(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    commands = [
        ("flashcard", {}), ("quiz", {}), ("explain", {}), ("drill", {}), ("review", {}), ("streak", {}),
        ("stats", {}), ("leaderboard", {}), ("decks", {}), ("timezone", {}), ("help", {}),
    ]
    for name, options in commands:
        result = await fake_discord.slash(name, options)
        assert result.callback_type in (4, 5), name
        assert result.latency is not None and result.latency < 3.0, (name, result.latency)
        assert result.text(), name
    healthy(fake_discord)


async def test_gateway_reconnect_and_resume(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    session = next(iter(fake_discord.gateway.sessions.values()))
    await fake_discord.reconnect()
    await fake_discord.wait_for_resume(session)
    quiz = await fake_discord.slash("quiz")
    answer = await fake_discord.click(quiz, first(quiz, "recall:quiz:pick:"))
    assert answer.ephemeral and ("Correct" in answer.text() or "Incorrect" in answer.text())
    healthy(fake_discord)


async def test_invalidated_session_identifies_again_at_the_fake(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    sessions = len(fake_discord.gateway.sessions)
    await fake_discord.invalidate_session(resumable=False)
    await fake_discord.wait_until_ready(sessions_before=sessions, timeout=20)
    answer = await fake_discord.slash("help")
    assert "Recall" in answer.text()
    healthy(fake_discord)


async def test_dropped_connection_resumes(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    session = next(iter(fake_discord.gateway.sessions.values()))
    await fake_discord.drop_connection()
    await fake_discord.wait_for_resume(session)
    assert "Recall" in (await fake_discord.slash("help")).text()
    healthy(fake_discord)


async def test_rest_429_and_500_are_retried_and_nothing_is_lost(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    alice = fake_discord.users["alice"]
    quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
    option = first(quiz, "recall:quiz:pick:")

    limited = fake_discord.fail_next("POST", r"/callback$", status=429, retry_after=0.4)
    answer = await fake_discord.click(quiz, option, user=alice)
    assert limited.hits == 1
    assert answer.ephemeral and "point" in answer.text()

    broken = fake_discord.fail_next("POST", r"/callback$", status=500)
    slash = await fake_discord.slash("flashcard", {"deck": DECK}, user=alice, timeout=8)
    assert broken.hits == 1
    assert slash.callback_type == 4 and "Flashcard" in slash.text()

    # The answer given through the 429 was stored exactly once.
    second = await fake_discord.click(quiz, option, user=alice)
    assert "already answered" in second.text()
    stats = await fake_discord.slash("stats", user=alice)
    assert "1/1" in stats.text() or "0/1" in stats.text(), stats.text()
    healthy(fake_discord)


async def test_slow_database_is_deferred_not_late(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    """Another writer holds the database for 2.5 s: the click is deferred in time, then answered."""
    quiz = await fake_discord.slash("quiz", {"deck": DECK})
    database = recall_bot.env["RECALL_DATABASE_URL"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(database, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        click = asyncio.create_task(fake_discord.click(quiz, first(quiz, "recall:quiz:pick:"), timeout=10))
        await asyncio.sleep(2.5)
        blocker.execute("COMMIT")
        answer = await click
    finally:
        blocker.close()
    assert answer.callback_type == 5  # deferred ("thinking"), within the deadline
    assert answer.latency is not None and answer.latency < 3.0
    assert answer.ephemeral and "point" in answer.text()
    healthy(fake_discord)


async def test_a_click_read_after_its_deadline_is_dropped_and_the_next_is_answered(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    """A click Discord made 5 s ago (a backlog) is not worked on: no answer, nothing recorded."""
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
    option = first(quiz, "recall:quiz:pick:")
    await fake_discord.click(quiz, option, user=alice)  # a fresh interaction: the age reference
    queued = fake_discord.driver.click_payload(quiz, option, user=bob)
    queued["id"] = str((int(time.time() * 1000) - 5_000 - DISCORD_EPOCH_MS) << 22)
    record = await fake_discord.driver.send_interaction(queued)
    await asyncio.sleep(1.0)
    await fake_discord.settle()
    assert record.callback is None and not record.late_attempts and not record.rejected_callbacks
    answer = await fake_discord.click(quiz, option, user=bob)
    assert answer.ephemeral and "already answered" not in answer.text()  # the dropped click counted nothing
    assert fake_discord.late_interactions() == []
    assert fake_discord.unanswered_interactions() == [record]


async def test_unknown_buttons_get_a_polite_answer(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    quiz = await fake_discord.slash("quiz")
    message = fake_discord.store.messages[quiz.message["id"]]  # type: ignore[index]
    extra: list[dict[str, Any]] = [
        {"type": 2, "style": 2, "label": "old", "custom_id": "recall:oldfeature:vote:123"},
        {"type": 2, "style": 2, "label": "alien", "custom_id": "someone-elses-button"},
        {"type": 2, "style": 2, "label": "gone", "custom_id": "recall:quiz:pick:no-such-deck:no-card:1"},
    ]
    message["components"].append({"type": 1, "components": extra})
    for component in extra:
        answer = await fake_discord.click(quiz, component["custom_id"], timeout=5)
        assert answer.ephemeral, component
        assert "no longer" in answer.text(), answer.text()
    healthy(fake_discord)


async def test_public_messages_never_ping(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "pings.yaml").write_text(
        "id: pings\ntitle: '@everyone deck'\ncards:\n"
        "  - id: ping-flash\n    kind: flashcard\n    level: beginner\n"
        "    front: 'Hello @everyone and @here and <@123456789012345678> **bold**'\n    back: '<@&42> role'\n"
        "  - id: ping-choice\n    kind: choice\n    level: beginner\n"
        "    question: 'Ask @everyone'\n    options:\n      - text: '@here yes'\n        correct: true\n"
        "      - text: 'no'\n    explanation: '@everyone knows'\n"
    )
    data = tmp_path / "data"
    data.mkdir()
    env = recall_env(fake_discord, data)
    env["RECALL_CONTENT_DIR"] = str(content)
    bot = BotProcess(RECALL_COMMAND, env, tmp_path, name="pings")
    await bot.start(fake_discord)
    try:
        await fake_discord.slash("flashcard")
        await fake_discord.slash("quiz")
        await fake_discord.slash("leaderboard")
        await fake_discord.slash("streak")
        nothing = await fake_discord.slash("explain")  # this deck has no open card
        assert nothing.ephemeral and nothing.text()
        public = fake_discord.public_message_requests()
        assert len(public) >= 4
        for request in public:
            body = request.json if isinstance(request.json, dict) else json.loads(request.json or "{}")
            payload = body.get("data", body)
            assert payload.get("allowed_mentions") == {"parse": []}, payload
        healthy(fake_discord)
    finally:
        await bot.stop()
