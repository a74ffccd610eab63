"""/timezone (a member's) and /settings timezone (a server's) accept and refuse the same names, stored the same way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.app.wiring import open_services
from bot.cogs.admin.cog import AdminCog
from bot.cogs.timezone.cog import TimezoneCog
from bot.services.errors import InvalidTimezone

NAMES = [
    ("Europe/Paris", "Europe/Paris"),
    ("europe/paris", "Europe/Paris"),
    ("  AMERICA/new_york ", "America/New_York"),
    ("america/new york", "America/New_York"),
    ("utc", "UTC"),
    ("Etc/GMT+5", "Etc/GMT+5"),
    ("Factory", None),
    ("factory", None),
    ("posixrules", None),
    ("localtime", None),
    ("right/UTC", None),
    ("posix/Europe/Paris", None),
    ("Mars/Base", None),
    ("../../etc/passwd", None),
    ("<@123> " + "x" * 4000, None),
]


class _Response:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_message(self, content: str | None = None, **_: Any) -> None:
        self.sent.append(content or "")

    async def defer(self, **_: Any) -> None:  # pragma: no cover - the work here is quick
        pass


def interaction(guild_id: int = 5, user_id: int = 77) -> Any:
    return SimpleNamespace(
        guild_id=guild_id, user=SimpleNamespace(id=user_id), permissions=discord.Permissions(manage_guild=True),
        response=_Response(),
    )


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Any]:
    services = await open_services(f"sqlite:///{tmp_path}/recall.db", {})
    yield SimpleNamespace(services=services)
    await services.close()


async def outcome(run: Any) -> str | type[InvalidTimezone]:
    try:
        await run
    except InvalidTimezone:
        return InvalidTimezone
    return "stored"


@pytest.mark.parametrize(("typed", "canonical"), NAMES, ids=[name[:20] for name, _ in NAMES])
async def test_both_commands_agree(bot: Any, typed: str, canonical: str | None) -> None:
    member_cog, admin_cog = TimezoneCog(bot), AdminCog(bot)
    member, admin = interaction(), interaction()
    member_says = await outcome(TimezoneCog.timezone.callback(member_cog, member, typed))
    admin_says = await outcome(AdminCog.settings_timezone.callback(admin_cog, admin, typed))
    assert member_says == admin_says == ("stored" if canonical else InvalidTimezone)
    if canonical:
        assert await bot.services.recall.member_timezone(77) == canonical
        assert (await bot.services.recall.guild_settings(5)).timezone == canonical
        shown = [reply.replace("\\", "") for reply in (*member.response.sent, *admin.response.sent)]
        assert len(shown) == 2 and all(canonical in reply for reply in shown)  # markdown escapes aside
    else:
        assert await bot.services.recall.member_timezone(77) is None
        assert (await bot.services.recall.guild_settings(5)).timezone == "UTC"
