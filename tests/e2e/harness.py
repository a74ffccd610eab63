"""Run a bot as a real subprocess against a `FakeDiscord`: environment, logs to files, readiness
(IDENTIFY answered with READY and every GUILD_CREATE), SIGTERM/SIGKILL stop, restart."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.gateway import GatewaySession

REPO_ROOT = Path(__file__).resolve().parents[2]
RECALL_COMMAND = (sys.executable, "-m", "bot")


class BotExited(AssertionError):
    """The bot process ended while we waited for it (the message carries its stderr tail)."""


def fake_env(fake: FakeDiscord, *, token: str | None = None) -> dict[str, str]:
    """The parent's environment minus any real Discord settings, pointed at the fake."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "RECALL_"))}
    env.update(
        DISCORD_TOKEN=fake.token if token is None else token,
        DISCORD_API_BASE=fake.api_base,
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def recall_env(
    fake: FakeDiscord, data_dir: Path, *, token: str | None = None, log_level: str = "INFO"
) -> dict[str, str]:
    """Settings for `python -m bot`: a temp SQLite file, the repo's decks, commands in the fake's guild."""
    env = fake_env(fake, token=token)
    env.update(
        RECALL_DATABASE_URL=f"sqlite:///{data_dir / 'recall.db'}",
        RECALL_CONTENT_DIR=str(REPO_ROOT / "content"),
        RECALL_DEV_GUILD_ID=fake.guild.id,
        RECALL_LOG_LEVEL=log_level,
    )
    return env


@asynccontextmanager
async def running_recall(
    fake: FakeDiscord, tmp_path: Path, name: str, *, global_commands: bool = False, **settings: str
) -> AsyncIterator[BotProcess]:
    """`python -m bot` on a new database in `tmp_path/data`, started and ready, stopped afterwards. With
    `global_commands` its commands are registered globally (so every server of the fake and DMs have them)
    instead of in the fake's first guild; `settings` are added to its environment (RECALL_...)."""
    data = tmp_path / "data"
    data.mkdir()
    env = recall_env(fake, data)
    if global_commands:
        del env["RECALL_DEV_GUILD_ID"]
    env.update(settings)
    process = BotProcess(RECALL_COMMAND, env, tmp_path, name=name)
    await process.start(fake)
    try:
        yield process
    finally:
        await process.stop()


class BotProcess:
    """One bot subprocess at a time; stdout/stderr append to files in `log_dir` across restarts."""

    def __init__(
        self,
        command: tuple[str, ...] | list[str],
        env: dict[str, str],
        log_dir: Path,
        *,
        name: str = "bot",
        cwd: Path = REPO_ROOT,
    ) -> None:
        self.command = list(command)
        self.env = env
        self.cwd = cwd
        self.stdout_path = log_dir / f"{name}.stdout.log"
        self.stderr_path = log_dir / f"{name}.stderr.log"
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def pid(self) -> int:
        assert self.process is not None, "bot not started"
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def logs(self) -> str:
        return self.stdout() + self.stderr()

    async def launch(self) -> None:
        """Start the process without waiting for anything."""
        if self.running:
            raise RuntimeError("bot already running")
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.process = await asyncio.create_subprocess_exec(
                *self.command,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=err,
                stdin=asyncio.subprocess.DEVNULL,
            )
        self.starts += 1

    async def start(self, fake: FakeDiscord, *, timeout: float = 30.0) -> GatewaySession:
        """Start and wait until the bot identified and got READY plus every GUILD_CREATE."""
        sessions_before = len(fake.gateway.sessions)
        await self.launch()
        return await self.wait_ready(fake, sessions_before=sessions_before, timeout=timeout)

    async def wait_ready(
        self, fake: FakeDiscord, *, sessions_before: int, timeout: float = 30.0
    ) -> GatewaySession:
        assert self.process is not None
        ready = asyncio.create_task(fake.wait_until_ready(sessions_before=sessions_before, timeout=timeout))
        exited = asyncio.create_task(self.process.wait())
        try:
            done, _ = await asyncio.wait(
                {ready, exited}, timeout=timeout + 1, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            exited.cancel()
        if ready in done:
            return ready.result()
        ready.cancel()
        if exited in done:
            raise BotExited(
                f"bot exited with {self.process.returncode} before READY:\n{self.stderr()[-4000:]}"
            )
        raise BotExited(f"bot not ready within {timeout}s:\n{self.stderr()[-4000:]}")

    async def wait_exit(self, timeout: float = 15.0) -> int:
        assert self.process is not None
        async with asyncio.timeout(timeout):
            return await self.process.wait()

    async def stop(self, *, kill: bool = False, timeout: float = 10.0) -> int | None:
        """SIGTERM (then SIGKILL after `timeout`), or SIGKILL at once; returns the exit code."""
        if self.process is None or self.process.returncode is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            async with asyncio.timeout(timeout):
                return await self.process.wait()
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()

    async def restart(self, fake: FakeDiscord, *, kill: bool = True, timeout: float = 30.0) -> GatewaySession:
        await self.stop(kill=kill)
        return await self.start(fake, timeout=timeout)
