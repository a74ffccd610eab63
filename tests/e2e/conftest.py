"""Fixtures for end-to-end tests: a fresh fake Discord per test, bot subprocesses wired to it, and a
hard deadline per test so nothing can hang CI."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, BotProcess, fake_env, recall_env

E2E_DIR = Path(__file__).parent
TEST_DEADLINE_S = float(os.environ.get("RECALL_E2E_TEST_TIMEOUT", "120"))
SAMPLE_BOT_COMMAND = (sys.executable, "-m", "tests.e2e.sample_bot")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
async def e2e_deadline() -> AsyncIterator[None]:
    """Cancel everything still running in the test's loop after the deadline: the test fails with
    CancelledError instead of hanging. Helpers have their own, shorter timeouts."""
    loop = asyncio.get_running_loop()

    def expire() -> None:
        print(f"\nE2E deadline of {TEST_DEADLINE_S}s reached: cancelling the test", file=sys.stderr)
        for task in asyncio.all_tasks(loop):
            task.cancel()

    handle = loop.call_later(TEST_DEADLINE_S, expire)
    yield
    handle.cancel()


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        yield fake
        print(f"\nfake Discord: {fake.summary()}", file=sys.stderr)


@pytest.fixture
async def sample_bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """The tiny discord.py bot of tests/e2e/sample_bot.py, running and ready."""
    env = fake_env(fake_discord)
    env["RECALL_DEV_GUILD_ID"] = fake_discord.guild.id
    bot = BotProcess(SAMPLE_BOT_COMMAND, env, tmp_path, name="sample")
    await bot.start(fake_discord)
    yield bot
    await bot.stop()


@pytest.fixture
async def recall_bot_process(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """`python -m bot` wired to the fake with a temp database (not started: call `await .start(fake)`); stopped
    after the test if it still runs (a test that started it and returned early left a bot behind)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    process = BotProcess(RECALL_COMMAND, recall_env(fake_discord, data_dir), tmp_path, name="recall")
    yield process
    await process.stop()


@pytest.fixture
async def recall_bot(fake_discord: FakeDiscord, recall_bot_process: BotProcess) -> AsyncIterator[BotProcess]:
    """`python -m bot`, running and ready (READY + GUILD_CREATE seen); stopped with SIGTERM after the test."""
    await recall_bot_process.start(fake_discord)
    yield recall_bot_process
    await recall_bot_process.stop()
