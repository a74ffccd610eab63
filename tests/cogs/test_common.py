"""The fast-or-deferred reply: quick work is one response; slow work defers first, then follows up."""

import asyncio
from typing import Any

import pytest

from bot.cogs import common
from bot.cogs.common import Reply, clip, escape, send


class FakeResponse:
    def __init__(self, log: list[tuple[str, dict[str, Any]]]) -> None:
        self.log = log

    async def send_message(self, **kwargs: Any) -> None:
        self.log.append(("send_message", kwargs))

    async def defer(self, **kwargs: Any) -> None:
        self.log.append(("defer", kwargs))


class FakeFollowup:
    def __init__(self, log: list[tuple[str, dict[str, Any]]]) -> None:
        self.log = log

    async def send(self, **kwargs: Any) -> None:
        self.log.append(("followup", kwargs))


class FakeInteraction:
    def __init__(self) -> None:
        self.log: list[tuple[str, dict[str, Any]]] = []
        self.response = FakeResponse(self.log)
        self.followup = FakeFollowup(self.log)


async def test_quick_work_is_one_response() -> None:
    interaction = FakeInteraction()
    await send(interaction, common.ready(Reply(content="hi")), ephemeral=True)  # type: ignore[arg-type]
    assert interaction.log == [("send_message", {"ephemeral": True, "content": "hi"})]


async def test_slow_work_is_deferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "DEFER_AFTER_SECONDS", 0.01)
    interaction = FakeInteraction()

    async def slow() -> Reply:
        await asyncio.sleep(0.05)
        return Reply(content="done")

    await send(interaction, slow(), ephemeral=False)  # type: ignore[arg-type]
    assert [name for name, _ in interaction.log] == ["defer", "followup"]
    assert interaction.log[0][1] == {"ephemeral": False, "thinking": True}
    assert interaction.log[1][1]["content"] == "done"


def test_reply_kwargs_for_edits_clear_what_is_not_given() -> None:
    assert Reply(content="x").kwargs(editing=True) == {"content": "x", "embed": None, "view": None}
    assert Reply(content="x").kwargs() == {"content": "x"}


def test_escape_and_clip() -> None:
    assert escape("**bold** @everyone") == "\\*\\*bold\\*\\* @\u200beveryone"
    assert clip("abcdef", 4) == "abc…" and clip("abc", 4) == "abc"
