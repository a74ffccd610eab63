"""The fast-or-deferred reply: quick work is one response; slow work defers first, then follows up."""

import ast
import asyncio
import inspect
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cogs import common
from bot.cogs.common import Reply, clip, escape, send, stateless_view


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


class _Dynamic(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"test:dynamic:(?P<n>[0-9]+)"):
    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label=str(n), custom_id=f"test:dynamic:{n}"))


async def test_stateless_view_is_sent_finished_so_discord_py_keeps_no_copy() -> None:
    # discord.py stores (and, for an ephemeral reply, times for 15 minutes) only views not finished;
    # a view is finishable only inside the event loop, where the bot always makes them.
    view = stateless_view(_Dynamic(1), _Dynamic(2))
    assert view.is_finished()
    assert view.timeout is None
    ids = [child["custom_id"] for row in view.to_components() for child in row["components"]]
    assert ids == ["test:dynamic:1", "test:dynamic:2"]


def test_every_view_of_the_cogs_is_made_stateless() -> None:
    # A plain `discord.ui.View(...)` elsewhere would be kept by discord.py after sending.
    root = Path(common.__file__).parent
    makers = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in {"discord.ui.View", "ui.View", "View"}:
                makers.append(f"{path.relative_to(root)}:{node.lineno}")
    assert makers == ["common.py:" + str(_line_of_view_in_stateless_view())]


def _line_of_view_in_stateless_view() -> int:
    source, start = inspect.getsourcelines(stateless_view)
    return start + next(i for i, line in enumerate(source) if "discord.ui.View(" in line)
