"""End to end: SIGTERM stops the bot cleanly (in-flight answers finish and are stored, new ones are
refused politely, exit 0 within 10 s), and every interaction leaves one structured log line without
the token or the member's text."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.fake_discord.interaction_payloads import walk_components
from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env

DECK = "model-optimization-nlp"
SECRET = "zebra-sapphire-teacher and student"


def first(result: InteractionResult, prefix: str) -> str:
    return next(cid for cid in result.custom_ids() if cid.startswith(prefix))


def attempts_of(bot: BotProcess, user: dict[str, Any]) -> int:
    with sqlite3.connect(bot.env["RECALL_DATABASE_URL"].removeprefix("sqlite:///")) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM attempts WHERE user_id = ?", (int(user["id"]),)).fetchone()[0])


async def test_sigterm_finishes_the_answer_in_flight_and_exits_0(
    fake_discord: FakeDiscord, recall_bot: BotProcess
) -> None:
    alice, bob = fake_discord.users["alice"], fake_discord.users["bob"]
    quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
    database = recall_bot.env["RECALL_DATABASE_URL"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(database, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # the answer can't be stored until we let go
        click = asyncio.create_task(fake_discord.click(quiz, first(quiz, "recall:quiz:pick:"), user=alice, timeout=12))
        await asyncio.sleep(0.5)
        assert recall_bot.process is not None
        recall_bot.process.send_signal(signal.SIGTERM)
        signalled = time.perf_counter()
        await asyncio.sleep(0.5)
        refused = await fake_discord.slash("streak", user=bob)
        assert refused.ephemeral and "restarting" in refused.text()
        await asyncio.sleep(1.0)
        assert recall_bot.running  # still finishing the click
        blocker.execute("COMMIT")
    finally:
        blocker.close()
    answer = await click
    assert answer.ephemeral and "point" in answer.text()
    code = await recall_bot.wait_exit(timeout=10)
    elapsed = time.perf_counter() - signalled
    assert code == 0, recall_bot.stderr()[-2000:]
    assert elapsed < 10, elapsed
    assert attempts_of(recall_bot, alice) == 1
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []
    logs = recall_bot.logs()
    assert "stopping: waiting for 1 interaction(s) in flight" in logs
    assert "interaction refused: shutting down" in logs
    assert "Traceback" not in logs
    with sqlite3.connect(database) as conn:  # closed cleanly: the WAL was checkpointed away
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not Path(database + "-wal").exists() or Path(database + "-wal").stat().st_size == 0


async def test_idle_sigterm_exits_0_quickly(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    started = time.perf_counter()
    code = await recall_bot.stop(timeout=10)
    assert code == 0 and time.perf_counter() - started < 5


async def test_each_interaction_is_one_json_log_line_without_secrets(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = recall_env(fake_discord, tmp_path) | {"RECALL_LOG_FORMAT": "json"}
    bot = BotProcess(RECALL_COMMAND, env, tmp_path, name="recall-json")
    await bot.start(fake_discord)
    try:
        alice = fake_discord.users["alice"]
        quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
        await fake_discord.click(quiz, first(quiz, "recall:quiz:pick:"), user=alice)
        explain = await fake_discord.slash("explain", {"deck": DECK}, user=alice)
        form = await fake_discord.click(explain, explain.custom_ids()[0], user=alice)
        assert form.modal is not None
        (field,) = [c["custom_id"] for c in walk_components(form.modal["components"]) if c.get("custom_id")]
        await fake_discord.submit_modal(form, {field: SECRET}, user=alice)
        await fake_discord.slash("mydata leaderboard", {"show": "off"}, user=alice)
    finally:
        assert await bot.stop() == 0
    records = [json.loads(line) for line in bot.stderr().splitlines() if line.startswith("{")]
    assert records, bot.stderr()[-2000:]
    interactions = [r for r in records if r.get("message") == "interaction"]
    commands = [r["command"] for r in interactions]
    assert commands == ["/quiz", "recall:quiz:pick", "/explain", "recall:explain:answer", "recall:explain:submit",
                        "/mydata leaderboard"], commands
    for record in interactions:
        assert record["level"] == "INFO" and record["guild"] == fake_discord.guild.id
        assert isinstance(record["latency_ms"], float) and 0 <= record["latency_ms"] < 5000
    everything = bot.logs()
    assert SECRET not in everything and "zebra" not in everything
    assert fake_discord.token not in everything
    assert not any(r["logger"].startswith("discord") and r["level"] == "INFO" for r in records)
