"""End to end on PostgreSQL: the real bot with `RECALL_DATABASE_URL=postgresql://...` answers, keeps and shows.

A /quiz and an /explain answered through the fake Discord land in the PostgreSQL database (counted there,
and no SQLite file appears), /stats shows them, and after the process is killed and started again they
are still there and a second click on the same question is still refused.
"""

from __future__ import annotations

from pathlib import Path

import asyncpg

from tests.backends import postgres_backend_url, postgres_server, postgres_template  # noqa: F401 - fixtures
from tests.e2e.fake_discord import FakeDiscord, InteractionResult
from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env

DECK = "model-optimization-nlp"


def buttons(result: InteractionResult, prefix: str) -> list[str]:
    return [cid for cid in result.custom_ids() if cid.startswith(prefix)]


async def stored_attempts(url: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT COUNT(*) FROM attempts"))
    finally:
        await conn.close()


async def test_a_bot_on_postgresql_answers_shows_and_keeps_across_a_restart(
    fake_discord: FakeDiscord, tmp_path: Path, postgres_backend_url: str  # noqa: F811 - the fixture
) -> None:
    alice = fake_discord.users["alice"]
    env = recall_env(fake_discord, tmp_path / "unused")
    env["RECALL_DATABASE_URL"] = postgres_backend_url
    # Run in tmp_path: on PostgreSQL the bot's own files (command hashes, matplotlib's cache) go to ./data.
    bot = BotProcess(RECALL_COMMAND, env, tmp_path, name="recall-postgresql", cwd=tmp_path)
    try:
        await bot.start(fake_discord)
        quiz = await fake_discord.slash("quiz", {"deck": DECK}, user=alice)
        option = buttons(quiz, "recall:quiz:pick:")[0]
        answer = await fake_discord.click(quiz, option, user=alice)
        assert answer.ephemeral and "point" in answer.text(), answer.text()

        question = await fake_discord.slash("explain", {"deck": DECK, "level": "intermediate"}, user=alice)
        (answer_button,) = buttons(question, "recall:explain:answer:")
        form = await fake_discord.click(question, answer_button, user=alice)
        assert form.modal is not None
        (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]
        graded = await fake_discord.submit_modal(form, {text_input["custom_id"]: "A teacher model and a student"})
        assert graded.ephemeral and "You got " in graded.text(), graded.text()

        stats = await fake_discord.slash("stats", user=alice)
        assert "All answers: **" in stats.text() and "/2" in stats.text(), stats.text()
        assert await stored_attempts(postgres_backend_url) == 2

        await bot.restart(fake_discord)  # SIGKILL, then a new process on the same database
        again = await fake_discord.slash("stats", user=alice)
        assert "/2" in again.text() and again.text() == stats.text(), again.text()
        repeated = await fake_discord.click(quiz, option, user=alice)
        assert "already answered" in repeated.text(), repeated.text()
        assert await stored_attempts(postgres_backend_url) == 2
    finally:
        await bot.stop()
    assert fake_discord.late_interactions() == [] and fake_discord.unanswered_interactions() == []
    assert "no instance lock file" in bot.logs()
    assert not list(tmp_path.rglob("*.db")), "a SQLite file was made"
    assert (tmp_path / "data" / "postgresql.commands.json").exists()  # the command hashes, in ./data
