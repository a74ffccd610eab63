"""`python -m bot doctor` (full, online) logs in at the fake Discord and reports the application's intents."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import REPO_ROOT

SHAPED_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"


async def run_doctor(fake: FakeDiscord, tmp_path: Path, token: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECALL_", "DISCORD_"))}
    env.update(DISCORD_TOKEN=token, DISCORD_API_BASE=fake.api_base, RECALL_CONTENT_DIR=str(REPO_ROOT / "content"),
               RECALL_DATABASE_URL=f"sqlite:///{tmp_path}/recall.db", PYTHONDONTWRITEBYTECODE="1")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "doctor", cwd=tmp_path, env=env | {"PYTHONPATH": str(REPO_ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_online_doctor_logs_in_and_reports_intents(tmp_path: Path) -> None:
    async with FakeDiscord(token=SHAPED_TOKEN) as fake:
        code, out = await run_doctor(fake, tmp_path, SHAPED_TOKEN)
        assert code == 0, out
        assert "✓ discord login: logged in as Recall" in out
        assert "✓ intents: no privileged intents enabled" in out
        assert fake.requests("GET", r"^/users/@me$")
        assert "integrity_check ok" in out or "does not exist yet" in out


async def test_a_rejected_token_fails_with_a_fix(tmp_path: Path) -> None:
    async with FakeDiscord(token=SHAPED_TOKEN) as fake:
        other = SHAPED_TOKEN[:-4] + "zzzz"
        code, out = await run_doctor(fake, tmp_path, other)
        assert code == 1
        assert "✗ discord login: Discord answered 401" in out
        assert "fix: copy the token again" in out
        assert other not in out
