"""Simulated members: inject interactions, wait until the bot answered (and the answer settled),
and hand back what the bot sent, ready for the next click."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from .gateway import Gateway
from .interaction_payloads import (
    base_interaction,
    click_data,
    command_data,
    modal_submit_data,
    snapshot,
)
from .payloads import LOADING
from .results import InteractionResult, InteractionTimeout
from .store import Channel, InteractionRecord, Store

SLASH, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5


class Driver:
    def __init__(self, store: Store, gateway: Gateway, settle_s: float = 0.05) -> None:
        self.store = store
        self.gateway = gateway
        self.settle_s = settle_s

    # low level ---------------------------------------------------------------------------------
    def register_interaction(self, payload: dict[str, Any]) -> InteractionRecord:
        """Make the interaction known to the REST side (its 3 s start now) without sending it."""
        record = InteractionRecord(payload["id"], payload["token"], payload)
        self.store.interactions[record.id] = record
        self.store.interaction_by_token[record.token] = record
        record.sent_at = time.perf_counter()
        return record

    async def send_interaction(self, payload: dict[str, Any]) -> InteractionRecord:
        """Dispatch INTERACTION_CREATE now, without waiting (the load driver uses this)."""
        record = self.register_interaction(payload)
        session = await self.gateway.dispatch("INTERACTION_CREATE", payload)
        if session is None:
            raise RuntimeError("no gateway session: the bot has not identified")
        return record

    async def wait_for(
        self, record: InteractionRecord, predicate: Callable[[], bool], timeout: float, what: str
    ) -> None:
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    record.changed.clear()
                    if predicate():
                        break
                    await record.changed.wait()
        except TimeoutError:
            raise InteractionTimeout(
                f"{what} for interaction {record.id} (type {record.type}) not seen within {timeout}s; "
                f"callback={record.callback}, rejected={record.rejected_callbacks}"
            ) from None

    async def settle(self, quiet: float | None = None, timeout: float = 2.0) -> None:
        """Wait until the bot made no REST request for `quiet` seconds: it has read our last answer
        (views are stored only then), so a click injected next finds them."""
        quiet = self.settle_s if quiet is None else quiet
        deadline = time.perf_counter() + timeout
        while True:
            idle = time.perf_counter() - self.store.last_request_at
            if idle >= quiet or time.perf_counter() >= deadline:
                return
            await asyncio.sleep(quiet - idle)

    async def run(self, payload: dict[str, Any], *, timeout: float, wait_final: bool) -> InteractionResult:
        record = await self.send_interaction(payload)
        await self.wait_for(record, lambda: record.callback is not None or record.late, timeout, "a callback")
        if record.callback is None:
            raise InteractionTimeout(
                f"the bot answered interaction {record.id} (type {record.type}) after "
                f"{record.late_attempts[0]:.2f}s: Discord rejects that with 10062 and the member sees "
                "'This interaction failed'"
            )
        if wait_final and record.callback is not None and int(record.callback["type"]) in (5, 6):
            await self.wait_for(
                record, lambda: self._finished_defer(record), timeout, "the answer after a defer"
            )
        await self.settle()
        return InteractionResult(record, self.store)

    def _finished_defer(self, record: InteractionRecord) -> bool:
        if record.webhook_writes:
            return True
        message = self.store.messages.get(record.original_message_id or "")
        return (
            message is not None
            and int((record.callback or {}).get("type", 0)) == 5
            and not message["flags"] & LOADING
        )

    # where users act ---------------------------------------------------------------------------
    def default_channel(self, user: dict[str, Any], guild_id: str | None, dm: bool) -> Channel:
        if dm:
            return self.store.dm_channel_for(user)
        guild = self.store.guilds[guild_id] if guild_id else next(iter(self.store.guilds.values()))
        return guild.text_channels()[0]

    def default_user(self, guild_id: str | None) -> dict[str, Any]:
        guild = self.store.guilds[guild_id] if guild_id else next(iter(self.store.guilds.values()))
        for member in guild.members.values():
            if member.id not in (self.store.application_id, guild.owner_id):
                return member.user
        return self.store.owner_user

    # high level --------------------------------------------------------------------------------
    def slash_payload(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: dict[str, Any] | None = None,
        channel: Channel | None = None,
        dm: bool = False,
        focused: str | None = None,
    ) -> dict[str, Any]:
        user = user or self.default_user(None)
        channel = channel or self.default_channel(user, None, dm)
        guild = self.store.guild_of_channel(channel.id)
        data = command_data(self.store, name, options or {}, guild, focused, user)
        return base_interaction(self.store, AUTOCOMPLETE if focused else SLASH, data, user, channel)

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: dict[str, Any] | None = None,
        channel: Channel | None = None,
        dm: bool = False,
        timeout: float = 5.0,
        wait_final: bool = True,
    ) -> InteractionResult:
        payload = self.slash_payload(name, options, user=user, channel=channel, dm=dm)
        return await self.run(payload, timeout=timeout, wait_final=wait_final)

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str,
        *,
        user: dict[str, Any] | None = None,
        channel: Channel | None = None,
        dm: bool = False,
        timeout: float = 5.0,
    ) -> InteractionResult:
        payload = self.slash_payload(name, options, user=user, channel=channel, dm=dm, focused=focused)
        return await self.run(payload, timeout=timeout, wait_final=False)

    def _message_of(self, target: InteractionResult | dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(target, InteractionResult):
            message = target.last_message
        elif isinstance(target, dict):
            message = self.store.messages.get(target["id"])
        else:
            message = self.store.messages.get(str(target))
        if message is None:
            raise LookupError("no such message in the fake (deleted, or never sent)")
        return message

    def click_payload(
        self,
        target: InteractionResult | dict[str, Any] | str,
        custom_id: str,
        *,
        user: dict[str, Any] | None = None,
        values: list[str] | None = None,
    ) -> dict[str, Any]:
        message = self._message_of(target)
        if isinstance(target, InteractionResult):  # the newest of its messages that carries the component
            carrying = [m for m in [target.message, *target.followups] if m is not None
                        and custom_id in target.custom_ids(m)]
            message = carrying[-1] if carrying else message
        channel = self.store.channel(message["channel_id"])
        assert channel is not None
        user = user or (channel.recipients[0] if channel.recipients else self.default_user(channel.guild_id))
        payload = base_interaction(
            self.store, COMPONENT, click_data(message, custom_id, values), user, channel
        )
        payload["message"] = snapshot(message)
        return payload

    async def click(
        self,
        target: InteractionResult | dict[str, Any] | str,
        custom_id: str,
        *,
        user: dict[str, Any] | None = None,
        values: list[str] | None = None,
        timeout: float = 5.0,
        wait_final: bool = True,
    ) -> InteractionResult:
        """Click the component `custom_id` on a message as the bot sent it (the latest version)."""
        payload = self.click_payload(target, custom_id, user=user, values=values)
        return await self.run(payload, timeout=timeout, wait_final=wait_final)

    def modal_payload(
        self, opened_by: InteractionResult, values: dict[str, Any], *, user: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        modal = opened_by.modal
        if modal is None:
            raise LookupError(
                f"interaction {opened_by.record.id} did not open a modal (callback {opened_by.callback_type})"
            )
        original = opened_by.record.payload
        channel = self.store.channel(original["channel_id"])
        assert channel is not None
        user = user or (original["member"]["user"] if "member" in original else original["user"])
        payload = base_interaction(self.store, MODAL_SUBMIT, modal_submit_data(modal, values), user, channel)
        if "message" in original:
            current = self.store.messages.get(original["message"]["id"])
            payload["message"] = snapshot(current or original["message"])
        return payload

    async def submit_modal(
        self,
        opened_by: InteractionResult,
        values: dict[str, Any],
        *,
        user: dict[str, Any] | None = None,
        timeout: float = 5.0,
        wait_final: bool = True,
    ) -> InteractionResult:
        """Submit the modal the bot opened in answer to `opened_by`, with `values` by input custom_id."""
        payload = self.modal_payload(opened_by, values, user=user)
        return await self.run(payload, timeout=timeout, wait_final=wait_final)
