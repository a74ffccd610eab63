"""End to end: how `python -m bot` starts and stops: token problems end in one line and exit 2,
commands are registered once for unchanged definitions, and SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, REPO_ROOT, BotProcess, recall_env


async def run_to_exit(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *RECALL_COMMAND, *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL,
    )
    async with asyncio.timeout(30):
        stdout, stderr = await process.communicate()
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


def base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "RECALL_"))}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["RECALL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'recall.db'}"
    env["RECALL_CONTENT_DIR"] = str(REPO_ROOT / "content")
    return env


async def test_missing_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in ((), ("run",)):
        code, stdout, stderr = await run_to_exit(base_env(tmp_path), tmp_path, *args)
        assert code == 2
        assert stdout == ""
        assert stderr.strip().count("\n") == 0, stderr
        assert "DISCORD_TOKEN" in stderr and "Traceback" not in stderr


async def test_token_from_dotenv_file_is_used(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = base_env(tmp_path)
    env["DISCORD_API_BASE"] = fake_discord.api_base
    (tmp_path / ".env").write_text(f"# local settings\nDISCORD_TOKEN='{fake_discord.token}'\n")
    bot = BotProcess(RECALL_COMMAND, env, tmp_path, name="dotenv", cwd=tmp_path)
    await bot.start(fake_discord)
    assert await bot.stop() == 0


async def test_rejected_token_is_one_line_exit_2_and_never_logged(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    wrong = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.wrong-token-with-enough-characters_1234"
    env = recall_env(fake_discord, tmp_path, token=wrong, log_level="DEBUG")
    code, stdout, stderr = await run_to_exit(env, REPO_ROOT)
    assert code == 2
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("recall: Discord rejected DISCORD_TOKEN"), stderr
    assert "Traceback" not in stderr
    assert wrong not in stderr + stdout
    assert "wrong-token" not in stderr + stdout
    env_info = recall_env(fake_discord, tmp_path, token=wrong)
    code, _, stderr_info = await run_to_exit(env_info, REPO_ROOT)
    assert code == 2 and stderr_info.strip().count("\n") == 0, stderr_info


async def test_commands_synced_once_across_two_starts(fake_discord: FakeDiscord, recall_bot_process: BotProcess) -> None:
    await recall_bot_process.start(fake_discord)
    assert await recall_bot_process.stop() == 0  # SIGTERM: a clean exit
    await recall_bot_process.start(fake_discord)
    try:
        syncs = fake_discord.store.command_syncs
        assert len(syncs) == 1, [s.guild_id for s in syncs]
        assert syncs[0].guild_id == fake_discord.guild.id
        names = sorted(c["name"] for c in syncs[0].commands)
        assert names == sorted(
            ["deck", "decks", "drill", "explain", "flashcard", "help", "leaderboard", "mydata", "quiz", "remind",
             "review", "round", "schedule", "settings", "stats", "streak", "suggest", "timezone"]
        )
        # The commands still work after the start without a sync.
        assert "Recall" in (await fake_discord.slash("help")).text()
    finally:
        await recall_bot_process.stop()
    # A different target (global commands instead of the development server) is a change: it syncs.
    recall_bot_process.env.pop("RECALL_DEV_GUILD_ID")
    await recall_bot_process.start(fake_discord)
    await recall_bot_process.stop()
    assert [s.guild_id for s in fake_discord.store.command_syncs] == [fake_discord.guild.id, None]


async def test_bad_settings_are_one_line(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    env["DISCORD_TOKEN"] = "x.y.z"
    for name, value in (("RECALL_LOG_LEVEL", "LOUD"), ("RECALL_DEV_GUILD_ID", "my-server"), ("RECALL_DATABASE_URL", "postgres://x")):
        code, _, stderr = await run_to_exit({**env, name: value}, tmp_path)
        assert code == 2, (name, stderr)
        assert stderr.strip().count("\n") == 0 and name in stderr, stderr


async def test_a_second_bot_on_the_same_database_is_refused(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    code, _, stderr = await run_to_exit(recall_bot.env, REPO_ROOT)
    assert code == 1
    assert stderr.strip().count("\n") == 0 and "a Recall bot is running on this database" in stderr, stderr
    assert recall_bot.running
    assert "Recall" in (await fake_discord.slash("help")).text()


async def test_corrupt_database_is_one_line(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = recall_env(fake_discord, tmp_path)
    (tmp_path / "recall.db").write_bytes(b"this is not a database" * 100)
    code, _, stderr = await run_to_exit(env, REPO_ROOT)
    assert code == 1
    assert stderr.strip().count("\n") == 0 and stderr.startswith("recall: "), stderr
    assert "Traceback" not in stderr
    assert fake_discord.store.command_syncs == []
