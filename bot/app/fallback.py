"""Routes what discord.py would otherwise drop, so no member ever sees "This interaction failed".

- Buttons: features register their `DynamicItem`s here (`add_items`), which also registers them with
  discord.py. A `recall:` custom_id that matches none of them (an old version's button), or that the
  clicked message doesn't carry, gets a polite ephemeral message at once; any other component not
  answered (nor claimed by `guarded`) after a short grace period gets it then.
- Modals: submits are routed by custom_id pattern to stateless handlers (so a form opened before a
  restart still counts), rather than to the in-memory `discord.ui.Modal` object.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord.ext import commands

from bot.app.errors import EXPIRED, report_error, send_ephemeral
from bot.i18n.voice import say, say_marked

log = logging.getLogger("recall.fallback")

PREFIX = "recall:"
GRACE_SECONDS = 2.0
CLAIMED = "recall_claimed"
ModalHandler = Callable[[discord.Interaction, "re.Match[str]", dict[str, str]], Awaitable[None]]


def modal_values(data: Any) -> dict[str, str]:
    """The text inputs of a modal submit, by custom_id (rows of inputs, or labels wrapping one)."""
    values: dict[str, str] = {}

    def visit(component: Any) -> None:
        if not isinstance(component, dict):
            return
        if "value" in component and isinstance(component.get("custom_id"), str):
            values[component["custom_id"]] = str(component["value"] or "")
        for child in component.get("components") or []:
            visit(child)
        if isinstance(component.get("component"), dict):
            visit(component["component"])

    for row in (data or {}).get("components") or []:
        visit(row)
    return values


def message_has_component(message: discord.Message | None, custom_id: str) -> bool:
    if message is None:
        return False
    pending: list[Any] = list(message.components)
    while pending:
        component = pending.pop()
        if getattr(component, "custom_id", None) == custom_id:
            return True
        pending.extend(getattr(component, "children", None) or [])
    return False


class FallbackRouter:
    def __init__(self) -> None:
        self._item_patterns: list[re.Pattern[str]] = []
        self._modals: list[tuple[re.Pattern[str], ModalHandler]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def add_items(self, bot: discord.Client, *items: type[discord.ui.DynamicItem[Any]]) -> None:
        bot.add_dynamic_items(*items)
        self._item_patterns.extend(item.__discord_ui_compiled_template__ for item in items)

    def add_modal(self, template: str, handler: ModalHandler) -> None:
        self._modals.append((re.compile(template), handler))

    def watch(self, bot: commands.Bot) -> None:
        bot.add_listener(self.on_interaction, "on_interaction")

    def handles_component(self, custom_id: str) -> bool:
        return any(pattern.fullmatch(custom_id) for pattern in self._item_patterns)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is discord.InteractionType.component:
            if self.handles_component(custom_id):
                # discord.py drops a click silently when the clicked message doesn't carry the item.
                if not message_has_component(interaction.message, custom_id):
                    await send_ephemeral(interaction, say_marked(EXPIRED))
                return
            if custom_id.startswith(PREFIX):
                await send_ephemeral(interaction, say_marked(EXPIRED))
            else:
                self._later(interaction)
        elif interaction.type is discord.InteractionType.modal_submit:
            for pattern, handler in self._modals:
                match = pattern.fullmatch(custom_id)
                if match:
                    interaction.extras[CLAIMED] = True
                    try:
                        await handler(interaction, match, modal_values(data))
                    except Exception as error:
                        await report_error(interaction, error, f"form {custom_id[:40]}")
                    return
            if custom_id.startswith(PREFIX):
                await send_ephemeral(interaction, say("This form is no longer active. Click the button again."))
            else:
                self._later(interaction)

    def _later(self, interaction: discord.Interaction) -> None:
        loop = asyncio.get_running_loop()
        loop.call_later(GRACE_SECONDS, self._check_answered, interaction)

    def _check_answered(self, interaction: discord.Interaction) -> None:
        if interaction.extras.get(CLAIMED) or interaction.response.is_done():
            return
        task = asyncio.get_running_loop().create_task(self._answer_unclaimed(interaction))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer_unclaimed(self, interaction: discord.Interaction) -> None:
        log.info("answering an interaction nobody handled")
        await send_ephemeral(interaction, say_marked(EXPIRED))


async def guarded(interaction: discord.Interaction, work: Callable[[], Awaitable[None]], where: str) -> None:
    """Run a button's work under the error layer (discord.py would only log a failure).

    It also claims the interaction, so the router's safety net leaves it alone even while a slow
    answer is still being retried."""
    interaction.extras[CLAIMED] = True
    try:
        await work()
    except Exception as error:
        await report_error(interaction, error, where)
